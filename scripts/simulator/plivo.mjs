// @ts-check
/**
 * Plivo as the worker meets it: its send API (`POST /v1/Account/:authId/Message/`, Basic
 * `authId:authToken`, JSON, 202 `{ message_uuid: [...] }`, then `sent` and `delivered` reports to the
 * message's `url`) and its webhooks to the worker (Answer URL, `<Dial action>`, Message URL), signed
 * with V3 and written with numbers without the `+`, as Plivo writes them.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { isCallOutcome, OUTCOME_HINT } from "./calls.mjs";
import { DEMO_PLIVO_ACCOUNT } from "./demo.mjs";
import { basicAuth, delay, parseJson, postWebhook, retryAfterHeaders, sameSecret, sendJson, workerEndpoint } from "./http.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */
/** @import { CallOutcome, CallResult, SimPlivoAccount, WebhookResult } from "./types.mjs" */

export const PLIVO_SEND_PATH = /^\/v1\/Account\/([^/]+)\/Message\/$/;

const REPORT_DELAY_MS = 250;

/** `+14155550100` → `14155550100`. */
const bare = (/** @type {string} */ n) => n.replace(/^\+/, "");

/**
 * plivo-node's V3 signature of a POST to a URL without a query: URL + `?` + sorted `name+value` + `.` + nonce.
 *
 * @param {string} authToken
 * @param {string} url
 * @param {Record<string, string>} params
 * @param {string} nonce
 */
export function plivoV3(authToken, url, params, nonce) {
  const signed = `${url}?${Object.keys(params).sort().map((k) => k + params[k]).join("")}.${nonce}`;
  return createHmac("sha256", authToken).update(signed).digest("base64");
}

/**
 * POST a form to the worker signed as Plivo signs it.
 *
 * @param {string} name
 * @param {string} url
 * @param {Record<string, string>} params
 * @param {string} authToken
 * @returns {Promise<WebhookResult>}
 */
export function plivoPost(name, url, params, authToken) {
  const nonce = String(BigInt(`0x${randomBytes(8).toString("hex")}`)).padStart(20, "0");
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    "x-plivo-signature-v3": plivoV3(authToken, url, params, nonce),
    "x-plivo-signature-v3-nonce": nonce,
    "user-agent": "PlivoHTTP (textback-simulator)",
  };
  return postWebhook(name, url, headers, new URLSearchParams(params).toString());
}

/**
 * What Plivo posts to the `<Dial action>` for each simulated outcome. Plivo's `<Dial>` has no
 * answering-machine detection: a voicemail that picks up is a completed leg.
 *
 * @param {CallOutcome} outcome
 * @returns {Record<string, string>}
 */
export function plivoDialResult(outcome) {
  switch (outcome) {
    case "answered":
      return { DialStatus: "completed", DialHangupCause: "NORMAL_CLEARING", DialBLegDuration: "95" };
    case "voicemail":
      return { DialStatus: "completed", DialHangupCause: "NORMAL_CLEARING", DialBLegDuration: "30" };
    case "short":
      return { DialStatus: "completed", DialHangupCause: "NORMAL_CLEARING", DialBLegDuration: "2" };
    case "canceled":
      return { DialStatus: "cancel", DialHangupCause: "ORIGINATOR_CANCEL" };
    case "busy":
      return { DialStatus: "busy", DialHangupCause: "USER_BUSY" };
    case "failed":
      return { DialStatus: "failed", DialHangupCause: "UNALLOCATED_NUMBER" };
    default:
      return { DialStatus: "no-answer", DialHangupCause: "NO_ANSWER" };
  }
}

/**
 * An inbound call to `to`: the Answer URL, then, if the worker answered with `<Dial action=…>`, the
 * action Plivo posts when the forwarded leg ends.
 *
 * @param {{ workerUrl: string, from: string, to: string, outcome?: CallOutcome, account?: SimPlivoAccount }} call
 * @returns {Promise<CallResult>}
 */
