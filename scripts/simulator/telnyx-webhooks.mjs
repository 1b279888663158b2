// @ts-check
/**
 * Telnyx's side of a call or text to a business number: the Call Control and messaging events it
 * posts to the worker, signed with the simulator's Ed25519 key (`telnyx-timestamp`,
 * `telnyx-signature-ed25519`).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { isCallOutcome, OUTCOME_HINT } from "./calls.mjs";
import { segmentCount, textEncoding } from "./encoding.mjs";
import { postWebhook, workerEndpoint } from "./http.mjs";
import { telnyxSignature } from "./telnyx-keys.mjs";

/** @import { KeyObject } from "node:crypto" */
/** @import { CallOutcome, CallResult, SimTransfer, SmsResult, WebhookResult } from "./types.mjs" */

/**
 * What the two legs of a Telnyx call end with for one outcome: bridged and talked for `talkMs`,
 * the caller gave up after `callerGaveUpMs`, or the forwarded leg ended with `forwardCause` after
 * `afterMs` (null: when the transfer's ring timeout ran out).
 *
 * @typedef {{ bridged?: boolean, talkMs?: number, machine?: string, callerGaveUpMs?: number, forwardCause?: string, afterMs?: number | null }} CallScript
 */

/**
 * @param {CallOutcome} outcome
 * @returns {CallScript}
 */
function telnyxCallScript(outcome) {
  switch (outcome) {
    case "answered":
      return { bridged: true, talkMs: 95_000 };
    case "voicemail":
      return { bridged: true, talkMs: 30_000, machine: "machine" };
    case "short":
      return { bridged: true, talkMs: 2_000 };
    case "canceled": // the caller hung up while the forward rang
      return { callerGaveUpMs: 8_000 };
    case "busy":
      return { forwardCause: "user_busy", afterMs: 3_000 };
    case "failed":
      return { forwardCause: "call_rejected", afterMs: 1_000 };
    default: // no-answer: the transfer's timeout_secs ran out
      return { forwardCause: "timeout", afterMs: null };
  }
}

/** SIP causes Telnyx reports beside its own hangup causes. */
const SIP_HANGUP_CAUSE = /** @type {Record<string, string>} */ ({ originator_cancel: "487", user_busy: "486", timeout: "480", call_rejected: "603" });

/**
 * POST a Telnyx event envelope, signed with Ed25519 at the current time. `occurredAt` is the event's
 * time on the simulated call's clock (a call that "rang for 20 s" is not made to last 20 s).
 *
 * @param {string} url
 * @param {KeyObject} privateKey
 * @param {string} eventType
 * @param {object} payload
 * @param {number} [occurredAt]
 * @returns {Promise<WebhookResult>}
 */
