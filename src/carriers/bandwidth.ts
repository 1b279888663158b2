import { API_USER_RETIRED } from "../rules/carrier-errors";
import * as z from "../zod";
import { bandwidthFetch } from "./bandwidth-token";
import type { Carrier, CarrierEnv, FailureKind, OutgoingText, SendResult } from "./types";

/**
 * What a number saved with an API user's username and password hears: Bandwidth stopped accepting
 * them, and nothing is sent with them.
 */
export const BANDWIDTH_API_USER_RETIRED =
  "Bandwidth stopped accepting API users (username and password) on 2 December 2026: enter an API credential's client ID and secret (Bandwidth App → Account → API Credentials)";

/** What the application's callback credentials are set to: Bandwidth sends them as HTTP Basic on every callback. */
const callbackFields = {
  callbackUsername: z.string().check(z.minLength(1, "callbackUsername is required"), z.maxLength(200), z.regex(/^[^:]*$/, "callbackUsername cannot contain a colon")),
  callbackPassword: z.string().check(z.minLength(12, "callbackPassword must be at least 12 characters: it is all that authenticates Bandwidth's callbacks"), z.maxLength(200)),
};

export const bandwidthCredentialsSchema = z.object({
  accountId: z.string().check(z.regex(/^\d{4,12}$/, "accountId must be the Bandwidth account number (digits)")),
  applicationId: z.string().check(z.regex(/^[0-9a-fA-F-]{36}$/, "applicationId must be the application's id (a UUID)")),
  /** An API credential's (Account → API Credentials): exchanged for the bearer token every API takes. */
  clientId: z.string().check(z.minLength(1, "clientId is required"), z.maxLength(200), z.regex(/^[^:]*$/, "clientId cannot contain a colon")),
  clientSecret: z.string().check(z.minLength(1, "clientSecret is required"), z.maxLength(500)),
  ...callbackFields,
  /** An API user's, as numbers were saved before: refused in words, not dropped without a word. */
  username: z.optional(z.never(BANDWIDTH_API_USER_RETIRED)),
  password: z.optional(z.never(BANDWIDTH_API_USER_RETIRED)),
});
export type BandwidthCredentials = z.infer<typeof bandwidthCredentialsSchema>;

/** The callback credentials alone: a number saved with an API user still has them, and its callbacks still come. */
export const bandwidthCallbackSchema = z.object(callbackFields);
export type BandwidthCallbackCredentials = z.infer<typeof bandwidthCallbackSchema>;

/**
 * Whether stored credentials are an API user's (`username`, `password`) rather than an API
 * credential's: saved before Bandwidth retired API users, and now refused by every Bandwidth API.
 *
 * @example isBandwidthApiUser({ accountId: "9900000", username: "api", password: "…" }) // true
 */
export function isBandwidthApiUser(stored: unknown): boolean {
  if (typeof stored !== "object" || stored === null) return false;
  const s = stored as Record<string, unknown>;
  return s.clientId === undefined && (typeof s.username === "string" || typeof s.password === "string");
}

/**
 * Bandwidth's message error codes (`errorCode` of a `message-failed` callback, 4xxx client, 5xxx
 * server, 9xxx unknown) are stored with this prefix, like Plivo's, so no carrier's code is read as
 * another's (rules/delivery.ts reads them): `bandwidth-4775` is its opt-out.
 *
 * @example bandwidthErrorCode(4775) // "bandwidth-4775"
 */
export function bandwidthErrorCode(code: number | string): string {
  return `bandwidth-${code}`;
}

/**
 * Classify a failed send. The create-message API answers errors with an HTTP status and a `type`
 * (`request-validation`, `unauthorized`, `max-message-queue-size-exceeded`…); whether the recipient
 * opted out comes later, as a `message-failed` callback.
 *
 * @example classifyBandwidthError(429) // "retry"
 */
export function classifyBandwidthError(httpStatus: number): FailureKind {
  if (httpStatus === 429 || httpStatus >= 500) return "retry";
  return "permanent";
}

const SEND_TIMEOUT_MS = 10_000;

/**
 * The body of `POST /api/v2/users/{accountId}/messages` (bandwidth.yml's `messageRequest`). Delivery
 * reports go to the messaging application's callback URL; a message cannot name its own.
 */
export function bandwidthMessageRequest(creds: BandwidthCredentials, text: OutgoingText) {
  return { applicationId: creds.applicationId, to: [text.to], from: text.from, text: text.body };
}

/** Send through Bandwidth's Messaging API v2 (JSON, bearer token). Not idempotent, like Twilio's create. */
export async function sendBandwidthText(env: Pick<CarrierEnv, "BANDWIDTH_API_BASE" | "BANDWIDTH_TOKEN_URL">, creds: BandwidthCredentials, text: OutgoingText): Promise<SendResult> {
  let res: Response;
  try {
    res = await bandwidthFetch(env.BANDWIDTH_TOKEN_URL, creds, `${env.BANDWIDTH_API_BASE.replace(/\/$/, "")}/api/v2/users/${creds.accountId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", accept: "application/json" },
      body: JSON.stringify(bandwidthMessageRequest(creds, text)),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (e) {
    const timeout = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    return { ok: false, kind: "retry", code: timeout ? "timeout" : "network", message: String(e) };
  }
  const payload = (await res.json().catch(() => ({}))) as { id?: unknown; type?: unknown; description?: unknown };
  if (res.ok && typeof payload.id === "string") return { ok: true, carrierMessageId: payload.id, status: "queued" };
  const retryAfter = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    kind: classifyBandwidthError(res.status),
    code: `http_${res.status}`,
    message: [payload.type, payload.description].filter((s) => typeof s === "string").join(": ").slice(0, 300) || `HTTP ${res.status}`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

export const bandwidthCarrier: Carrier<BandwidthCredentials> = {
  name: "bandwidth",
  credentialsSchema: bandwidthCredentialsSchema,
  refuseStored: (stored) => (isBandwidthApiUser(stored) ? { ok: false, kind: "permanent", code: API_USER_RETIRED, message: BANDWIDTH_API_USER_RETIRED } : null),
  sendText: (env, creds, text) => sendBandwidthText(env, creds, text),
};

/** A messaging callback's `type` as the status rules/delivery.ts ranks, or null when it reports none. */
const MESSAGE_STATUS: Record<string, string> = {
  "message-sending": "sending",
  "message-sent": "sent",
  "message-delivered": "delivered",
  "message-failed": "failed",
  "message-read": "read",
};

/** @example bandwidthMessageStatus("message-delivered") // "delivered" */
export function bandwidthMessageStatus(type: string): string | null {
  return MESSAGE_STATUS[type] ?? null;
}
