#!/usr/bin/env node
/**
 * A local stand-in for Twilio and Telnyx, so Textback runs end to end with no account and no network.
 *
 * It plays both sides of each carrier:
 *  - Twilio: the REST API the worker calls to send texts (`POST /2010-04-01/Accounts/:sid/Messages.json`),
 *    with Basic auth, Twilio-shaped answers and errors, and scripted faults per destination; the
 *    webhooks Twilio sends when a call comes in (`/webhooks/twilio/voice`, then the `<Dial action>`),
 *    signed exactly as Twilio signs them.
 *  - Telnyx: the messaging API (`POST /v2/messages`, Bearer API key, JSON, `{errors:[…]}` on failure)
 *    and Call Control's `POST /v2/calls/:id/actions/transfer`; the Call Control and messaging events
 *    Telnyx posts to `/webhooks/telnyx` (`call.initiated` → transfer → `call.hangup`,
 *    `message.received`, `message.sent` / `message.finalized`), signed with the simulator's own
 *    Ed25519 key pair (`telnyx-timestamp`, `telnyx-signature-ed25519`). Register a Telnyx number
 *    with `sim.telnyxPublicKey` as its public key.
 *
 * Which carrier a simulated call or text goes through is chosen per business number: the numbers in
 * `telnyxNumbers` are Telnyx's, the rest Twilio's (or say `carrier` explicitly).
 *
 * Node built-ins only, bound to 127.0.0.1. Control endpoints live under `/_sim/`:
 *   GET  /_sim/messages[?to=+1…]   texts received            POST /_sim/reset     forget everything
 *   GET  /_sim/requests            every send attempt        GET  /_sim/transfers Telnyx transfers
 *   GET  /_sim/telnyx              the Telnyx public key and numbers
 *   POST /_sim/faults {to,responses:[{status,code?,message?,retryAfter?}]}   DELETE /_sim/faults[?to=]
 *   POST /_sim/call {from,to,outcome,accountSid?,carrier?}   POST /_sim/sms {from,to,body,accountSid?,carrier?}
 *   GET  /                          the texts as a page that refreshes itself
 *
 * CLI: node scripts/simulator.mjs --port 8788 --worker http://127.0.0.1:8787
 */
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The account `npm start` registers for the demo number. Local only: it is not a secret. */
export const DEMO_ACCOUNT = Object.freeze({ accountSid: "AC" + "de".repeat(16), authToken: "demo_auth_token_local_only" });

export const CALL_OUTCOMES = Object.freeze(["no-answer", "busy", "failed", "canceled", "answered", "voicemail", "short"]);

/** The second demo number `npm start` registers, on Telnyx (the first, +15122345678, is on Twilio). */
export const DEMO_TELNYX_NUMBER = "+15122345679";
/** The Telnyx account `npm start` registers for its Telnyx demo number. Local only: not a secret. */
export const DEMO_TELNYX_ACCOUNT = Object.freeze({ apiKey: "KEYdemo_telnyx_api_key_local_only", name: "telnyx-demo" });
/**
 * Seed of the Ed25519 key `npm start` signs Telnyx events with: fixed, so the public key registered
 * for the demo number on the first run still verifies on the next. Local only: not a secret.
 */
export const DEMO_TELNYX_KEY_SEED = "7e1e5ead0000000000000000000000000000000000000000000000000000d3f0";

const API_VERSION = "2010-04-01";
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const TELNYX_TRANSFER_PATH = /^\/v2\/calls\/([^/]+)\/actions\/transfer$/;
/** Twilio gives a webhook 15 s before it counts as failed (error 11200). */
const WEBHOOK_TIMEOUT_MS = 15_000;
const MAX_REQUEST_BYTES = 64 * 1024;
const STATUS_CALLBACK_DELAY_MS = 250;

// ---------------------------------------------------------------------------------------------
// Twilio-shaped values

/** A Twilio SID: two-letter prefix then 32 lowercase hex digits. */
export function twilioSid(prefix) {
  return prefix + randomBytes(16).toString("hex");
}

/**
 * X-Twilio-Signature: base64 HMAC-SHA1 keyed with the auth token over the full URL followed by
 * every `name + value`, names sorted by code unit (JS default sort, as Twilio does).
 *
 * @example twilioSignature("12345", "https://example.com/hook", { From: "+14155550100" })
 */
