// @ts-check
/**
 * Bandwidth as the worker meets it: the Messaging API (`POST /api/v2/users/:accountId/messages`,
 * a bearer token from bandwidth-auth.mjs, JSON, 202 with the message, then `message-sent` and `message-delivered`
 * callbacks to the messaging application's URL) and the Voice application's callbacks (`initiate`,
 * then what the worker's BXML `<Transfer>` asks for), each with the application's Basic callback
 * credentials, as Bandwidth sends them.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { isCallOutcome, OUTCOME_HINT } from "./calls.mjs";
import { DEMO_BANDWIDTH_ACCOUNT } from "./demo.mjs";
import { bandwidthAccountOfToken } from "./bandwidth-auth.mjs";
import { delay, parseJson, postWebhook, retryAfterHeaders, sendJson, workerEndpoint } from "./http.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */
/** @import { CallOutcome, CallResult, SimBandwidthAccount, WebhookResult } from "./types.mjs" */

export const BANDWIDTH_SEND_PATH = /^\/api\/v2\/users\/([^/]+)\/messages$/;

const REPORT_DELAY_MS = 250;

/**
 * POST a JSON callback with Basic credentials.
 *
 * @param {string} name
 * @param {string} url
 * @param {unknown} body
 * @param {{ username: string, password: string }} auth
 * @returns {Promise<WebhookResult>}
 */
function bandwidthPost(name, url, body, auth) {
  const headers = { "content-type": "application/json; charset=utf-8", authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`, "user-agent": "BandwidthAPI (textback-simulator)" };
  return postWebhook(name, url, headers, JSON.stringify(body));
}

/**
 * An attribute of the first `<tag …>` in a BXML document.
 *
 * @param {string} xml
 * @param {string} tag
 * @param {string} attribute
 */
function bxmlAttribute(xml, tag, attribute) {
  const element = new RegExp(`<${tag}\\b([^>]*)>`).exec(xml)?.[1] ?? "";
  const value = new RegExp(`\\b${attribute}="([^"]*)"`).exec(element)?.[1];
  return value?.replace(/&(lt|gt|quot|apos|amp);/g, (_, e) => /** @type {Record<string, string>} */ ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e] ?? "");
}

/** What the transfer's end reports for each outcome: its cause and, when the forwarded phone picked up, the talk time. */
const TRANSFER = /** @type {Record<CallOutcome, { cause: string, talkSeconds?: number, machine?: boolean }>} */ ({
  "no-answer": { cause: "timeout" },
  busy: { cause: "busy" },
  failed: { cause: "error" },
  canceled: { cause: "cancel" },
  answered: { cause: "hangup", talkSeconds: 95 },
  short: { cause: "hangup", talkSeconds: 2 },
  voicemail: { cause: "hangup", talkSeconds: 30, machine: true },
});

/**
 * An inbound call to `to`: `initiate` to the call initiated URL, then, if the worker answered with
 * `<Transfer>`, the forwarded leg's `transferAnswer` (and machine detection) and `transferComplete`,
 * with the credentials and tag the BXML gave.
 *
 * @param {{ workerUrl: string, from: string, to: string, outcome?: CallOutcome, account?: SimBandwidthAccount }} call
 * @returns {Promise<CallResult>}
 */
export async function placeBandwidthCall({ workerUrl, from, to, outcome = "no-answer", account = DEMO_BANDWIDTH_ACCOUNT }) {
  if (!isCallOutcome(outcome)) throw new Error(OUTCOME_HINT);
  const callId = `c-${randomUUID()}`;
  const plan = TRANSFER[outcome];
  // Times in the past, so the forwarded leg's talk time ends now.
  const t0 = Date.now() - 1000 * (10 + (plan.talkSeconds ?? 0));
  const at = (/** @type {number} */ s) => new Date(t0 + s * 1000).toISOString();
  const common = { accountId: account.accountId, applicationId: account.applicationId, startTime: at(0) };
  const aLeg = { ...common, callId, from, to, direction: "inbound" };
  const cb = { username: account.callbackUsername, password: account.callbackPassword };
  const initiateUrl = workerEndpoint(workerUrl, "/webhooks/bandwidth/voice");
  const initiate = await bandwidthPost("initiate", initiateUrl, { ...aLeg, eventType: "initiate", eventTime: at(0) }, cb);
  const webhooks = [initiate];
  const completeUrl = initiate.status === 200 ? bxmlAttribute(initiate.body, "Transfer", "transferCompleteUrl") : undefined;
  if (completeUrl !== undefined) {
    const auth = { username: bxmlAttribute(initiate.body, "Transfer", "username") ?? "", password: bxmlAttribute(initiate.body, "Transfer", "password") ?? "" };
    const forwardTo = /<PhoneNumber\b[^>]*>([^<]*)<\/PhoneNumber>/.exec(initiate.body)?.[1] ?? "";
    const bLeg = { ...common, callId: `c-${randomUUID()}`, from, to: forwardTo, direction: "outbound", tag: bxmlAttribute(initiate.body, "PhoneNumber", "tag") };
    const answerUrl = bxmlAttribute(initiate.body, "PhoneNumber", "transferAnswerUrl");
    if (plan.talkSeconds !== undefined && answerUrl) {
      webhooks.push(await bandwidthPost("transferAnswer", answerUrl, { ...bLeg, eventType: "transferAnswer", eventTime: at(8), answerTime: at(8) }, auth));
      if (plan.machine) {
        const mdc = { ...bLeg, eventType: "machineDetectionComplete", eventTime: at(11), machineDetectionResult: { value: "answering-machine", duration: "PT3.1S" } };
        webhooks.push(await bandwidthPost("machineDetectionComplete", answerUrl, mdc, auth));
      }
    }
    const end = plan.talkSeconds !== undefined ? 8 + plan.talkSeconds : 10;
    webhooks.push(await bandwidthPost("transferComplete", completeUrl, { ...aLeg, eventType: "transferComplete", eventTime: at(end), cause: plan.cause, transferTo: forwardTo }, auth));
  }
  return { carrier: "bandwidth", callSid: callId, from, to, outcome, webhooks };
}

