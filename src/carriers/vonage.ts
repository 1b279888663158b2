import * as z from "../zod";
import type { Carrier, FailureKind, OutgoingText, SendResult } from "./types";
import { isPkcs8Pem, vonageApplicationToken } from "./vonage-jwt";

export { isVonageSignatureShaped, VONAGE_TOLERANCE_SECONDS, verifyVonage } from "./vonage-signature";

export const vonageCredentialsSchema = z.object({
  apiKey: z.string().check(z.regex(/^[A-Za-z0-9]{6,32}$/, "must be the account's API key (letters and digits, on the dashboard's home page)")),
  apiSecret: z.string().check(z.minLength(8, "is too short"), z.maxLength(256)),
  applicationId: z
    .string()
    .check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be the application's ID (a UUID)")),
  /** The application's private key, PKCS#8 PEM as the dashboard downloads it: signs our requests to the Messages API. */
  privateKey: z
    .string()
    .check(z.maxLength(10_000), z.refine(isPkcs8Pem, "must be the application's private key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----)")),
  /** The account's signature secret (Settings → API settings): signs Vonage's webhooks to us. */
  signatureSecret: z.string().check(z.minLength(8, "is too short"), z.maxLength(256)),
});
export type VonageCredentials = z.infer<typeof vonageCredentialsSchema>;

/**
 * Vonage writes numbers in E.164 without the `+` (`14155550100`); withheld callers come as text
 * (`Unknown`, `Restricted`) or nothing, which we store as "" like the other carriers.
 */
export function fromVonageNumber(n: string | undefined): string {
  const v = (n ?? "").trim();
  if (/^\+[1-9]\d{1,14}$/.test(v)) return v;
  return /^[1-9]\d{1,14}$/.test(v) ? `+${v}` : "";
}

export const toVonageNumber = (e164: string) => e164.replace(/^\+/, "");

/**
 * The Messages API's problem details (RFC 7807) name the error in `type`'s fragment
 * (`…/messages-olympus#1000`, `…/api-errors#unauthorized`) and sometimes in `title`.
 */
export interface VonageProblem {
  type?: string;
  title?: string | number;
  detail?: string;
}

/**
 * Vonage's code for "the recipient opted out" (the SMS API's `err-code=9`, carriers.md §5). The
 * Messages API describes the same refusal in words; both are stored as this code, so the consent
 * ledger records it whichever API reported it.
 */
export const VONAGE_OPTED_OUT = "9";

export function vonageErrorCode(problem: VonageProblem | undefined, httpStatus: number | null): string {
  const words = `${problem?.title ?? ""} ${problem?.detail ?? ""}`;
  if (/opt(ed)?[\s_-]?out/i.test(words)) return VONAGE_OPTED_OUT;
  const fragment = problem?.type?.split("#")[1];
  if (fragment && /^[\w-]{1,40}$/.test(fragment)) return fragment;
  if (typeof problem?.title === "number" || /^\d{1,5}$/.test(String(problem?.title ?? ""))) return String(problem!.title);
  return httpStatus === null ? "unknown" : `http_${httpStatus}`;
}

/** Throttled (1000), internal error (1030), communication failed (1100): the same text later may go. */
const RETRYABLE = new Set(["1000", "1030", "1100", "throttled", "rate-limit"]);

/** Transient vs permanent vs opted out, from the HTTP status and the code `vonageErrorCode` read. */
export function classifyVonageError(httpStatus: number, code: string): FailureKind {
  if (code === VONAGE_OPTED_OUT) return "opted_out";
  if (RETRYABLE.has(code) || httpStatus === 429 || httpStatus >= 500) return "retry";
  // 401/403 (credentials, a revoked or unprovisioned key), 402 (no credit), 422 (a bad number or sender).
  return "permanent";
}

/** The Messages API's statuses in our vocabulary (rules/delivery.ts orders them). */
const DELIVERY_STATUS: Record<string, string> = {
  submitted: "sent",
  delivered: "delivered",
  read: "delivered",
  rejected: "failed",
  undeliverable: "undelivered",
};

export function vonageDeliveryStatus(status: string): string {
  return DELIVERY_STATUS[status.toLowerCase()] ?? status.toLowerCase();
}

const SEND_TIMEOUT_MS = 10_000;

/**
 * `POST /v1/messages` (Messages API, SMS channel) with an application JWT, not Basic key:secret:
 * both are accepted (carriers.md §5), but the JWT names the application, so the message is the
 * application's and its status webhooks follow the application's settings (our /webhooks/vonage/status),
 * where with Basic they follow the account's. Not idempotent, like the other carriers' sends.
 */
export async function sendVonageText(apiBase: string, creds: VonageCredentials, text: OutgoingText): Promise<SendResult> {
  let token: string;
  try {
    token = await vonageApplicationToken(creds.applicationId, creds.privateKey, Math.floor(Date.now() / 1000));
  } catch {
    return { ok: false, kind: "permanent", code: "invalid_credentials", message: "the number's stored private key cannot sign" };
  }
  let res: Response;
  try {
    res = await fetch(`${apiBase.replace(/\/$/, "")}/v1/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        message_type: "text",
        channel: "sms",
        to: toVonageNumber(text.to),
        from: toVonageNumber(text.from),
        text: text.body,
        ...(text.callbackOrigin ? { webhook_url: `${text.callbackOrigin.replace(/\/$/, "")}/webhooks/vonage/status` } : {}),
      }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (e) {
    const timeout = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    return { ok: false, kind: "retry", code: timeout ? "timeout" : "network", message: String(e) };
  }
  const payload = (await res.json().catch(() => ({}))) as VonageProblem & { message_uuid?: unknown };
  if (res.ok && typeof payload.message_uuid === "string") return { ok: true, carrierMessageId: payload.message_uuid, status: "queued" };
  const code = vonageErrorCode(payload, res.status);
  const retryAfter = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    kind: classifyVonageError(res.status, code),
    code,
    message: payload.detail ?? (typeof payload.title === "string" ? payload.title : `HTTP ${res.status}`),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

export const vonageCarrier: Carrier<VonageCredentials> = {
  name: "vonage",
  credentialsSchema: vonageCredentialsSchema,
  sendText: (env, creds, text) => sendVonageText(env.VONAGE_API_BASE, creds, text),
};
