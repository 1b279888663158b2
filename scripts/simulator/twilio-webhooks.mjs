// @ts-check
/** Twilio's ids and accounts, and its side of a call or text to a business number: the webhooks it posts to the worker. */
import { randomBytes } from "node:crypto";
import { signedTwilioForm } from "../lib/twilio-sign.mjs";
import { isCallOutcome, OUTCOME_HINT } from "./calls.mjs";
import { DEMO_ACCOUNT } from "./demo.mjs";
import { segmentCount } from "./encoding.mjs";
import { postWebhook, workerEndpoint } from "./http.mjs";

/** @import { CallOutcome, CallResult, SimAccount, WebhookResult } from "./types.mjs" */

export const API_VERSION = "2010-04-01";

/**
 * A Twilio SID: two-letter prefix then 32 lowercase hex digits.
 *
 * @param {string} prefix
 * @returns {string}
 */
export function twilioSid(prefix) {
  return prefix + randomBytes(16).toString("hex");
}

/**
 * A fresh account, as a Twilio subaccount has: its own SID and auth token.
 *
 * @returns {SimAccount}
 */
export function newTwilioAccount() {
  return { accountSid: twilioSid("AC"), authToken: randomBytes(16).toString("hex") };
}

/**
 * POST a form signed like Twilio, with the headers Twilio adds.
 *
 * @param {string} name
 * @param {string} url
 * @param {Record<string, string>} params
 * @param {string} authToken
 * @returns {Promise<WebhookResult>}
 */
export function twilioPost(name, url, params, authToken) {
  const { headers, body } = signedTwilioForm(authToken, url, params);
  return postWebhook(
    name,
    url,
    { ...headers, "i-twilio-idempotency-token": randomBytes(16).toString("hex"), "user-agent": "TwilioProxy/1.1 (textback-simulator)" },
    body,
  );
}

/**
 * The attribute of the first `<tag …>` in a TwiML document, XML entities decoded.
 *
 * @param {string} xml
 * @param {string} tag
 * @param {string} attribute
 * @returns {string | undefined}
 */
function twimlAttribute(xml, tag, attribute) {
  const element = new RegExp(`<${tag}\\b([^>]*)>`).exec(xml);
  if (!element) return undefined;
  const attr = new RegExp(`\\b${attribute}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(element[1] ?? "");
  if (!attr) return undefined;
  return (attr[2] ?? attr[3] ?? "").replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, /** @type {string} */ e) => {
    const named = /** @type {Record<string, string>} */ ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/**
 * What Twilio reports on the `<Dial action>` request for each simulated outcome.
 *
 * @param {CallOutcome} outcome
 * @returns {Record<string, string>}
 */
export function dialResult(outcome) {
  switch (outcome) {
    case "answered":
      return { CallStatus: "in-progress", DialCallStatus: "completed", DialCallDuration: "95" };
    case "voicemail": // the forwarded phone's voicemail picked up (answering-machine detection on)
      return { CallStatus: "in-progress", DialCallStatus: "completed", DialCallDuration: "30", AnsweredBy: "machine_end_beep" };
    case "short": // picked up and dropped at once
      return { CallStatus: "in-progress", DialCallStatus: "completed", DialCallDuration: "2" };
    case "canceled": // the caller hung up while it rang, so the parent call is over too
      return { CallStatus: "completed", DialCallStatus: "canceled" };
    default: // no-answer, busy, failed
      return { CallStatus: "in-progress", DialCallStatus: outcome };
  }
}

/**
 * The parameters Twilio puts on every webhook of one inbound call.
 *
 * @param {{ accountSid: string, callSid: string, from: string, to: string }} call
 * @returns {Record<string, string>}
 */
export function inboundCallParams({ accountSid, callSid, from, to }) {
  return { AccountSid: accountSid, ApiVersion: API_VERSION, CallSid: callSid, Called: to, Caller: from, Direction: "inbound", From: from, To: to };
}

/**
 * Simulate an inbound call to `to` from `from`: the voice webhook, then, if the worker answered
 * with `<Dial action=…>`, the dial-status webhook Twilio sends when the forwarded leg ends.
 *
 * @example await placeCall({ workerUrl: "http://127.0.0.1:8787", from: "+14152345678", to: "+15122345678", outcome: "no-answer" })
 * @param {{ workerUrl: string, from: string, to: string, outcome?: CallOutcome, account?: SimAccount }} call
 * @returns {Promise<Omit<CallResult, "carrier">>}
 */
export async function placeCall({ workerUrl, from, to, outcome = "no-answer", account = DEMO_ACCOUNT }) {
  if (!workerUrl) throw new Error("placeCall needs workerUrl");
  if (!isCallOutcome(outcome)) throw new Error(OUTCOME_HINT);
  const callSid = twilioSid("CA");
  const call = inboundCallParams({ accountSid: account.accountSid, callSid, from, to });
  const voiceUrl = workerEndpoint(workerUrl, "/webhooks/twilio/voice");
  const voice = await twilioPost("voice", voiceUrl, { ...call, CallStatus: "ringing" }, account.authToken);
  const webhooks = [voice];

  // Twilio only reaches the Dial action if the worker answered 200 with a <Dial> that has one.
  const action = voice.status === 200 ? twimlAttribute(voice.body, "Dial", "action") : undefined;
  if (action !== undefined) {
    const params = { ...call, ...dialResult(outcome), DialCallSid: twilioSid("CA") };
    webhooks.push(await twilioPost("dial-status", new URL(action, voiceUrl).href, params, account.authToken));
  }
  return { callSid, from, to, outcome, webhooks };
}

/**
 * Simulate an inbound text (a reply such as STOP) to the worker's SMS webhook.
 *
 * @param {{ workerUrl: string, from: string, to: string, body: string, account?: SimAccount }} sms
 * @returns {Promise<{ messageSid: string, webhooks: WebhookResult[] }>}
 */
export async function sendInboundSms({ workerUrl, from, to, body, account = DEMO_ACCOUNT }) {
  const messageSid = twilioSid("SM");
  const params = {
    AccountSid: account.accountSid,
    ApiVersion: API_VERSION,
    Body: body,
    From: from,
    MessageSid: messageSid,
    NumMedia: "0",
    NumSegments: String(segmentCount(body)),
    SmsMessageSid: messageSid,
    SmsStatus: "received",
    To: to,
  };
  const res = await twilioPost("sms", workerEndpoint(workerUrl, "/webhooks/twilio/sms"), params, account.authToken);
  return { messageSid, webhooks: [res] };
}
