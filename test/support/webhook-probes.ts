/**
 * One webhook request per route and carrier, for a number of the test's choosing, signed in one of
 * the ways that must not verify: the tests that prove an unverifiable request gets one answer
 * whether or not its number is registered, and is refused before anything is looked up.
 */
import { twilioSignature } from "../../src/carriers/twilio-signature";
import { plivoV3Signature } from "../../src/carriers/plivo-signature";
import { signTextback } from "../../src/crypto/textback-signature";
import { callSid, ORIGIN, uniquePhone } from "./app";
import { vonageSmsSignature } from "../../src/carriers/vonage-sms-signature";
import { vonageAuthorization } from "./vonage";

/** How a probe is signed: not at all, with a key that is not the number's, not like a signature, or 301 s ago. */
export type Unverifiable = "no signature" | "a wrong key" | "a malformed signature" | "a stale signature";

export interface Probe {
  name: string;
  /** Which registered line's number this route takes. */
  carrier: "twilio" | "signalwire" | "telnyx" | "vonage" | "plivo" | "bandwidth" | "voice-ai";
  /** Whether the signature carries a time (Twilio's does not: "stale" means nothing there). */
  timestamped: boolean;
  request(number: string, signature: Unverifiable): Promise<Request>;
}

const WRONG_KEY = "not-the-key-of-this-number-0123456789";
const now = () => Math.floor(Date.now() / 1000);
const b64 = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf)));

function post(path: string, type: string, headers: Record<string, string>, body: string): Request {
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers: { "content-type": type, ...headers }, body });
}

/** A Twilio-format form webhook (SignalWire numbers sign with their own header). */
function formProbe(name: string, path: string, carrier: "twilio" | "signalwire", params: (n: string) => Record<string, string>): Probe {
  return {
    name,
    carrier,
    timestamped: false,
    async request(number, signature) {
      const p = params(number);
      const header = carrier === "signalwire" ? "x-signalwire-signature" : "x-twilio-signature";
      const headers: Record<string, string> = {};
      if (signature === "a wrong key" || signature === "a stale signature") headers[header] = await twilioSignature(WRONG_KEY, `${ORIGIN}${path}`, p);
      if (signature === "a malformed signature") headers[header] = "not-a-signature";
      return post(path, "application/x-www-form-urlencoded", headers, new URLSearchParams(p).toString());
    },
  };
}

/** A Plivo form webhook, V3-signed (numbers without the `+`, as Plivo writes them). */
function plivoProbe(name: string, route: string | ((n: string) => string), params: (n: string) => Record<string, string>): Probe {
  return {
    name,
    carrier: "plivo",
    timestamped: false,
    async request(number, signature) {
      const path = typeof route === "string" ? route : route(number);
      const p = params(number.replace(/^\+/, ""));
      const headers: Record<string, string> = {};
      if (signature === "a wrong key" || signature === "a stale signature") {
        headers["x-plivo-signature-v3"] = await plivoV3Signature(WRONG_KEY, "POST", `${ORIGIN}${path}`, "12345", p);
        headers["x-plivo-signature-v3-nonce"] = "12345";
      }
      if (signature === "a malformed signature") Object.assign(headers, { "x-plivo-signature-v3": "not-a-signature", "x-plivo-signature-v3-nonce": "12345" });
      return post(path, "application/x-www-form-urlencoded", headers, new URLSearchParams(p).toString());
    },
  };
}

/** A Bandwidth JSON callback: Basic credentials that are not the number's, none, or not Basic at all. */
function bandwidthProbe(name: string, path: string, body: (n: string) => unknown): Probe {
  return {
    name,
    carrier: "bandwidth",
    timestamped: false,
    async request(number, signature) {
      const headers: Record<string, string> = {};
      if (signature === "a wrong key" || signature === "a stale signature") headers.authorization = `Basic ${btoa(`textback:${WRONG_KEY}`)}`;
      if (signature === "a malformed signature") headers.authorization = "Basic not base64!";
      return post(path, "application/json", headers, JSON.stringify(body(number)));
    },
  };
}

let telnyxKey: Promise<CryptoKeyPair> | undefined;