export async function placePlivoCall({ workerUrl, from, to, outcome = "no-answer", account = DEMO_PLIVO_ACCOUNT }) {
  if (!isCallOutcome(outcome)) throw new Error(OUTCOME_HINT);
  const callUuid = randomUUID();
  const call = { CallUUID: callUuid, From: bare(from), To: bare(to), Direction: "inbound", Event: "StartApp" };
  const answerUrl = workerEndpoint(workerUrl, "/webhooks/plivo/voice");
  const voice = await plivoPost("voice", answerUrl, { ...call, CallStatus: "ringing" }, account.authToken);
  const webhooks = [voice];
  const action = voice.status === 200 ? /<Dial\b[^>]*\baction="([^"]*)"/.exec(voice.body)?.[1]?.replace(/&amp;/g, "&") : undefined;
  if (action !== undefined) {
    const params = { ...call, CallStatus: "in-progress", DialALegUUID: callUuid, DialRingStatus: "true", ...plivoDialResult(outcome) };
    webhooks.push(await plivoPost("dial-status", new URL(action, answerUrl).href, params, account.authToken));
  }
  return { carrier: "plivo", callSid: callUuid, from, to, outcome, webhooks };
}

/**
 * A text to `to` as Plivo posts it to the Message URL.
 *
 * @param {{ workerUrl: string, from: string, to: string, body: string, account?: SimPlivoAccount }} sms
 */
export async function sendInboundPlivoSms({ workerUrl, from, to, body, account = DEMO_PLIVO_ACCOUNT }) {
  const messageSid = randomUUID();
  const params = { From: bare(from), To: bare(to), Text: body, Type: "sms", MessageUUID: messageSid, TotalAmount: "0", Units: "1" };
  const res = await plivoPost("sms", workerEndpoint(workerUrl, "/webhooks/plivo/sms"), params, account.authToken);
  return { carrier: /** @type {const} */ ("plivo"), messageSid, webhooks: [res] };
}

/**
 * The send API: Basic auth matching the URL's auth ID, `src`, `dst` and `text`, scripted faults, then
 * 202 and the delivery reports.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} urlAuthId
 * @param {string} raw
 * @returns {string} the outcome, for the log line
 */
export function createPlivoMessage(ctx, req, res, urlAuthId, raw) {
  const json = /** @type {{ src?: string, dst?: string, text?: string, url?: string } | undefined} */ (parseJson(raw));
  const record = { at: new Date().toISOString(), carrier: /** @type {const} */ ("plivo"), accountSid: urlAuthId, to: json?.dst, from: json?.src, body: json?.text };
  /** @type {(status: number, payload: any, headers?: Record<string, string>) => string} */
  const answer = (status, payload, headers) => {
    ctx.store.requests.push({ ...record, status, code: status >= 400 ? status : null });
    sendJson(res, status, { api_id: randomUUID(), ...payload }, headers);
    return `${status} to=${json?.dst ?? "-"}`;
  };
  const creds = basicAuth(req.headers.authorization);
  const account = creds ? ctx.plivoAccounts.find((a) => a.authId === creds.user) : undefined;
  if (!creds || !account || !sameSecret(account.authToken, creds.password) || account.authId !== urlAuthId) {
    return answer(401, { error: "Authentication failed" });
  }
  if (!json?.src || !json.dst || typeof json.text !== "string") return answer(400, { error: "src, dst and text are required" });
  const fault = ctx.store.takeFault(json.dst);
  if (fault) return answer(fault.status, { error: fault.message ?? "Simulated failure" }, retryAfterHeaders(fault));
  const uuid = randomUUID();
  ctx.store.messages.push({ carrier: "plivo", to: json.dst, from: json.src, body: json.text, sid: uuid, accountSid: account.authId, at: record.at });
  const line = answer(202, { message: "message(s) queued", message_uuid: [uuid] });
  if (json.url) void reportDelivery(ctx, json.url, { uuid, from: json.src, to: json.dst }, account);
  return `${line} uuid=${uuid}`;
}

/**
 * @param {SimContext} ctx
 * @param {string} url
 * @param {{ uuid: string, from: string, to: string }} message
 * @param {SimPlivoAccount} account
 */
async function reportDelivery(ctx, url, message, account) {
  for (const status of ["sent", "delivered"]) {
    await delay(REPORT_DELAY_MS);
    const params = { MessageUUID: message.uuid, Status: status, ErrorCode: "", From: bare(message.from), To: bare(message.to), Units: "1" };
    const r = await plivoPost("status", url, params, account.authToken);
    ctx.say(`[sim] → plivo report ${status} ${message.uuid} ${r.status || r.error}`);
  }
}