export function twilioSignature(authToken, url, params) {
  let data = url;
  for (const name of Object.keys(params).sort()) data += name + params[name];
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

// GSM 03.38: the basic set costs 1 septet, the extension set 2; anything else forces UCS-2.
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM_EXTENDED = new Set("^{}\\[~]|€\f");

/** Segments Twilio bills for a body: 160/153 septets in GSM-7, 70/67 UTF-16 units in UCS-2. */
export function segmentCount(body) {
  let septets = 0;
  for (const ch of body) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

function twilioError(status, code, message) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Defaults for a scripted fault that names only an HTTP status. */
const FAULT_DEFAULTS = {
  400: [21211, "The 'To' number is not a valid phone number."],
  401: [20003, "Authenticate"],
  404: [20404, "The requested resource was not found"],
  429: [20429, "Too Many Requests"],
  500: [20500, "Internal Server Error"],
  503: [20503, "Service Unavailable"],
};

function messageResource(accountSid, form, now) {
  const sid = twilioSid("SM");
  const date = now.toUTCString().replace("GMT", "+0000"); // RFC 2822, as Twilio writes it
  const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: form.Body ?? "",
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: form.From,
    messaging_service_sid: null,
    num_media: "0",
    num_segments: String(segmentCount(form.Body ?? "")),
    price: null,
    price_unit: "USD",
    sid,
    status: "queued",
    subresource_uris: { media: `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    to: form.To,
    uri,
  };
}

// ---------------------------------------------------------------------------------------------
// Telnyx-shaped values

/** DER prefixes around a raw Ed25519 key: SPKI (public, 12 bytes) and PKCS#8 (private seed, 16 bytes). */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * An Ed25519 key pair for signing Telnyx events: from a 32-byte seed (hex or bytes), or fresh.
 * `publicKeyB64` is what Telnyx shows in Mission Control: base64 of the raw 32-byte key.
 *
 * @example telnyxKeyPair().publicKeyB64 // "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=" (44 chars)
 */
export function telnyxKeyPair(seed) {
  let privateKey, publicKey;
  if (seed === undefined) {
    ({ privateKey, publicKey } = generateKeyPairSync("ed25519"));
  } else {
    const bytes = typeof seed === "string" ? Buffer.from(seed, "hex") : Buffer.from(seed);
    if (bytes.length !== 32) throw new Error("an Ed25519 seed is 32 bytes (64 hex digits)");
    privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, bytes]), format: "der", type: "pkcs8" });
    publicKey = createPublicKey(privateKey);
  }
  const spki = publicKey.export({ format: "der", type: "spki" });
  if (!spki.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) throw new Error("unexpected SPKI encoding of an Ed25519 key");
  return { privateKey, publicKeyB64: spki.subarray(12).toString("base64") };
}

/**
 * `telnyx-signature-ed25519`: base64 Ed25519 signature over `${timestamp}|${rawBody}`.
 *
 * @example telnyxSignature(keys.privateKey, "1704110400", '{"data":{}}')
 */
export function telnyxSignature(privateKey, timestamp, rawBody) {
  return sign(null, Buffer.from(`${timestamp}|${rawBody}`, "utf8"), privateKey).toString("base64");
}

/** Telnyx's error body: a list of `{code, title, detail}`, codes as strings. */
function telnyxErrors(code, title, detail) {
  return { errors: [{ code: String(code), title, ...(detail ? { detail } : {}) }] };
}

/** Defaults for a scripted fault on a Telnyx send that names only an HTTP status. */
const TELNYX_FAULT_DEFAULTS = {
  400: ["40310", "Invalid 'to' address"],
  401: ["10009", "Authentication failed"],
  403: ["10010", "Authorization failed"],
  404: ["10005", "Resource not found"],
  422: ["10015", "Bad Request"],
  429: ["10011", "Too many requests"],
  500: ["10007", "Unexpected error"],
  503: ["10007", "Unexpected error"],
};

/** Encoding Telnyx reports for a body: GSM-7 when every character fits, UCS-2 otherwise. */
function telnyxEncoding(text) {
  for (const ch of text) if (!GSM_BASIC.has(ch) && !GSM_EXTENDED.has(ch)) return "UCS-2";
  return "GSM-7";
}

/** An outbound message as Telnyx's `POST /v2/messages` returns it (and its later events carry it). */
function telnyxOutboundMessage(json, status, now) {
  const text = json.text ?? "";
  return {
    record_type: "message",
    direction: "outbound",
    id: randomUUID(),
    type: "SMS",
    messaging_profile_id: json.messaging_profile_id ?? null,
    organization_id: "00000000-0000-4000-8000-00000000d3f0",
    from: { phone_number: json.from, carrier: "Telnyx", line_type: "Wireless" },
    to: [{ phone_number: json.to, status, carrier: "Simulated Wireless", line_type: "Wireless" }],
    text,
    media: [],
    webhook_url: json.webhook_url ?? null,
    webhook_failover_url: json.webhook_failover_url ?? null,
    encoding: telnyxEncoding(text),
    parts: segmentCount(text),
    tags: [],
    cost: null,
    received_at: now.toISOString(),
    sent_at: null,
    completed_at: null,
    valid_until: new Date(now.getTime() + 4 * 3600_000).toISOString(),
    errors: [],
  };
}

/** What the two legs of a Telnyx call end with, for each simulated outcome. */
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

// ---------------------------------------------------------------------------------------------
// Outgoing webhooks (simulator → worker)

/** POST a form signed like Twilio. Returns what the worker answered; never throws for HTTP errors. */
async function signedPost(url, params, authToken) {
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioSignature(authToken, url, params),
        "i-twilio-idempotency-token": randomBytes(16).toString("hex"),
        "user-agent": "TwilioProxy/1.1 (textback-simulator)",
      },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    return { url, status: res.status, body: await res.text(), ms: Date.now() - started };
  } catch (e) {
    // Twilio logs 11200 (HTTP retrieval failure) when it cannot reach the webhook.
    return { url, status: 0, body: "", error: String(e?.cause?.message ?? e?.message ?? e), ms: Date.now() - started };
  }
}

/** The attribute of the first `<tag …>` in a TwiML document, XML entities decoded. */
function twimlAttribute(xml, tag, attribute) {
  const element = new RegExp(`<${tag}\\b([^>]*)>`).exec(xml);
  if (!element) return undefined;
  const attr = new RegExp(`\\b${attribute}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(element[1]);
  if (!attr) return undefined;
  return (attr[2] ?? attr[3]).replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e) => {
    const named = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** What Twilio reports on the `<Dial action>` request for each simulated outcome. */
function dialResult(outcome) {
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
 * Simulate an inbound call to `to` from `from`: the voice webhook, then, if the worker answered
 * with `<Dial action=…>`, the dial-status webhook Twilio sends when the forwarded leg ends.
 *
 * @example await placeCall({ workerUrl: "http://127.0.0.1:8787", from: "+14152345678", to: "+15122345678", outcome: "no-answer" })
 */
export async function placeCall({ workerUrl, from, to, outcome = "no-answer", account = DEMO_ACCOUNT }) {
  if (!workerUrl) throw new Error("placeCall needs workerUrl");
  if (!CALL_OUTCOMES.includes(outcome)) throw new Error(`outcome must be one of ${CALL_OUTCOMES.join(", ")}`);
  const callSid = twilioSid("CA");
  const call = {
    AccountSid: account.accountSid,
    ApiVersion: API_VERSION,
    CallSid: callSid,
    Called: to,
    Caller: from,
    Direction: "inbound",
    From: from,
    To: to,
  };
  const voiceUrl = `${workerUrl.replace(/\/$/, "")}/webhooks/twilio/voice`;
  const voice = await signedPost(voiceUrl, { ...call, CallStatus: "ringing" }, account.authToken);
  const webhooks = [{ name: "voice", ...voice }];

  // Twilio only reaches the Dial action if the worker answered 200 with a <Dial> that has one.
  const action = voice.status === 200 ? twimlAttribute(voice.body, "Dial", "action") : undefined;
  if (action !== undefined) {
    const params = { ...call, ...dialResult(outcome), DialCallSid: twilioSid("CA") };
    webhooks.push({ name: "dial-status", ...(await signedPost(new URL(action, voiceUrl).href, params, account.authToken)) });
  }
  return { callSid, from, to, outcome, webhooks };
}

/** Simulate an inbound text (a reply such as STOP) to the worker's SMS webhook. */
export async function sendInboundSms({ workerUrl, from, to, body, account = DEMO_ACCOUNT }) {
  const params = {
    AccountSid: account.accountSid,
    ApiVersion: API_VERSION,
    Body: body,
    From: from,
    MessageSid: twilioSid("SM"),
    NumMedia: "0",
    NumSegments: String(segmentCount(body)),
    SmsMessageSid: "",
    SmsStatus: "received",
    To: to,
  };
  params.SmsMessageSid = params.MessageSid;
  const res = await signedPost(`${workerUrl.replace(/\/$/, "")}/webhooks/twilio/sms`, params, account.authToken);
  return { messageSid: params.MessageSid, webhooks: [{ name: "sms", ...res }] };
}

/**
 * POST a Telnyx event envelope, signed with Ed25519 at the current time. `occurredAt` is the event's
 * time on the simulated call's clock (a call that "rang for 20 s" is not made to last 20 s).
 */
async function telnyxPost(url, privateKey, eventType, payload, occurredAt = Date.now()) {
  const body = JSON.stringify({
    data: { record_type: "event", event_type: eventType, id: randomUUID(), occurred_at: new Date(occurredAt).toISOString(), payload },
    meta: { attempt: 1, delivered_to: url },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "telnyx-timestamp": timestamp,
        "telnyx-signature-ed25519": telnyxSignature(privateKey, timestamp, body),
        "user-agent": "telnyx-webhooks (textback-simulator)",
      },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    return { name: eventType, url, status: res.status, body: await res.text(), ms: Date.now() - started };
  } catch (e) {
    return { name: eventType, url, status: 0, body: "", error: String(e?.cause?.message ?? e?.message ?? e), ms: Date.now() - started };
  }
}

/** A Call Control leg: the ids Telnyx puts on every event of it. */
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
 * Simulate an inbound call to a Telnyx number, Call Control style: `call.initiated` for the caller's
 * leg; if the worker answers it by transferring (`POST /v2/calls/:id/actions/transfer`, which
 * `transferOf` reports), the forwarded leg's events; then `call.hangup` for each leg, with the causes
 * Telnyx gives for `outcome`. Events are timed on a simulated clock through `occurred_at`.
 */
export async function placeTelnyxCall({ workerUrl, from, to, outcome = "no-answer", privateKey, transferOf = () => undefined }) {
  if (!workerUrl) throw new Error("placeTelnyxCall needs workerUrl");
  if (!privateKey) throw new Error("placeTelnyxCall needs the simulator's Ed25519 privateKey");
  if (!CALL_OUTCOMES.includes(outcome)) throw new Error(`outcome must be one of ${CALL_OUTCOMES.join(", ")}`);
  const url = `${workerUrl.replace(/\/$/, "")}/webhooks/telnyx`;
  const session = randomUUID();
  const t0 = Date.now();
  const caller = telnyxLeg(session, { from, to, direction: "incoming", caller_id_name: from, client_state: null });
  const post = (type, leg, at, extra = {}) => telnyxPost(url, privateKey, type, { ...leg, ...extra }, at);
  const webhooks = [await post("call.initiated", caller, t0, { state: "parked", start_time: new Date(t0).toISOString() })];

  const transfer = transferOf(caller.call_control_id);
  const script = telnyxCallScript(outcome);
  const hangup = (leg, cause, source, at) =>
    post("call.hangup", leg, at, {
      hangup_cause: cause,
      hangup_source: source,
      sip_hangup_cause: { originator_cancel: "487", user_busy: "486", timeout: "480", call_rejected: "603" }[cause] ?? "unspecified",
      start_time: new Date(t0).toISOString(),
      end_time: new Date(at).toISOString(),
    });

  if (!transfer) {
    // Nobody forwarded the call (a status-mode number): the caller's leg alone says how it went.
    if (script.bridged) {
      webhooks.push(await post("call.answered", caller, t0 + 2_000));
      webhooks.push(await hangup(caller, "normal_clearing", "caller", t0 + 2_000 + script.talkMs));
    } else if (script.callerGaveUpMs) {
      webhooks.push(await hangup(caller, "originator_cancel", "caller", t0 + script.callerGaveUpMs));
    } else {
      webhooks.push(await hangup(caller, script.forwardCause, "callee", t0 + (script.afterMs ?? 20_000)));
    }
    return { callSid: session, carrier: "telnyx", from, to, outcome, webhooks, transfer: null };
  }

  // The transfer's new leg: Telnyx dials `to` from `from`, echoing `client_state` on its events.
  const forward = telnyxLeg(session, { from: transfer.from ?? from, to: transfer.to, direction: "outgoing", client_state: transfer.client_state ?? null });
  const ring = Math.max(5, Math.min(600, Number(transfer.timeout_secs) || 30)) * 1000;
  webhooks.push(await post("call.initiated", forward, t0 + 100, { state: "bridging" }));
  if (script.bridged) {
    const answeredAt = t0 + 5_000;
    webhooks.push(await post("call.answered", forward, answeredAt));
    webhooks.push(await post("call.bridged", forward, answeredAt + 50));
    if (script.machine) {
      webhooks.push(await post("call.machine.detection.ended", forward, answeredAt + 2_000, { result: script.machine }));
    }
    const end = answeredAt + script.talkMs;
    webhooks.push(await hangup(caller, "normal_clearing", "caller", end));
    webhooks.push(await hangup(forward, "normal_clearing", "caller", end + 100));
  } else if (script.callerGaveUpMs) {
    const end = t0 + script.callerGaveUpMs;
    webhooks.push(await hangup(caller, "originator_cancel", "caller", end));
    webhooks.push(await hangup(forward, "originator_cancel", "caller", end + 100));
  } else {
    const end = t0 + (script.afterMs ?? ring);
    webhooks.push(await hangup(forward, script.forwardCause, "callee", end));
    webhooks.push(await hangup(caller, "normal_clearing", "callee", end + 500));
  }
  return { callSid: session, carrier: "telnyx", from, to, outcome, webhooks, transfer };
}

/** Simulate an inbound text to a Telnyx number: `message.received`, signed. */
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
    encoding: telnyxEncoding(body),
    parts: segmentCount(body),
    received_at: now.toISOString(),
    // Set when the messaging profile's own keyword handling answered; the simulator's profile has none.
    autoresponse_type: null,
    errors: [],
  };
  const res = await telnyxPost(`${workerUrl.replace(/\/$/, "")}/webhooks/telnyx`, privateKey, "message.received", payload, now.getTime());
  return { messageSid: payload.id, carrier: "telnyx", webhooks: [{ ...res, name: "sms" }] };
}

/** A random, valid-looking US caller: +1 415 NXX XXXX, NXX 200–899 but not N11 or 555. */
export function randomUsNumber(areaCode = "415") {
  let nxx;
  do nxx = 200 + Math.floor(Math.random() * 700);
  while (nxx % 100 === 11 || nxx === 555);
  return `+1${areaCode}${nxx}${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(Object.assign(new Error("body too large"), { status: 413 }));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res, status, value, headers = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(value, null, 2));
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw Object.assign(new Error("body must be JSON"), { status: 400 });
  }
}

function badRequest(message) {
  return Object.assign(new Error(message), { status: 400 });
}

/** Compares as fixed-length digests so neither length nor content leaks through timing. */
function sameSecret(a, b) {
  const h = (s) => createHmac("sha256", "textback-sim").update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

function basicAuth(header) {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!m) return null;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function inboxPage(messages, workerUrl) {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (m) => `<li><div class="meta">${escapeHtml(m.at)} · to <b>${escapeHtml(m.to)}</b> from ${escapeHtml(m.from)} · ${escapeHtml(m.carrier)} ${escapeHtml(m.sid)}</div>` +
        `<pre>${escapeHtml(m.body)}</pre></li>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>Textback carrier simulator</title>
<style>body{font:15px system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}
ul{list-style:none;padding:0}li{border:1px solid #ddd;border-radius:.6rem;padding:.6rem .8rem;margin:.6rem 0}
.meta{color:#666;font-size:13px}pre{white-space:pre-wrap;font:inherit;margin:.4rem 0 0}code{background:#f3f3f3;padding:0 .3rem}</style>
</head><body>
<h1>Texts received by the simulator</h1>
<p>${messages.length} text(s), newest first. Worker: <code>${escapeHtml(workerUrl ?? "not set")}</code>.
Place a missed call with <code>npm run call</code>.</p>
<ul>
${rows || "<li>No texts yet.</li>"}
</ul></body></html>`;
}

// ---------------------------------------------------------------------------------------------
// The server

/**
 * Start the simulator. `port: 0` picks a free port (tests).
 *
 * @example
 * const sim = await startSimulator({ port: 0, workerUrl: "http://127.0.0.1:8787", telnyxNumbers: ["+15122345679"] });
 * await sim.placeCall({ from: "+14152345678", to: "+15122345678", outcome: "no-answer" }); // Twilio
 * await sim.placeCall({ from: "+14152345678", to: "+15122345679" }); // Telnyx, signed with sim.telnyxPublicKey's pair
 * sim.messages; // texts the worker sent, through either
 * await sim.close();
 */
export async function startSimulator({
  port = 8788,
  host = "127.0.0.1",
  workerUrl,
  accounts = [DEMO_ACCOUNT],
  telnyxAccounts = [DEMO_TELNYX_ACCOUNT],
  telnyxNumbers = [],
  telnyxKeySeed,
  log = (line) => console.log(line),
} = {}) {
  if (accounts.length === 0) throw new Error("the simulator needs at least one account");
  const say = log || (() => {});
  const telnyxKeys = telnyxKeyPair(telnyxKeySeed);
  const telnyxNumberSet = new Set(telnyxNumbers);
  /** Accepted texts, oldest first. */
  const messages = [];
  /** Every send request (either carrier), accepted or not, for tests that count attempts. */
  const requests = [];
  /** Telnyx transfer commands, in arrival order (repeats with the same command_id included). */
  const transfers = [];
  /** Scripted answers per destination number, consumed front first, whichever carrier sends. */
  const faults = new Map();

  const accountFor = (sid) => (sid === undefined ? accounts[0] : accounts.find((a) => a.accountSid === sid));
  const carrierOf = (number, explicit) => {
    if (explicit !== undefined && explicit !== "twilio" && explicit !== "telnyx") throw badRequest("carrier must be twilio or telnyx");
    return explicit ?? (telnyxNumberSet.has(number) ? "telnyx" : "twilio");
  };

  function reset() {
    messages.length = 0;
    requests.length = 0;
    transfers.length = 0;
    faults.clear();
  }

  function setFaults(to, responses) {
    if (typeof to !== "string" || !to) throw badRequest("faults need `to`, the destination number");
    if (!Array.isArray(responses) || responses.some((r) => !Number.isInteger(r?.status) || r.status < 400 || r.status > 599)) {
      throw badRequest("`responses` must be a list of { status: 400..599, code?, message?, retryAfter? }");
    }
    faults.set(to, responses.map((r) => ({ ...r })));
  }

  function clearFaults(to) {
    if (to) faults.delete(to);
    else faults.clear();
  }

  /** The Messages API: auth, validation, scripted faults, then a 201 like Twilio's. */
  function createMessage(req, res, urlSid, raw) {
    const form = Object.fromEntries(new URLSearchParams(raw));
    const record = { at: new Date().toISOString(), carrier: "twilio", accountSid: urlSid, to: form.To, from: form.From, body: form.Body };
    const answer = (status, payload, headers) => {
      requests.push({ ...record, status, code: payload.code ?? null });
      sendJson(res, status, payload, headers);
      return `${status} to=${form.To ?? "-"}${payload.code ? ` code=${payload.code}` : ""}`;
    };

    const creds = basicAuth(req.headers.authorization);
    const account = creds && accounts.find((a) => a.accountSid === creds.user);
    if (!account || !sameSecret(account.authToken, creds.password)) {
      return answer(401, twilioError(401, 20003, "Authenticate"), { "www-authenticate": 'Basic realm="Twilio API"' });
    }
    if (account.accountSid !== urlSid) {
      return answer(404, twilioError(404, 20404, `The requested resource /${API_VERSION}/Accounts/${urlSid}/Messages.json was not found`));
    }
    if (!form.To) return answer(400, twilioError(400, 21604, "A 'To' phone number is required."));
    if (!form.From && !form.MessagingServiceSid) return answer(400, twilioError(400, 21603, "A 'From' phone number is required."));
    if (!form.Body && !form.MediaUrl) return answer(400, twilioError(400, 21602, "Message body is required."));
    if ((form.Body ?? "").length > 1600) return answer(400, twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit."));

    const fault = faults.get(form.To)?.shift();
    if (fault) {
      const [code, message] = FAULT_DEFAULTS[fault.status] ?? [fault.status * 100, "Simulated failure"];
      const headers = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
      return answer(fault.status, twilioError(fault.status, fault.code ?? code, fault.message ?? message), headers);
    }

    const resource = messageResource(account.accountSid, form, new Date());
    messages.push({ carrier: "twilio", to: form.To, from: form.From, body: form.Body, sid: resource.sid, accountSid: account.accountSid, at: record.at });
    const line = answer(201, resource);
    if (form.StatusCallback) void reportDelivery(form.StatusCallback, resource, account);
    return `${line} sid=${resource.sid}`;
  }

  /**
   * Like Twilio, follow an accepted message with `sent` then `delivered` status callbacks. Twilio's
   * arrive hundreds of ms later, after the sender has stored the SID; so do these.
   */
  async function reportDelivery(callbackUrl, resource, account) {
    for (const status of ["sent", "delivered"]) {
      await new Promise((r) => setTimeout(r, STATUS_CALLBACK_DELAY_MS));
      const params = {
        AccountSid: account.accountSid,
        ApiVersion: API_VERSION,
        From: resource.from,
        MessageSid: resource.sid,
        MessageStatus: status,
        SmsSid: resource.sid,
        SmsStatus: status,
        To: resource.to,
      };
      const r = await signedPost(callbackUrl, params, account.authToken);
      say(`[sim] → status callback ${status} ${resource.sid} ${r.status || r.error}`);
    }
  }

  /** The Telnyx account whose API key is the request's Bearer token, if any. */
  function telnyxAccountOf(req) {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    return m ? telnyxAccounts.find((a) => sameSecret(a.apiKey, m[1])) : undefined;
  }

  /** `POST /v2/messages`: auth, validation, scripted faults, then 200 `{data: message}` like Telnyx. */
  function createTelnyxMessage(req, res, raw) {
    let json;
    try {
      json = raw ? JSON.parse(raw) : {};
    } catch {
      json = undefined;
    }
    const record = { at: new Date().toISOString(), carrier: "telnyx", accountSid: "", to: json?.to, from: json?.from, body: json?.text };
    const answer = (status, payload, headers) => {
      requests.push({ ...record, status, code: payload.errors?.[0]?.code ?? null });
      sendJson(res, status, payload, headers);
      return `${status} telnyx to=${record.to ?? "-"}${payload.errors ? ` code=${payload.errors[0].code}` : ""}`;
    };

    const account = telnyxAccountOf(req);
    if (!account) {
      return answer(401, telnyxErrors("10009", "Authentication failed", "The API key is missing, invalid or revoked."), { "www-authenticate": "Bearer" });
    }
    record.accountSid = account.name ?? "telnyx";
    if (json === undefined || typeof json !== "object" || Array.isArray(json)) {
      return answer(400, telnyxErrors("10015", "Bad Request", "The request body is not valid JSON."));
    }
    if (typeof json.to !== "string" || !/^\+?[0-9]{3,15}$/.test(json.to)) {
      return answer(400, telnyxErrors("40310", "Invalid 'to' address", "The 'to' address should be in E.164 format."));
    }
    if (typeof json.from !== "string" || !json.from) {
      return answer(400, telnyxErrors("40305", "Invalid 'from' address", "A 'from' address or a messaging_profile_id is required."));
    }
    if (typeof json.text !== "string" || !json.text) return answer(400, telnyxErrors("10015", "Bad Request", "The 'text' field is required."));
    if (json.text.length > 1600) return answer(400, telnyxErrors("40009", "Invalid message body", "The text exceeds 1600 characters."));

    const fault = faults.get(json.to)?.shift();
    if (fault) {
      const [code, title] = TELNYX_FAULT_DEFAULTS[fault.status] ?? [String(fault.status * 100), "Simulated failure"];
      const headers = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
      return answer(fault.status, telnyxErrors(fault.code ?? code, title, fault.message), headers);
    }

    const message = telnyxOutboundMessage(json, "queued", new Date());
    messages.push({ carrier: "telnyx", to: json.to, from: json.from, body: json.text, sid: message.id, accountSid: record.accountSid, at: record.at });
    const line = answer(200, { data: message });
    if (typeof json.webhook_url === "string" && json.webhook_url) void reportTelnyxDelivery(json.webhook_url, message);
    return `${line} id=${message.id}`;
  }

  /** Like Telnyx, follow an accepted message with `message.sent` then `message.finalized` (delivered). */
  async function reportTelnyxDelivery(webhookUrl, message) {
    for (const [event, status] of [["message.sent", "sent"], ["message.finalized", "delivered"]]) {
      await new Promise((r) => setTimeout(r, STATUS_CALLBACK_DELAY_MS));
      const now = new Date().toISOString();
      const payload = {
        ...message,
        to: message.to.map((t) => ({ ...t, status })),
        sent_at: now,
        completed_at: status === "delivered" ? now : null,
      };
      const r = await telnyxPost(webhookUrl, telnyxKeys.privateKey, event, payload);
      say(`[sim] → telnyx ${event} ${message.id} ${r.status || r.error}`);
    }
  }

  /** Call Control `actions/transfer`: recorded for the call simulation to pick up; answers like Telnyx. */
  function transferTelnyxCall(req, res, callControlId, raw) {
    const account = telnyxAccountOf(req);
    if (!account) {
      sendJson(res, 401, telnyxErrors("10009", "Authentication failed", "The API key is missing, invalid or revoked."));
      return "401 transfer";
    }
    let json;
    try {
      json = raw ? JSON.parse(raw) : {};
    } catch {
      sendJson(res, 400, telnyxErrors("10015", "Bad Request", "The request body is not valid JSON."));
      return "400 transfer";
    }
    if (typeof json.to !== "string" || !json.to) {
      sendJson(res, 422, telnyxErrors("10015", "Bad Request", "The 'to' parameter is required."));
      return "422 transfer";
    }
    const repeat = json.command_id !== undefined && transfers.some((t) => t.callControlId === callControlId && t.command_id === json.command_id);
    transfers.push({ at: new Date().toISOString(), callControlId, account: account.name ?? "telnyx", duplicate: repeat, ...json });
    sendJson(res, 200, { data: { result: "ok" } });
    return `200 transfer to=${json.to}${repeat ? " (repeated command_id)" : ""}`;
  }

  async function route(req, res, url) {
    const method = req.method ?? "GET";
    const p = url.pathname;
    const apiMatch = MESSAGES_PATH.exec(p);
    if (apiMatch && method === "POST") return createMessage(req, res, decodeURIComponent(apiMatch[1]), await readBody(req));
    if (p === "/v2/messages" && method === "POST") return createTelnyxMessage(req, res, await readBody(req));
    const transferMatch = TELNYX_TRANSFER_PATH.exec(p);
    if (transferMatch && method === "POST") return transferTelnyxCall(req, res, decodeURIComponent(transferMatch[1]), await readBody(req));

    if (p === "/" && method === "GET") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(inboxPage(messages, workerUrl));
      return "200";
    }
    if (p === "/_sim/messages" && method === "GET") {
      const to = url.searchParams.get("to");
      sendJson(res, 200, { messages: to ? messages.filter((m) => m.to === to) : messages });
      return "200";
    }
    if (p === "/_sim/requests" && method === "GET") {
      sendJson(res, 200, { requests });
      return "200";
    }
    if (p === "/_sim/transfers" && method === "GET") {
      sendJson(res, 200, { transfers });
      return "200";
    }
    if (p === "/_sim/telnyx" && method === "GET") {
      sendJson(res, 200, { publicKey: telnyxKeys.publicKeyB64, numbers: [...telnyxNumberSet] });
      return "200";
    }
    if (p === "/_sim/reset" && method === "POST") {
      reset();
      sendJson(res, 200, { ok: true });
      return "200";
    }
    if (p === "/_sim/faults" && method === "POST") {
      const { to, responses } = parseJson(await readBody(req));
      setFaults(to, responses);
      sendJson(res, 200, { to, pending: faults.get(to).length });
      return `200 to=${to} faults=${responses.map((r) => r.status).join(",")}`;
    }
    if (p === "/_sim/faults" && method === "DELETE") {
      clearFaults(url.searchParams.get("to") ?? undefined);
      sendJson(res, 200, { ok: true });
      return "200";
    }
    if (p === "/_sim/call" && method === "POST") {
      const { from, to, outcome = "no-answer", accountSid, carrier } = parseJson(await readBody(req));
      const result = await placeCallAs({ from, to, outcome, accountSid, carrier });
      sendJson(res, 200, result);
      return `200 ${result.carrier} ${result.outcome} ${result.from}→${result.to} ${result.webhooks.map((w) => `${w.name}:${w.status || "unreachable"}`).join(" ")}`;
    }
    if (p === "/_sim/sms" && method === "POST") {
      const { from, to, body, accountSid, carrier } = parseJson(await readBody(req));
      const result = await sendSmsAs({ from, to, body, accountSid, carrier });
      sendJson(res, 200, result);
      return `200 ${result.carrier} sms ${from}→${to} ${result.webhooks[0].status || "unreachable"}`;
    }
    if (p.startsWith("/v2/")) {
      sendJson(res, 404, telnyxErrors("10005", "Resource not found", `${method} ${p} is not simulated`));
      return "404";
    }
    sendJson(res, 404, twilioError(404, 20404, "The requested resource was not found"));
    return "404";
  }

  function requireWorkerUrl() {
    if (!workerUrl) throw Object.assign(new Error("the simulator was started without a worker URL"), { status: 409 });
    return workerUrl;
  }

  function requireAccount(accountSid) {
    const account = accountFor(accountSid);
    if (!account) throw badRequest(`unknown accountSid ${accountSid}`);
    return account;
  }

  async function placeCallAs({ from = randomUsNumber(), to, outcome = "no-answer", accountSid, carrier } = {}) {
    if (!to) throw badRequest("needs `to`, the business number");
    if (!CALL_OUTCOMES.includes(outcome)) throw badRequest(`outcome must be one of ${CALL_OUTCOMES.join(", ")}`);
    if (carrierOf(to, carrier) === "telnyx") {
      return placeTelnyxCall({
        workerUrl: requireWorkerUrl(),
        from,
        to,
        outcome,
        privateKey: telnyxKeys.privateKey,
        // The first transfer of the caller's leg (a repeated command_id is the same transfer).
        transferOf: (callControlId) => transfers.find((t) => t.callControlId === callControlId),
      });
    }
    return { carrier: "twilio", ...(await placeCall({ workerUrl: requireWorkerUrl(), from, to, outcome, account: requireAccount(accountSid) })) };
  }

  async function sendSmsAs({ from, to, body, accountSid, carrier } = {}) {
    if (!from || !to || typeof body !== "string") throw badRequest("needs { from, to, body }");
    if (carrierOf(to, carrier) === "telnyx") {
      return sendInboundTelnyxSms({ workerUrl: requireWorkerUrl(), from, to, body, privateKey: telnyxKeys.privateKey });
    }
    return { carrier: "twilio", ...(await sendInboundSms({ workerUrl: requireWorkerUrl(), from, to, body, account: requireAccount(accountSid) })) };
  }

  const server = createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://sim.local");
    let outcome;
    try {
      outcome = await route(req, res, url);
    } catch (e) {
      const status = e.status ?? 500;
      if (!res.headersSent) sendJson(res, status, { error: e.message });
      outcome = `${status} ${e.message}`;
    }
    // One line per request; never headers (they carry Basic auth) and never bodies (they carry texts).
    say(`[sim] ${req.method} ${url.pathname} ${outcome} ${Date.now() - started}ms`);
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address().port;

  return {
    url: `http://${host}:${bound}`,
    port: bound,
    messages,
    requests,
    transfers,
    /** Base64 of the raw Ed25519 public key the simulator signs Telnyx events with. */
    telnyxPublicKey: telnyxKeys.publicKeyB64,
    /** Treat `number` as a Telnyx number from now on (calls and texts to it speak Telnyx). */
    addTelnyxNumber: (number) => void telnyxNumberSet.add(number),
    reset,
    setFaults,
    clearFaults,
    placeCall: (opts) => placeCallAs(opts),
    sendSms: (opts) => sendSmsAs(opts),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const args = { port: 8788, worker: "http://127.0.0.1:8787", telnyx: [] };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const eq = token.indexOf("=");
    const flag = eq === -1 ? token : token.slice(0, eq);
    const value = eq === -1 ? argv[++i] : token.slice(eq + 1);
    if (flag === "--port" && value !== undefined) args.port = Number(value);
    else if (flag === "--worker" && value !== undefined) args.worker = value;
    else if (flag === "--telnyx" && value !== undefined) args.telnyx.push(value);
    else throw new Error(`bad option ${token} (use --port N --worker URL [--telnyx +1… (a Telnyx number, repeatable)])`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error("--port must be 0..65535");
  return args;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  let sim, args;
  try {
    args = parseArgs(process.argv.slice(2));
    // The demo key, so a Telnyx number registered by `npm start` verifies here too.
    sim = await startSimulator({ port: args.port, workerUrl: args.worker, telnyxNumbers: args.telnyx, telnyxKeySeed: DEMO_TELNYX_KEY_SEED });
  } catch (e) {
    console.error(e.code === "EADDRINUSE" ? `port in use: ${e.message}` : e.message);
    process.exit(1);
  }
  console.log(`[sim] Twilio + Telnyx simulator on ${sim.url} (worker ${args.worker}); demo account ${DEMO_ACCOUNT.accountSid}; Telnyx public key ${sim.telnyxPublicKey}`);
  const stop = () => sim.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
