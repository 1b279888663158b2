import * as z from "../zod";
import type { Carrier, FailureKind, OutgoingText, SendResult } from "./types";

/**
 * A SharedKey of Twilio's Webhooks configuration API: webhooks a Webhook Setting signs with it say
 * `key=<id>` in `X-Twilio-Webhooks-Signature-Settings` and are signed with its secret.
 */
const sharedKeySchema = z.strictObject({
  // Letters, digits, _ and -: it is read out of a comma-separated header.
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, "must be the SharedKey's id (key= in X-Twilio-Webhooks-Signature-Settings), like webhooks_sharedkey_…")),
  secret: z.string().check(z.minLength(8, "is too short: the secret Twilio answered when the SharedKey was created"), z.maxLength(512)),
});

export const twilioCredentialsSchema = z.object({
  accountSid: z.string().check(z.regex(/^AC[0-9a-zA-Z]{32}$/, "must look like AC followed by 32 characters")),
  authToken: z.string().check(z.minLength(8, "is too short")),
  /** Optional: the SharedKeys the number's webhooks may be signed with; two while one replaces the other. */
  sharedKeys: z.optional(
    z.array(sharedKeySchema).check(
      z.maxLength(5),
      z.refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, "each SharedKey id may be given once"),
    ),
  ),
});
export type TwilioCredentials = z.infer<typeof twilioCredentialsSchema>;

/** What verifying a webhook needs: the auth token and the SharedKeys, whatever else the stored credentials hold. */
export const twilioWebhookKeysSchema = z.pick(twilioCredentialsSchema, { authToken: true, sharedKeys: true });

export type { FailureKind, OutgoingText, SendResult } from "./types";

/** Twilio REST error codes that will fail the same way on every retry (carriers.md §1.10). */
const PERMANENT = new Set([
  "21211", // invalid To
  "21408", // region not enabled (geo permissions)
  "21612", // To not reachable / To-From pair impossible
  "21614", // To is not a mobile number
  "21635", // To is a landline
  "21606", // From is not SMS-capable for this account
  "21661",
  "21608", // trial account, unverified To
  "21617", // body over 1600 characters
  "21602", // body required
  "21603", // From required
  "21604", // To required
  "20003", // authentication failed: configuration, not transient
  "20404", // account or resource not found
]);
const RETRYABLE = new Set(["20429", "21611", "20500", "20503"]);
const OPTED_OUT = "21610";

/**
 * Classify a failed create-message response.
 *
 * @example classifyTwilioError(400, "21610") // "opted_out"
 */
export function classifyTwilioError(httpStatus: number, code: string | undefined): FailureKind {
  if (code === OPTED_OUT) return "opted_out";
  if (code && RETRYABLE.has(code)) return "retry";
  if (code && PERMANENT.has(code)) return "permanent";
  if (httpStatus === 429 || httpStatus >= 500) return "retry";
  if (httpStatus === 401 || httpStatus === 403) return "permanent";
  return "permanent";
}

const SEND_TIMEOUT_MS = 10_000;

/**
 * Create a message through Twilio's REST API. Network errors and timeouts come back as `retry`:
 * Twilio has no idempotency key for creates, so a retry after a lost response can duplicate (§1.9);
 * we accept that rare case rather than lose the text.
 */
export async function sendTwilioText(
  apiBase: string,
  creds: TwilioCredentials,
  text: OutgoingText,
): Promise<SendResult> {
  return sendTwilioCompatibleText(`${apiBase.replace(/\/$/, "")}/2010-04-01/Accounts/${creds.accountSid}/Messages.json`, creds.accountSid, creds.authToken, text);
}

/**
 * The Messages.json create call shared by Twilio and the APIs that copy it (SignalWire's LaML).
 */
export async function sendTwilioCompatibleText(
  endpoint: string,
  username: string,
  password: string,
  text: OutgoingText,
): Promise<SendResult> {
  const form = new URLSearchParams({ To: text.to, From: text.from, Body: text.body });
  if (text.callbackOrigin) form.set("StatusCallback", `${text.callbackOrigin.replace(/\/$/, "")}/webhooks/twilio/sms-status`);
  let res: Response;
  try {
    res = await fetch(
      endpoint,
      {
        method: "POST",
        headers: {
          authorization: `Basic ${btoa(`${username}:${password}`)}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      },
    );
  } catch (e) {
    const timeout = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    return { ok: false, kind: "retry", code: timeout ? "timeout" : "network", message: String(e) };
  }
  const payload = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok && typeof payload.sid === "string") {
    return { ok: true, carrierMessageId: payload.sid, status: String(payload.status ?? "queued") };
  }
  const code = payload.code !== undefined ? String(payload.code) : `http_${res.status}`;
  const retryAfter = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    kind: classifyTwilioError(res.status, payload.code !== undefined ? code : undefined),
    code,
    message: typeof payload.message === "string" ? payload.message : `HTTP ${res.status}`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

export const twilioCarrier: Carrier<TwilioCredentials> = {
  name: "twilio",
  credentialsSchema: twilioCredentialsSchema,
  sendText: (env, creds, text) => sendTwilioText(env.TWILIO_API_BASE, creds, text),
};
