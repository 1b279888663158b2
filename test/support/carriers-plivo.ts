/**
 * Plivo as the carrier tests see it: a number's credentials, its webhooks signed as Plivo signs them
 * (V3, numbers without the `+` as Plivo writes them), and its send API's answers.
 */
import { exports } from "cloudflare:workers";
import { plivoV3Signature } from "../../src/carriers/plivo-signature";
import { ORIGIN } from "./app";

/** A Plivo number's credentials, its auth token being the key its webhooks are signed with. */
export function plivoCredentials(authToken: string) {
  const authId = `MA${crypto.randomUUID().replace(/-/g, "").slice(0, 18).toUpperCase()}`;
  return { credentials: { authId, authToken }, restAuthorization: `Basic ${btoa(`${authId}:${authToken}`)}` };
}

/** `+14155550100` as Plivo writes it in webhooks: `14155550100`. */
export const plivoNumber = (e164: string) => e164.replace(/^\+/, "");

/** POST a form webhook signed with Plivo's V3 scheme by `authToken` (or unsigned with null). */
export async function plivoWebhook(path: string, params: Record<string, string>, authToken: string | null, nonce = String(Date.now()) + "0042") {
  const url = `${ORIGIN}${path}`;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (authToken !== null) {
    headers["x-plivo-signature-v3"] = await plivoV3Signature(authToken, "POST", url, nonce, params);
    headers["x-plivo-signature-v3-nonce"] = nonce;
  }
  return exports.default.fetch(url, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

export type PlivoScenario = "no-answer" | "busy" | "caller-hangup" | "answered" | "short";

/** The `<Dial action>` callback's fields for a forwarded call that ends in `scenario`. */
export const PLIVO_DIAL: Record<PlivoScenario, Record<string, string>> = {
  "no-answer": { DialStatus: "no-answer", DialHangupCause: "NO_ANSWER" },
  busy: { DialStatus: "busy", DialHangupCause: "USER_BUSY" },
  "caller-hangup": { DialStatus: "cancel", DialHangupCause: "ORIGINATOR_CANCEL" },
  answered: { DialStatus: "completed", DialHangupCause: "NORMAL_CLEARING", DialBLegDuration: "120" },
  short: { DialStatus: "completed", DialHangupCause: "NORMAL_CLEARING", DialBLegDuration: "2" },
};

/** The dial-status webhook of one call from `caller` to `e164`. */
export function plivoDialStatus(e164: string, caller: string, scenario: PlivoScenario, id: string, signWith: string) {
  const aLeg = { CallUUID: id, From: plivoNumber(caller), To: plivoNumber(e164), CallStatus: "in-progress", Direction: "inbound", DialALegUUID: id };
  const bLeg: Record<string, string> = scenario === "answered" || scenario === "short" ? { DialBLegUUID: crypto.randomUUID() } : {};
  return plivoWebhook("/webhooks/plivo/dial-status", { ...aLeg, ...bLeg, DialRingStatus: "true", ...PLIVO_DIAL[scenario] }, signWith);
}

/** A text from `from` to `e164`, as Plivo posts it to the Message URL. */
export function plivoInboundSms(e164: string, from: string, body: string, id: string, signWith: string) {
  return plivoWebhook("/webhooks/plivo/sms", { From: plivoNumber(from), To: plivoNumber(e164), Text: body, Type: "sms", MessageUUID: id }, signWith);
}

/** A delivery report for our text `id` from `e164`. */
export function plivoSmsStatus(e164: string, to: string, id: string, status: string, errorCode: string, signWith: string) {
  return plivoWebhook("/webhooks/plivo/sms-status", { MessageUUID: id, Status: status, ErrorCode: errorCode, From: plivoNumber(e164), To: plivoNumber(to) }, signWith);
}

/** What Plivo's send API answers: 202 with the new message's UUID, or an error in its own format. */
export function plivoSendAnswer(fail?: { status: number; code: string }): { id: string; response: Response } {
  const id = crypto.randomUUID();
  if (fail) return { id, response: Response.json({ api_id: crypto.randomUUID(), error: `error ${fail.code}` }, { status: fail.status }) };
  return { id, response: Response.json({ api_id: crypto.randomUUID(), message: "message(s) queued", message_uuid: [id] }, { status: 202 }) };
}