function telnyxProbe(name: string, eventType: string, payload: (n: string) => Record<string, unknown>): Probe {
  return {
    name,
    carrier: "telnyx",
    timestamped: true,
    async request(number, signature) {
      const body = JSON.stringify({ data: { event_type: eventType, id: crypto.randomUUID(), occurred_at: new Date().toISOString(), payload: payload(number) } });
      const ts = String(now() - (signature === "a stale signature" ? 301 : 0));
      telnyxKey ??= crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]) as Promise<CryptoKeyPair>;
      const sig = b64(await crypto.subtle.sign({ name: "Ed25519" }, (await telnyxKey).privateKey, new TextEncoder().encode(`${ts}|${body}`)));
      const headers: Record<string, string> =
        signature === "no signature" ? {} : { "telnyx-timestamp": ts, "telnyx-signature-ed25519": signature === "a malformed signature" ? "not-a-signature" : sig };
      return post("/webhooks/telnyx", "application/json", headers, body);
    },
  };
}

/** A Vonage webhook: JSON signed with a Bearer JWT (HS256, the body's hash in it; stale = issued 301 s ago). */
function vonageProbe(name: string, route: string | ((n: string) => string), body: (n: string) => Record<string, unknown>): Probe {
  return {
    name,
    carrier: "vonage",
    timestamped: true,
    async request(number, signature) {
      const path = typeof route === "string" ? route : route(number);
      const raw = JSON.stringify(body(number.replace(/^\+/, "")));
      const headers: Record<string, string> = {};
      if (signature === "a malformed signature") headers.authorization = "Bearer not-a-signature";
      else if (signature !== "no signature") headers.authorization = await vonageAuthorization(WRONG_KEY, raw, { ageSeconds: signature === "a stale signature" ? 301 : 0 });
      return post(path, "application/json", headers, raw);
    },
  };
}

/** An inbound text in the SMS API's format: a GET whose parameters carry `sig` (HMAC-SHA256 hex) and `timestamp`. */
const vonageSmsApiProbe: Probe = {
  name: "Vonage inbound (SMS API)",
  carrier: "vonage",
  timestamped: true,
  async request(number, signature) {
    const params: Record<string, string> = {
      msisdn: uniquePhone().slice(1),
      to: number.slice(1),
      messageId: `0A${crypto.randomUUID().replace(/-/g, "").slice(0, 14)}`,
      text: "hi",
      type: "text",
      timestamp: String(now() - (signature === "a stale signature" ? 301 : 0)),
      nonce: crypto.randomUUID(),
    };
    if (signature === "a malformed signature") params.sig = "not-a-signature";
    else if (signature !== "no signature") params.sig = await vonageSmsSignature(params, WRONG_KEY, "sha256");
    return new Request(`${ORIGIN}/webhooks/vonage/inbound?${new URLSearchParams(params)}`);
  },
};

const voiceAiProbe: Probe = {
  name: "voice-AI call.abandoned",
  carrier: "voice-ai",
  timestamped: true,
  async request(number, signature) {
    const raw = JSON.stringify({ event: "call.abandoned", businessNumber: number, from: uniquePhone(), callId: `ai_${crypto.randomUUID()}` });
    const ts = now() - (signature === "a stale signature" ? 301 : 0);
    const headers: Record<string, string> = {};
    if (signature === "a malformed signature") headers["x-textback-signature"] = `t=${ts},v1=not-a-signature`;
    else if (signature !== "no signature") headers["x-textback-signature"] = await signTextback(WRONG_KEY, ts, raw);
    return post("/webhooks/voice-ai", "application/json", headers, raw);
  },
};

/** Where a voicemail's transcription is posted: our URLs name the number (and, for Vonage, the call under our tag). */
const plivoTranscriptionPath = (n: string) => `/webhooks/plivo/voicemail-transcription?${new URLSearchParams({ number: n, caller: uniquePhone() })}`;
const vonageTranscriptionPath = (n: string) =>
  `/webhooks/vonage/voicemail-transcription?${new URLSearchParams({ call: crypto.randomUUID(), caller: uniquePhone(), number: n, tag: "A".repeat(43) })}`;

const call = (n: string) => ({ CallSid: callSid(), From: uniquePhone(), To: n, CallStatus: "completed", Direction: "inbound" });
const leg = (n: string) => ({ call_control_id: `v3:${crypto.randomUUID()}`, call_session_id: crypto.randomUUID(), from: uniquePhone(), to: n, direction: "incoming" });

