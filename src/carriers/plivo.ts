import * as z from "../zod";
import type { Carrier, FailureKind, OutgoingText, SendResult } from "./types";

export { isPlivoSignatureShaped, verifyPlivo } from "./plivo-signature";

export const plivoCredentialsSchema = z.object({
  authId: z.string().check(z.regex(/^(MA|SA)[A-Z0-9]{18}$/, "must look like MA or SA followed by 18 capital letters or digits")),
  authToken: z.string().check(z.minLength(8, "is too short")),
});
export type PlivoCredentials = z.infer<typeof plivoCredentialsSchema>;

/**
 * Plivo's message error codes (delivery reports' `ErrorCode`) are small numbers that other carriers
 * use for other things, so they are stored with this prefix: `plivo-200` is Plivo's opt-out and
 * nobody else's (rules/delivery.ts reads them).
 *
 * @example plivoErrorCode("200") // "plivo-200"
 */
export function plivoErrorCode(code: string): string {
  return `plivo-${code}`;
}

/**
 * Classify a failed send. Plivo's send API answers errors with an HTTP status and words only
 * (`{ api_id, error }`): an opted-out or unreachable recipient comes back later as a delivery report
 * with an `ErrorCode`, so here only the status says anything.
 *
 * @example classifyPlivoError(429) // "retry"
 */
export function classifyPlivoError(httpStatus: number): FailureKind {
  if (httpStatus === 429 || httpStatus >= 500) return "retry";
  return "permanent";
}

const SEND_TIMEOUT_MS = 10_000;

/** `POST /v1/Account/{authId}/Message/` (JSON, Basic auth). Not idempotent, like Twilio's create. */
export async function sendPlivoText(apiBase: string, creds: PlivoCredentials, text: OutgoingText): Promise<SendResult> {
  let res: Response;
  try {
    res = await fetch(`${apiBase.replace(/\/$/, "")}/v1/Account/${creds.authId}/Message/`, {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${creds.authId}:${creds.authToken}`)}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({
        src: text.from,
        dst: text.to,
        text: text.body,
        type: "sms",
        ...(text.callbackOrigin ? { url: `${text.callbackOrigin.replace(/\/$/, "")}/webhooks/plivo/sms-status`, method: "POST" } : {}),
      }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (e) {
    const timeout = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    return { ok: false, kind: "retry", code: timeout ? "timeout" : "network", message: String(e) };
  }
  const payload = (await res.json().catch(() => ({}))) as { message_uuid?: unknown; error?: unknown };
  const id = Array.isArray(payload.message_uuid) ? payload.message_uuid[0] : undefined;
  if (res.ok && typeof id === "string") return { ok: true, carrierMessageId: id, status: "queued" };
  const retryAfter = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    kind: classifyPlivoError(res.status),
    code: `http_${res.status}`,
    message: typeof payload.error === "string" ? payload.error.slice(0, 300) : `HTTP ${res.status}`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

export const plivoCarrier: Carrier<PlivoCredentials> = {
  name: "plivo",
  credentialsSchema: plivoCredentialsSchema,
  sendText: (env, creds, text) => sendPlivoText(env.PLIVO_API_BASE, creds, text),
};