export function telnyxPost(url, privateKey, eventType, payload, occurredAt = Date.now()) {
  const body = JSON.stringify({
    data: { record_type: "event", event_type: eventType, id: randomUUID(), occurred_at: new Date(occurredAt).toISOString(), payload },
    meta: { attempt: 1, delivered_to: url },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = {
    "content-type": "application/json",
    "telnyx-timestamp": timestamp,
    "telnyx-signature-ed25519": telnyxSignature(privateKey, timestamp, body),
    "user-agent": "telnyx-webhooks (textback-simulator)",
  };
  return postWebhook(eventType, url, headers, body);
}

/**
 * A Call Control leg: the ids Telnyx puts on every event of it, and its own fields.
 *
 * @typedef {{ from: string, to: string, direction: "incoming" | "outgoing", [field: string]: unknown }} LegFields
 * @typedef {LegFields & { call_control_id: string, call_leg_id: string, call_session_id: string, connection_id: string }} Leg
 */

/**
 * @param {string} session
 * @param {LegFields} fields
 * @returns {Leg}
 */
function telnyxLeg(session, fields) {
  return {
    call_control_id: `v3:${randomBytes(24).toString("base64url")}`,
    call_leg_id: randomUUID(),
    call_session_id: session,
    connection_id: "2000000000000000000",
    ...fields,
  };
}

/**
 * The events of one call, posted in order on the call's own clock.
 *
 * @param {string} url
 * @param {KeyObject} privateKey
 * @param {number} t0 when the call came in
 */
function callEvents(url, privateKey, t0) {
  /** @type {(type: string, leg: Leg, at: number, extra?: Record<string, unknown>) => Promise<WebhookResult>} */
  const post = (type, leg, at, extra = {}) => telnyxPost(url, privateKey, type, { ...leg, ...extra }, at);
  /** @type {(leg: Leg, cause: string, source: string, at: number) => Promise<WebhookResult>} */
  const hangup = (leg, cause, source, at) =>
    post("call.hangup", leg, at, {
      hangup_cause: cause,
      hangup_source: source,
      sip_hangup_cause: SIP_HANGUP_CAUSE[cause] ?? "unspecified",
      start_time: new Date(t0).toISOString(),
      end_time: new Date(at).toISOString(),
    });
  return { post, hangup };
}

/**
 * Nobody forwarded the call (a status-mode number): the caller's leg alone says how it went.
 *
 * @param {ReturnType<typeof callEvents>} events
 * @param {Leg} caller
 * @param {CallScript} script
 * @param {number} t0
 */
async function callerLegEnds({ post, hangup }, caller, script, t0) {
  if (script.bridged) {
    return [await post("call.answered", caller, t0 + 2_000), await hangup(caller, "normal_clearing", "caller", t0 + 2_000 + (script.talkMs ?? 0))];
  }
  if (script.callerGaveUpMs) return [await hangup(caller, "originator_cancel", "caller", t0 + script.callerGaveUpMs)];
  return [await hangup(caller, script.forwardCause ?? "timeout", "callee", t0 + (script.afterMs ?? 20_000))];
}

/**
 * The transfer's new leg rings `to` from `from`, echoing `client_state` on its events; then both
 * legs end as `script` says.
 *
 * @param {ReturnType<typeof callEvents>} events
 * @param {Leg} caller
 * @param {SimTransfer} transfer
 * @param {CallScript} script
 * @param {number} t0
 */
async function transferredLegsEnd({ post, hangup }, caller, transfer, script, t0) {
  const forward = telnyxLeg(caller.call_session_id, {
    from: transfer.from ?? caller.from,
    to: transfer.to,
    direction: "outgoing",
    client_state: transfer.client_state ?? null,
  });
  const ring = Math.max(5, Math.min(600, Number(transfer.timeout_secs) || 30)) * 1000;
  const webhooks = [await post("call.initiated", forward, t0 + 100, { state: "bridging" })];
  if (script.bridged) {
    const answeredAt = t0 + 5_000;
    webhooks.push(await post("call.answered", forward, answeredAt));
    webhooks.push(await post("call.bridged", forward, answeredAt + 50));
    if (script.machine) webhooks.push(await post("call.machine.detection.ended", forward, answeredAt + 2_000, { result: script.machine }));
    const end = answeredAt + (script.talkMs ?? 0);
    webhooks.push(await hangup(caller, "normal_clearing", "caller", end));
    webhooks.push(await hangup(forward, "normal_clearing", "caller", end + 100));
  } else if (script.callerGaveUpMs) {
    const end = t0 + script.callerGaveUpMs;
    webhooks.push(await hangup(caller, "originator_cancel", "caller", end));
    webhooks.push(await hangup(forward, "originator_cancel", "caller", end + 100));
  } else {
    const end = t0 + (script.afterMs ?? ring);
    webhooks.push(await hangup(forward, script.forwardCause ?? "timeout", "callee", end));
    webhooks.push(await hangup(caller, "normal_clearing", "callee", end + 500));
  }
  return webhooks;
}

/**
 * Simulate an inbound call to a Telnyx number, Call Control style: `call.initiated` for the caller's
 * leg; if the worker answers it by transferring (`POST /v2/calls/:id/actions/transfer`, which
 * `transferOf` reports), the forwarded leg's events; then `call.hangup` for each leg, with the causes
 * Telnyx gives for `outcome`. Events are timed on a simulated clock through `occurred_at`.
 *
 * @param {{ workerUrl: string, from: string, to: string, outcome?: CallOutcome, privateKey: KeyObject,
 *   transferOf?: (callControlId: string) => SimTransfer | undefined }} call
 * @returns {Promise<CallResult>}
 */
export async function placeTelnyxCall({ workerUrl, from, to, outcome = "no-answer", privateKey, transferOf = () => undefined }) {
  if (!workerUrl) throw new Error("placeTelnyxCall needs workerUrl");
  if (!privateKey) throw new Error("placeTelnyxCall needs the simulator's Ed25519 privateKey");
  if (!isCallOutcome(outcome)) throw new Error(OUTCOME_HINT);
  const t0 = Date.now();
  const events = callEvents(workerEndpoint(workerUrl, "/webhooks/telnyx"), privateKey, t0);
  const caller = telnyxLeg(randomUUID(), { from, to, direction: "incoming", caller_id_name: from, client_state: null });
  const webhooks = [await events.post("call.initiated", caller, t0, { state: "parked", start_time: new Date(t0).toISOString() })];

  const transfer = transferOf(caller.call_control_id) ?? null;
  const script = telnyxCallScript(outcome);
  webhooks.push(...(transfer ? await transferredLegsEnd(events, caller, transfer, script, t0) : await callerLegEnds(events, caller, script, t0)));
  return { callSid: caller.call_session_id, carrier: "telnyx", from, to, outcome, webhooks, transfer };
}

/**
 * Simulate an inbound text to a Telnyx number: `message.received`, signed.
 *
 * @param {{ workerUrl: string, from: string, to: string, body: string, privateKey: KeyObject }} sms
 * @returns {Promise<SmsResult>}
 */
export async function sendInboundTelnyxSms({ workerUrl, from, to, body, privateKey }) {
  if (!workerUrl) throw new Error("sendInboundTelnyxSms needs workerUrl");
  if (!privateKey) throw new Error("sendInboundTelnyxSms needs the simulator's Ed25519 privateKey");
  const now = new Date();
  const payload = {
    record_type: "message",
    direction: "inbound",
    id: randomUUID(),
    type: "SMS",
    messaging_profile_id: "40000000-0000-4000-8000-00000000d3f0",
    from: { phone_number: from, carrier: "Simulated Wireless", line_type: "Wireless" },
    to: [{ phone_number: to, status: "webhook_delivered", carrier: "Telnyx", line_type: "Wireless" }],
    text: body,
    media: [],
    encoding: textEncoding(body),
    parts: segmentCount(body),
    received_at: now.toISOString(),
    // Set when the messaging profile's own keyword handling answered; the simulator's profile has none.
    autoresponse_type: null,
    errors: [],
  };
  const res = await telnyxPost(workerEndpoint(workerUrl, "/webhooks/telnyx"), privateKey, "message.received", payload, now.getTime());
  return { messageSid: payload.id, carrier: "telnyx", webhooks: [{ ...res, name: "sms" }] };
}
