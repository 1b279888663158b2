// @ts-check
/**
 * Vonage's side of a call or text to a business number: the Voice API's answer URL and leg events,
 * and the Messages API's inbound and status callbacks, each signed as Vonage signs them
 * (`Authorization: Bearer <JWT>`, HS256 with the signature secret, `payload_hash` of the body).
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { isCallOutcome, OUTCOME_HINT } from "./calls.mjs";
import { postWebhook, workerEndpoint } from "./http.mjs";

/** @import { CallOutcome, CallResult, SimVonageApplication, SmsResult, WebhookResult } from "./types.mjs" */

const b64url = (/** @type {Buffer | string} */ v) => Buffer.from(v).toString("base64url");

/**
 * The `Authorization` header of a signed webhook with `body`.
 *
 * @param {SimVonageApplication} app
 * @param {string} body
 */
export function vonageSignedAuthorization(app, body) {
  const claims = {
    iat: Math.floor(Date.now() / 1000),
    jti: randomUUID(),
    iss: "Vonage",
    payload_hash: createHash("sha256").update(body).digest("hex"),
    api_key: app.apiKey,
    application_id: app.applicationId,
  };
  const input = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  return `Bearer ${input}.${createHmac("sha256", app.signatureSecret).update(input).digest("base64url")}`;
}

/**
 * POST `payload` as JSON, signed.
 *
 * @param {string} name
 * @param {string} url
 * @param {SimVonageApplication} app
 * @param {object} payload
 * @returns {Promise<WebhookResult>}
 */
export function vonagePost(name, url, app, payload) {
  const body = JSON.stringify(payload);
  return postWebhook(name, url, { "content-type": "application/json", authorization: vonageSignedAuthorization(app, body), "user-agent": "Vonage (textback-simulator)" }, body);
}

const digits = (/** @type {string} */ e164) => e164.replace(/^\+/, "");

/** The forwarded leg's events for each outcome (a connect with machineDetection reports `machine`). */
const LEG_EVENTS = /** @type {Record<CallOutcome, Array<{ status: string, duration?: string }>>} */ ({
  "no-answer": [{ status: "started" }, { status: "ringing" }, { status: "timeout" }],
  busy: [{ status: "started" }, { status: "busy" }],
  failed: [{ status: "started" }, { status: "failed" }],
  canceled: [{ status: "started" }, { status: "ringing" }, { status: "cancelled" }],
  answered: [{ status: "ringing" }, { status: "answered" }, { status: "completed", duration: "95" }],
  voicemail: [{ status: "ringing" }, { status: "answered" }, { status: "machine" }, { status: "completed", duration: "30" }],
  short: [{ status: "ringing" }, { status: "answered" }, { status: "completed", duration: "2" }],
});

/**
 * Simulate an inbound call to a Vonage number: the answer URL (POST, JSON); if its NCCO connects
 * the call to a phone, that leg's events go to the connect's event URL, ending as `outcome` says;
 * otherwise the caller's own leg ends that way on the application's event URL.
 *
 * @param {{ workerUrl: string, from: string, to: string, outcome?: CallOutcome, app: SimVonageApplication }} call
 * @returns {Promise<CallResult>}
 */
export async function placeVonageCall({ workerUrl, from, to, outcome = "no-answer", app }) {
  if (!isCallOutcome(outcome)) throw new Error(OUTCOME_HINT);
  const uuid = randomUUID();
  const conversation = `CON-${randomUUID()}`;
  const answer = await vonagePost("answer", workerEndpoint(workerUrl, "/webhooks/vonage/answer"), app, {
    uuid,
    conversation_uuid: conversation,
    from: digits(from),
    to: digits(to),
    region_url: "https://api-us-3.vonage.com",
  });
  const webhooks = [answer];
  if (answer.status !== 200) return { carrier: "vonage", callSid: uuid, from, to, outcome, webhooks };
  /** @type {Array<{ action?: string, eventUrl?: string[], endpoint?: Array<{ number?: string }>, from?: string }>} */
  let ncco = [];
  try {
    ncco = JSON.parse(answer.body);
  } catch {
    // not an NCCO: Vonage would hang up; the caller's leg ends below
  }
  const connect = ncco.find((a) => a.action === "connect");
  const eventUrl = connect?.eventUrl?.[0];
  const leg = connect
    ? { uuid: randomUUID(), conversation_uuid: conversation, from: connect.from ?? digits(to), to: connect.endpoint?.[0]?.number ?? "", direction: "outbound" }
    : { uuid, conversation_uuid: conversation, from: digits(from), to: digits(to), direction: "inbound" };
  const url = eventUrl ?? workerEndpoint(workerUrl, "/webhooks/vonage/event");
  for (const event of LEG_EVENTS[outcome]) {
    webhooks.push(await vonagePost(event.status, url, app, { ...leg, ...event, timestamp: new Date().toISOString() }));
  }
  return { carrier: "vonage", callSid: uuid, from, to, outcome, webhooks };
}

/**
 * Simulate an inbound text to a Vonage number: the Messages API's inbound callback.
 *
 * @param {{ workerUrl: string, from: string, to: string, body: string, app: SimVonageApplication }} sms
 * @returns {Promise<SmsResult>}
 */
export async function sendInboundVonageSms({ workerUrl, from, to, body, app }) {
  const id = randomUUID();
  const payload = {
    channel: "sms",
    message_type: "text",
    message_uuid: id,
    to: digits(to),
    from: digits(from),
    text: body,
    timestamp: new Date().toISOString(),
    sms: { num_messages: "1", keyword: body.trim().split(/\s+/)[0]?.toUpperCase() ?? "" },
  };
  const res = await vonagePost("sms", workerEndpoint(workerUrl, "/webhooks/vonage/inbound"), app, payload);
  return { carrier: "vonage", messageSid: id, webhooks: [res] };
}