/**
 * One messaging callback event about a message.
 *
 * @param {string} type
 * @param {{ id: string, owner: string, from: string, to: string[], text: string, applicationId: string }} message
 * @param {string} to the event's `to`: our number for a text in, the recipient for a report
 */
function messageEvent(type, message, to) {
  const time = new Date().toISOString();
  return { type, time, description: type, to, message: { ...message, time, segmentCount: 1, direction: type === "message-received" ? "in" : "out" } };
}

/**
 * A text to `to`, as the messaging application posts it.
 *
 * @param {{ workerUrl: string, from: string, to: string, body: string, account?: SimBandwidthAccount }} sms
 */
export async function sendInboundBandwidthSms({ workerUrl, from, to, body, account = DEMO_BANDWIDTH_ACCOUNT }) {
  const messageSid = `${Date.now()}${randomBytes(8).toString("hex")}`;
  const event = messageEvent("message-received", { id: messageSid, owner: to, from, to: [to], text: body, applicationId: account.applicationId }, to);
  const res = await bandwidthPost("messaging", workerEndpoint(workerUrl, "/webhooks/bandwidth/messaging"), [event], { username: account.callbackUsername, password: account.callbackPassword });
  return { carrier: /** @type {const} */ ("bandwidth"), messageSid, webhooks: [res] };
}

/**
 * The Messaging API: a bearer token of the URL's account, `applicationId`, `to` (a list) and
 * `from`, scripted faults, then 202 and the delivery callbacks.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} urlAccountId
 * @param {string} raw
 * @returns {string} the outcome, for the log line
 */
export function createBandwidthMessage(ctx, req, res, urlAccountId, raw) {
  const json = /** @type {{ applicationId?: string, to?: string[], from?: string, text?: string } | undefined} */ (parseJson(raw));
  const to = Array.isArray(json?.to) ? json.to[0] : undefined;
  const record = { at: new Date().toISOString(), carrier: /** @type {const} */ ("bandwidth"), accountSid: urlAccountId, to, from: json?.from, body: json?.text };
  /** @type {(status: number, payload: any, headers?: Record<string, string>) => string} */
  const answer = (status, payload, headers) => {
    ctx.store.requests.push({ ...record, status, code: payload.type ?? null });
    sendJson(res, status, payload, headers);
    return `${status} to=${to ?? "-"}`;
  };
  const account = bandwidthAccountOfToken(ctx, req);
  if (!account || account.accountId !== urlAccountId) {
    return answer(401, { type: "unauthorized", description: "Authentication Failed" });
  }
  if (!json?.applicationId || !to || !json.from) return answer(400, { type: "request-validation", description: "applicationId, to and from are required" });
  const fault = ctx.store.takeFault(to);
  if (fault) return answer(fault.status, { type: String(fault.code ?? "simulated-failure"), description: fault.message ?? "Simulated failure" }, retryAfterHeaders(fault));
  const id = `${Date.now()}${randomBytes(8).toString("hex")}`;
  const message = { id, owner: json.from, applicationId: json.applicationId, from: json.from, to: [to], text: json.text ?? "" };
  ctx.store.messages.push({ carrier: "bandwidth", to, from: json.from, body: message.text, sid: id, accountSid: account.accountId, at: record.at });
  const line = answer(202, { ...message, time: record.at, segmentCount: 1, direction: "out" });
  if (ctx.workerUrl) void reportDelivery(ctx, workerEndpoint(ctx.workerUrl, "/webhooks/bandwidth/messaging"), message, to, account);
  return `${line} id=${id}`;
}

/**
 * @param {SimContext} ctx
 * @param {string} url
 * @param {{ id: string, owner: string, from: string, to: string[], text: string, applicationId: string }} message
 * @param {string} to
 * @param {SimBandwidthAccount} account
 */
async function reportDelivery(ctx, url, message, to, account) {
  for (const type of ["message-sent", "message-delivered"]) {
    await delay(REPORT_DELAY_MS);
    const r = await bandwidthPost("messaging", url, [messageEvent(type, message, to)], { username: account.callbackUsername, password: account.callbackPassword });
    ctx.say(`[sim] → bandwidth ${type} ${message.id} ${r.status || r.error}`);
  }
}