/** Every route a carrier or an AI receptionist posts to, with the number in the place that route reads it from. */
export const PROBES: Probe[] = [
  formProbe("Twilio dial-status", "/webhooks/twilio/dial-status", "twilio", (n) => ({ ...call(n), DialCallStatus: "no-answer" })),
  formProbe("Twilio voice", "/webhooks/twilio/voice", "twilio", (n) => ({ ...call(n), CallStatus: "ringing" })),
  formProbe("Twilio sms", "/webhooks/twilio/sms", "twilio", (n) => ({ MessageSid: `SM${crypto.randomUUID().replace(/-/g, "")}`, From: uniquePhone(), To: n, Body: "hi" })),
  formProbe("Twilio sms-status", "/webhooks/twilio/sms-status", "twilio", (n) => ({ MessageSid: `SM${crypto.randomUUID().replace(/-/g, "")}`, MessageStatus: "delivered", From: n, To: uniquePhone() })),
  formProbe("SignalWire call-status", "/webhooks/twilio/call-status", "signalwire", (n) => call(n)),
  telnyxProbe("Telnyx call.hangup", "call.hangup", (n) => ({ ...leg(n), hangup_cause: "timeout" })),
  telnyxProbe("Telnyx message.received", "message.received", (n) => ({ id: crypto.randomUUID(), text: "hi", from: { phone_number: uniquePhone() }, to: [{ phone_number: n }] })),
  vonageProbe("Vonage answer", "/webhooks/vonage/answer", (n) => ({ uuid: crypto.randomUUID(), from: uniquePhone().slice(1), to: n })),
  vonageProbe("Vonage event", "/webhooks/vonage/event", (n) => ({ uuid: crypto.randomUUID(), status: "timeout", direction: "inbound", from: uniquePhone().slice(1), to: n })),
  vonageProbe("Vonage inbound", "/webhooks/vonage/inbound", (n) => ({ channel: "sms", message_uuid: crypto.randomUUID(), from: uniquePhone().slice(1), to: n, text: "hi" })),
  vonageProbe("Vonage status", "/webhooks/vonage/status", (n) => ({ message_uuid: crypto.randomUUID(), from: n, to: uniquePhone().slice(1), status: "delivered" })),
  vonageSmsApiProbe,
  vonageProbe("Vonage voicemail-transcription", vonageTranscriptionPath, () => ({ status: "transcribed", transcription_url: "https://api.nexmo.com/v1/files/x" })),
  plivoProbe("Plivo dial-status", "/webhooks/plivo/dial-status", (n) => ({ CallUUID: crypto.randomUUID(), From: uniquePhone().slice(1), To: n, DialStatus: "no-answer" })),
  plivoProbe("Plivo voicemail-transcription", plivoTranscriptionPath, () => ({ call_uuid: crypto.randomUUID(), transcription: "burst pipe", error: "" })),
  plivoProbe("Plivo test-call", "/webhooks/plivo/test-call", (n) => ({ CallUUID: crypto.randomUUID(), From: n, To: uniquePhone().slice(1), Direction: "outbound", CallStatus: "in-progress" })),
  plivoProbe("Plivo sms-status", "/webhooks/plivo/sms-status", (n) => ({ MessageUUID: crypto.randomUUID(), Status: "delivered", From: n, To: uniquePhone().slice(1) })),
  bandwidthProbe("Bandwidth voice-status", "/webhooks/bandwidth/voice-status", (n) => ({ eventType: "transferComplete", callId: `c-${crypto.randomUUID()}`, from: uniquePhone(), to: n, cause: "timeout" })),
  bandwidthProbe("Bandwidth test-call", "/webhooks/bandwidth/test-call", (n) => ({ eventType: "answer", callId: `c-${crypto.randomUUID()}`, from: n, to: uniquePhone(), direction: "outbound" })),
  bandwidthProbe("Bandwidth voicemail-transcription", "/webhooks/bandwidth/voicemail-transcription", (n) => ({
    eventType: "transcriptionAvailable",
    callId: `c-${crypto.randomUUID()}`,
    recordingId: `r-${crypto.randomUUID()}`,
    from: uniquePhone(),
    to: n,
  })),
  bandwidthProbe("Bandwidth messaging", "/webhooks/bandwidth/messaging", (n) => [
    { type: "message-received", to: n, description: "", message: { id: `m${Date.now()}`, owner: n, from: uniquePhone(), to: [n], text: "hi" } },
  ]),
  voiceAiProbe,
];
