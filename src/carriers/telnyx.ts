import * as z from "../zod";
import type { Carrier, FailureKind, OutgoingText, SendResult } from "./types";
import type { Greeting } from "../rules/greeting";

export { isTelnyxSignatureShaped, TELNYX_TOLERANCE_SECONDS, verifyTelnyx } from "./telnyx-signature";

export const telnyxCredentialsSchema = z.object({
  apiKey: z.string().check(z.minLength(8, "is too short")),
  /** The account's Ed25519 public key (base64 of 32 bytes), from Mission Control: it signs webhooks. */
  publicKey: z
    .string()
    .check(z.regex(/^[A-Za-z0-9+/]{43}=$/, "must be the base64 Ed25519 public key (44 characters)")),
  messagingProfileId: z.optional(z.string().check(z.minLength(1))),
});
export type TelnyxCredentials = z.infer<typeof telnyxCredentialsSchema>;

/** Error codes (carriers.md §2.3) that say the recipient opted out or the request can never succeed. */
const OPTED_OUT = new Set(["40300"]);
const PERMANENT = new Set(["40310", "40001", "40003", "40008", "40009", "10015", "40305", "40306", "40013"]);
const RETRYABLE = new Set(["10011", "40002", "40006", "40011", "40318"]);

export function classifyTelnyxError(httpStatus: number, code: string | undefined): FailureKind {
  if (code && OPTED_OUT.has(code)) return "opted_out";
  if (code && RETRYABLE.has(code)) return "retry";
  if (code && PERMANENT.has(code)) return "permanent";
  if (httpStatus === 429 || httpStatus >= 500) return "retry";
  return "permanent";
}

const SEND_TIMEOUT_MS = 10_000;

/** `POST /v2/messages`. Not idempotent (no Idempotency-Key on this endpoint), like Twilio's create. */
export async function sendTelnyxText(apiBase: string, creds: TelnyxCredentials, text: OutgoingText): Promise<SendResult> {
  let res: Response;
  try {
    res = await fetch(`${apiBase.replace(/\/$/, "")}/v2/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${creds.apiKey}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        from: text.from,
        to: text.to,
        text: text.body,
        ...(text.callbackOrigin ? { webhook_url: `${text.callbackOrigin.replace(/\/$/, "")}/webhooks/telnyx` } : {}),
        ...(creds.messagingProfileId ? { messaging_profile_id: creds.messagingProfileId } : {}),
      }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (e) {
    const timeout = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    return { ok: false, kind: "retry", code: timeout ? "timeout" : "network", message: String(e) };
  }
  const payload = (await res.json().catch(() => ({}))) as {
    data?: { id?: string; to?: { status?: string }[] };
    errors?: { code?: string | number; title?: string; detail?: string }[];
  };
  if (res.ok && typeof payload.data?.id === "string") {
    return { ok: true, carrierMessageId: payload.data.id, status: payload.data.to?.[0]?.status ?? "queued" };
  }
  const err = payload.errors?.[0];
  const code = err?.code !== undefined ? String(err.code) : `http_${res.status}`;
  const retryAfter = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    kind: classifyTelnyxError(res.status, err?.code !== undefined ? code : undefined),
    code,
    message: err?.detail ?? err?.title ?? `HTTP ${res.status}`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

export const telnyxCarrier: Carrier<TelnyxCredentials> = {
  name: "telnyx",
  credentialsSchema: telnyxCredentialsSchema,
  sendText: (env, creds, text) => sendTelnyxText(env.TELNYX_API_BASE, creds, text),
};

/** One Call Control command on a call; `command_id` makes Telnyx ignore our own repeat when it redelivers an event. */
async function callAction(apiBase: string, creds: TelnyxCredentials, callControlId: string, action: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${apiBase.replace(/\/$/, "")}/v2/calls/${encodeURIComponent(callControlId)}/actions/${action}`, {
    method: "POST",
    headers: { authorization: `Bearer ${creds.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ ...body, command_id: `${action}-${callControlId}` }),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  // Telnyx answers 422 "call has already ended" when the caller hung up first: nothing left to do.
  if (!res.ok && res.status !== 422) throw new Error(`Telnyx ${action} failed: HTTP ${res.status}`);
}

/** What we carry on a call's legs in `client_state`: the business number, and what we greet it with when we answer it ourselves. */
export interface TelnyxCallState {
  n: string;
  greet?: Greeting;
}

export function encodeCallState(state: TelnyxCallState): string {
  return btoa(JSON.stringify(state));
}

/**
 * Forward an incoming call to the business phone (`actions/transfer`). `client_state` carries the
 * business number onto the new leg, whose own events are addressed to the forward-to phone.
 */
export function transferTelnyxCall(
  apiBase: string,
  creds: TelnyxCredentials,
  args: { callControlId: string; to: string; from: string; timeoutSecs: number; businessNumber: string },
): Promise<void> {
  return callAction(apiBase, creds, args.callControlId, "transfer", {
    to: args.to,
    from: args.from,
    timeout_secs: args.timeoutSecs,
    client_state: encodeCallState({ n: args.businessNumber }),
  });
}

/**
 * Greet a call the business's own line forwarded to us: answer, then (on `call.answered`) speak, then
 * (on `call.speak.ended`) hang up. Each step is its own command because Call Control acts on events:
 * the answer's `client_state` carries the greeting, decided before it, to the `call.answered` event.
 */
export const telnyxGreeting = {
  answer: (apiBase: string, creds: TelnyxCredentials, callControlId: string, businessNumber: string, greeting: Greeting) =>
    callAction(apiBase, creds, callControlId, "answer", { client_state: encodeCallState({ n: businessNumber, greet: greeting }) }),
  speak: (apiBase: string, creds: TelnyxCredentials, callControlId: string, text: string) =>
    callAction(apiBase, creds, callControlId, "speak", { payload: text, voice: "female", language: "en-US" }),
  hangup: (apiBase: string, creds: TelnyxCredentials, callControlId: string) => callAction(apiBase, creds, callControlId, "hangup", {}),
};

/**
 * A Call Control `hangup_cause` as a Twilio-style call status, before the call's history is taken into
 * account (see rules/outcome.ts withProgress): the caller hanging up first is "canceled", the forwarded
 * phone not picking up is "no-answer".
 */
export function telnyxHangupStatus(cause: string): string {
  switch (cause) {
    case "originator_cancel":
      return "canceled";
    case "timeout":
    case "no_answer":
      return "no-answer";
    case "user_busy":
      return "busy";
    case "normal_clearing":
    case "time_limit":
      return "completed";
    default:
      // call_rejected, not_found, unspecified: the forward could not be completed
      return "failed";
  }
}
