/**
 * Malformed input never breaks anything (issue 6, part 1), by property: random and mutated bodies,
 * content types, encodings, sizes, repeated and missing fields, invalid UTF-8 and JSON, posted to
 * every webhook route and to the admin API. The properties:
 *
 * - nothing answers 5xx;
 * - without a valid signature, nothing is stored (calls, messages, consent events, webhook
 *   deliveries) and no carrier is called;
 * - a body over 64 KB is 413, one at or under it is not;
 * - a correctly signed body with random content is answered 2xx or 4xx;
 * - the admin API without the token is 401 and changes nothing.
 *
 * Fixed seed, bounded runs: a failure replays (fast-check prints the seed and path) and the file
 * stays well under a minute. Requests go straight to the worker's fetch handler (thousands through
 * `exports.default` hit workers-sdk#15092), each from its own address so the per-IP webhook limit is
 * not what answers.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { twilioSignature, type TwilioParams } from "../src/carriers/twilio-signature";
import { signTextback } from "../src/crypto/textback-signature";
import worker from "../src/index";

const SEED = 20_261_128;
const ORIGIN = "https://textback.test";
const ADMIN = "Bearer test-admin-token-at-least-32-chars";
const LIMIT = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// plumbing

let ipSeq = 0;
async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit | null } = {}): Promise<Response> {
  ipSeq += 1;
  const headers = new Headers(init.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`);
  const req = new Request(`${ORIGIN}${path}`, { method: init.method ?? "POST", headers, body: init.body ?? null });
  return worker.fetch(req, env, createExecutionContext());
}

async function admin<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(`/api${path}`, {
    method,
    headers: { authorization: ADMIN, "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/**
 * Every outbound request (carrier APIs, event webhooks), answered as a healthy carrier would. Kept
 * for the whole file: the admin properties may point a business's event webhook anywhere, and a
 * delivery still queued when a test ends must not reach the real network.
 */
const outbound: string[] = [];
beforeAll(() => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    outbound.push(req.url);
    const host = new URL(req.url).hostname;
    if (host === "api.twilio.com" || host.endsWith(".signalwire.com")) {
      return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
    }
    return Response.json({ data: { id: crypto.randomUUID() } });
  });
  // Thousands of requests: keep the info lines out of the report (warnings and errors still show).
  vi.spyOn(console, "log").mockImplementation(() => {});
});
beforeEach(() => {
  outbound.length = 0;
});
afterAll(async () => {
  await new Promise((r) => setTimeout(r, 500));
  vi.restoreAllMocks();
});

async function counts() {
  return env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM calls) AS calls, (SELECT COUNT(*) FROM messages) AS messages,
            (SELECT COUNT(*) FROM consent_events) AS consent, (SELECT COUNT(*) FROM webhook_deliveries) AS deliveries`,
  ).first();
}

async function adminCounts() {
  return env.DB.prepare(
    `SELECT (SELECT COUNT(*) FROM businesses) AS businesses, (SELECT COUNT(*) FROM numbers) AS numbers,
            (SELECT COUNT(*) FROM templates) AS templates, (SELECT COUNT(*) FROM consent_events) AS consent,
            (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT MAX(updated_at) FROM businesses) AS lastUpdate`,
  ).first();
}

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** Statuses seen by a property, for a readable failure and a check that it reached the code it meant to. */
function tally() {
  const seen = new Map<number, number>();
  return {
    add(status: number) {
      seen.set(status, (seen.get(status) ?? 0) + 1);
    },
    get: (status: number) => seen.get(status) ?? 0,
    toString: () => JSON.stringify(Object.fromEntries([...seen].sort(([a], [b]) => a - b))),
  };
}

function expectNo5xx(res: Response, what: string) {
  if (res.status >= 500) throw new Error(`${res.status} for ${what}`);
}

// ---------------------------------------------------------------------------------------------
// fixtures: real registered numbers, so requests get past "unknown number" to the signature

interface Fixture {
  businessId: string;
  e164: string;
  token: string;
  sid: string;
}
let A: Fixture; // Twilio, forward mode, with an owner phone, a voice-AI secret and an event webhook
let B: Fixture; // another Twilio business: its token forges
let S: Fixture; // SignalWire
let T: Fixture; // Telnyx (token = its base64 public key)
let telnyxKey: CryptoKeyPair;
let owner = "";
let spare = ""; // a business the admin properties may change freely
const VOICE_AI_SECRET = "vai-secret-0123456789abcdef";

let seq = 0;
/** A valid US number, unique within this file (N11 and 555 exchanges avoided). */
function phone(npa: string) {
  seq += 1;
  let nxx = 200 + ((seq * 37) % 600);
  if (nxx % 100 === 11 || nxx === 555) nxx += 1;
  return `+1${npa}${nxx}${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
}

beforeAll(async () => {
  owner = phone("773");
  const bizA = await admin("POST", "/businesses", {
    name: "Acme Plumbing",
    timezone: "America/Chicago",
    forwardTo: phone("312"),
    notifyPhone: owner,
    voiceAiSecret: VOICE_AI_SECRET,
    notifyWebhookUrl: "https://hooks.acme.example/tb",
    webhookSecret: "whsec-0123456789abcdef",
  });
  const bizB = await admin("POST", "/businesses", { name: "Bright Dental", timezone: "America/New_York" });
  spare = (await admin("POST", "/businesses", { name: "Spare Co", timezone: "UTC" })).id;
  const twilio = async (businessId: string): Promise<Fixture> => {
    const e164 = phone("512");
    const sid = `AC${crypto.randomUUID().replace(/-/g, "")}`;
    const token = `tok_${crypto.randomUUID()}`;
    await admin("POST", `/businesses/${businessId}/numbers`, { e164, carrier: "twilio", credentials: { accountSid: sid, authToken: token } });
    return { businessId, e164, token, sid };
  };
  A = await twilio(bizA.id);
  B = await twilio(bizB.id);
  const swE164 = phone("512");
  const swKey = `sk_${crypto.randomUUID()}`;
  await admin("POST", `/businesses/${bizB.id}/numbers`, {
    e164: swE164,
    carrier: "signalwire",
    credentials: { spaceUrl: "acme.signalwire.com", projectId: crypto.randomUUID(), apiToken: `PT${crypto.randomUUID()}`, signingKey: swKey },
  });
  S = { businessId: bizB.id, e164: swE164, token: swKey, sid: "" };
  telnyxKey = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const pub = btoa(String.fromCharCode(...new Uint8Array((await crypto.subtle.exportKey("raw", telnyxKey.publicKey)) as ArrayBuffer)));
  const tE164 = phone("512");
  await admin("POST", `/businesses/${bizB.id}/numbers`, { e164: tE164, carrier: "telnyx", credentials: { apiKey: `KEY${crypto.randomUUID()}`, publicKey: pub } });
  T = { businessId: bizB.id, e164: tE164, token: pub, sid: "" };
});


// ---------------------------------------------------------------------------------------------
// arbitraries

const TWILIO_ROUTES = ["voice", "dial-status", "call-status", "sms", "sms-status", "voicemail"] as const;
const FIELDS = [
  "CallSid", "AccountSid", "From", "To", "Called", "Caller", "CallStatus", "DialCallStatus", "DialCallDuration", "CallDuration",
  "AnsweredBy", "Direction", "MessageSid", "SmsSid", "Body", "MessageStatus", "ErrorCode", "OptOutType", "NumMedia", "ApiVersion",
];
const NASTY = [
  "", " ", "\u0000", "+", "%", "%%", "%zz", "&", "=", "==", "null", "undefined", "[]", "{}", "NaN", "-1", "1e309", "9".repeat(40),
  "<Response><Dial>+19005550100</Dial></Response>", "' OR 1=1 --", "\u202e", "🙂", "\ufeff", "\r\n", "a\u0000b", "../../etc/passwd",
  "STOP", "stop all", "START", "HELP", "UNSTOP", "no-answer", "completed", "busy", "machine_end_beep", "fax",
];

/** Text of every kind: printable, any code point, whole graphemes, hand-picked nasties, long. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ minLength: 1600, maxLength: 6000 }) },
);
/** Well-formed text only (no lone surrogates): what a signer and the server's form parser agree on. */
const wellFormed = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ minLength: 1500, maxLength: 3000 }) },
);
const e164ish = fc.oneof(
  fc.stringMatching(/^\+[1-9]\d{1,14}$/),
  fc.constantFrom("+447400123456", "+19002345678", "+18002345678", "+18762345678", "+266696687", "+17378742833", "anonymous", "restricted", "5125550100", "+1"),
);
const sidish = fc.oneof(fc.stringMatching(/^(CA|SM|MM)[0-9a-f]{32}$/), fc.stringMatching(/^[A-Za-z0-9_-]{0,70}$/));
const enums = fc.constantFrom(
  "no-answer", "busy", "failed", "canceled", "completed", "answered", "in-progress", "ringing", "queued", "initiated",
  "sent", "delivered", "undelivered", "receiving", "received", "human", "machine_start", "machine_end_beep", "unknown",
);
const digitsish = fc.oneof(fc.nat().map(String), fc.integer().map(String), fc.constantFrom("0", "00000000", "1.5", "-3", "1e3", "99999999"));

function fieldValue(fixturePhones: fc.Arbitrary<string>, str: fc.Arbitrary<string>) {
  return fc.oneof({ weight: 3, arbitrary: fixturePhones }, { weight: 2, arbitrary: e164ish }, { weight: 2, arbitrary: enums }, { weight: 2, arbitrary: sidish }, { weight: 1, arbitrary: digitsish }, { weight: 3, arbitrary: str });
}

/** Form fields: known names mostly, random ones too, repeats allowed; anchored to a real number most of the time. */
function formPairs(str: fc.Arbitrary<string>) {
  const fixturePhones = fc.constantFrom(() => A.e164, () => B.e164, () => S.e164, () => T.e164, () => owner).map((f) => f());
  const pair = fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: str }), fieldValue(fixturePhones, str));
  return fc.record({
    anchor: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(() => A, () => S).map((f) => f()) }, { weight: 1, arbitrary: fc.constant(null) }),
    pairs: fc.array(pair, { maxLength: 14 }),
    repeat: fc.boolean(),
  }).map(({ anchor, pairs, repeat }) => {
    const out: Array<[string, string]> = [];
    if (anchor) out.push(["To", anchor.e164], ["From", anchor.e164 === A.e164 ? owner : A.e164]);
    out.push(...pairs);
    // A repeated field: the same name again with another value.
    if (repeat && out.length > 0) out.push([out[0]![0], `${out[0]![1]}x`]);
    return { anchor, pairs: out };
  });
}

const formType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8", "APPLICATION/X-WWW-FORM-URLENCODED") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "application/json", "text/plain", "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded; charset=iso-8859-1",
      "application/xml", "", "*/*", "application/x-www-form-urlencoded\t;;;", "text/html; charset=utf-7",
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,60}$/) },
  { weight: 1, arbitrary: fc.constant(null) },
);

function twilioParams(pairs: Array<[string, string]>): TwilioParams {
  const p: TwilioParams = {};
  for (const [k, v] of pairs) {
    const prev = p[k];
    p[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return p;
}

type SigMode = "none" | "garbage" | "other-token" | "other-url" | "other-params" | "sha256-claim" | "empty";
const sigMode = fc.constantFrom<SigMode>("none", "garbage", "other-token", "other-url", "other-params", "sha256-claim", "empty");

/** A Twilio-format signature that must not verify, made in one of several wrong ways. */
async function wrongSignature(mode: SigMode, route: string, pairs: Array<[string, string]>, garbage: string): Promise<Record<string, string>> {
  const url = `${ORIGIN}/webhooks/twilio/${route}`;
  const params = twilioParams(pairs);
  // The number whose token verifies this route, found as the worker finds it (delivery reports:
  // From; the rest: To, else Called; first value wins), and a token that belongs to another number.
  const first = (k: string) => pairs.find(([name]) => name === k)?.[1];
  const addressed = route === "sms-status" ? first("From") : (first("To") ?? first("Called"));
  const lines = [A, S, B];
  const right = (lines.find((l) => l.e164 === addressed) ?? A).token;
  const wrong = lines.find((l) => l.e164 !== addressed && l.token !== right)!.token;
  const h = (sig: string) => ({ "x-twilio-signature": sig, "x-signalwire-signature": sig });
  switch (mode) {
    case "none":
      return {};
    case "empty":
      return h("");
    case "garbage":
      return h(garbage);
    case "other-token":
      return h(await twilioSignature(wrong, url, params));
    case "other-url":
      return h(await twilioSignature(right, `${ORIGIN}/webhooks/twilio/${route === "sms" ? "voice" : "sms"}`, params));
    case "other-params":
      return h(await twilioSignature(right, url, { ...params, Signed: "but not sent" }));
    case "sha256-claim":
      // SignalWire signs with SHA-1 only and ignores the header: for its numbers, forge otherwise.
      if (addressed === S.e164) return h(await twilioSignature(wrong, url, params));
      return { ...h(await twilioSignature(right, url, params)), "x-twilio-webhooks-signature-settings": "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256" };
  }
}

const b64utf8 = (s: string) => btoa(Array.from(new TextEncoder().encode(s), (b) => String.fromCharCode(b)).join(""));

const DELETE = Symbol("delete");
/** A well-formed object as is (mostly), or with one or two fields deleted or replaced by any JSON value or text. */
function mutate<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>): fc.Arbitrary<Record<string, unknown>> {
  const edit = fc.tuple(fc.nat(), fc.oneof(fc.constant<typeof DELETE>(DELETE), fc.jsonValue(), text));
  const edits = fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(edit, { minLength: 1, maxLength: 2 }) });
  return fc.tuple(valid, edits).map(([o, edits]) => {
    const out: Record<string, unknown> = { ...o };
    const keys = Object.keys(o);
    for (const [i, v] of edits) {
      if (keys.length === 0) break;
      const k = keys[i % keys.length]!;
      if (v === DELETE) delete out[k];
      else out[k] = v;
    }
    return out;
  });
}

const headerSafe = fc.stringMatching(/^[\x21-\x7e]{0,90}$/);

/** Telnyx envelopes and voice-AI events: well-formed, then mutated; and plain noise. Addressed to real numbers mostly. */
function jsonEvents() {
  const numbers = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(() => T.e164, () => A.e164).map((f) => f()) }, { weight: 1, arbitrary: e164ish }, { weight: 1, arbitrary: text });
  const caller = fc.stringMatching(/^\+1[2-9]\d{2}[2-9]\d{6}$/);
  const iso = fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
  // Well-formed events (which reach the signature check), then zero to two fields deleted or replaced.
  const callPayload = mutate(
    fc.record({
      call_control_id: sidish.map((s) => `v3:${s}x`),
      call_session_id: fc.uuid(),
      from: caller,
      to: numbers,
      direction: fc.constantFrom("incoming", "outgoing"),
      client_state: fc.oneof(fc.base64String(), numbers.map((n) => b64utf8(JSON.stringify({ n }))), fc.constant(null)),
      hangup_cause: fc.constantFrom("timeout", "user_busy", "normal_clearing", "originator_cancel", "call_rejected"),
      hangup_source: fc.constantFrom("caller", "callee"),
      result: fc.constantFrom("machine", "human", "fax_detected", "not_sure"),
    }),
  );
  const messagePayload = mutate(
    fc.record({
      id: fc.uuid(),
      text: wellFormed,
      from: fc.record({ phone_number: fc.oneof(caller, numbers) }),
      to: fc.array(fc.record({ phone_number: numbers, status: enums }), { minLength: 1, maxLength: 3 }),
      autoresponse_type: fc.oneof(fc.constantFrom("stop", "help"), fc.constant(null)),
      errors: fc.array(fc.record({ code: fc.oneof(fc.integer(), fc.constantFrom("40300", "40008")) }), { maxLength: 2 }),
    }),
  );
  const CALL_EVENTS = ["call.initiated", "call.hangup", "call.bridged", "call.answered", "call.machine.detection.ended"];
  const MESSAGE_EVENTS = ["message.received", "message.sent", "message.finalized"];
  const typed = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...CALL_EVENTS), callPayload) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...MESSAGE_EVENTS), messagePayload) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...CALL_EVENTS, ...MESSAGE_EVENTS), text), fc.oneof(callPayload, messagePayload, fc.jsonValue())) },
  );
  const envelope = mutate(
    typed.chain(([event_type, payload]) => fc.record({ event_type: fc.constant(event_type), id: fc.uuid(), occurred_at: iso, payload: fc.constant(payload) })),
  ).map((data) => JSON.stringify({ data, meta: { attempt: 1 } }));
  const voiceAi = mutate(
    fc.record(
      {
        event: fc.constantFrom("call.abandoned", "call.failed", "call.completed"),
        businessNumber: numbers,
        from: caller,
        callId: fc.uuid(),
        carrierCallId: fc.stringMatching(/^CA[0-9a-f]{32}$/),
        at: iso,
      },
      { requiredKeys: ["event", "businessNumber", "from", "callId"] },
    ),
  ).map((o) => JSON.stringify(o));
  const noise = fc.oneof(
    fc.json(),
    text,
    fc.constantFrom("{", "[", '{"data":', '{"data":{"payload":[]}}', "null", '""', "1e999", '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'),
  );
  return { envelope, voiceAi, noise };
}

// ---------------------------------------------------------------------------------------------

describe("malformed or unsigned webhooks", () => {
  it("never answer 5xx, store nothing and call no carrier: random form bodies to every Twilio route, signed wrongly or not at all", async () => {
    const before = await counts();
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TWILIO_ROUTES),
        formPairs(text),
        formType,
        sigMode,
        headerSafe,
        fc.boolean(),
        async (route, { pairs }, type, mode, garbage, plusForSpace) => {
          const headers = await wrongSignature(mode, route, pairs, garbage);
          if (type !== null) headers["content-type"] = type;
          let body = new URLSearchParams(pairs).toString();
          if (!plusForSpace) body = body.replace(/\+/g, "%20");
          const res = await send(`/webhooks/twilio/${route}`, { headers, body });
          seen.add(res.status);
          expectNo5xx(res, `${route} ${mode} ${type} ${body.slice(0, 200)}`);
          expect([400, 403, 413], `${route} ${mode}: ${res.status}`).toContain(res.status);
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
    // The runs reached the signature check (403), not only the cheap refusals in front of it.
    expect(seen.get(403), String(seen)).toBeGreaterThan(100);
    await settle();
    expect(await counts()).toEqual(before);
    expect(outbound).toEqual([]);
  }, 60_000);

  it("never answer 5xx or store anything for arbitrary bytes: invalid UTF-8, broken percent-escapes, binary", async () => {
    const before = await counts();
    const seen = tally();
    const pctBytes = (bytes: Uint8Array) => Array.from(bytes, (b) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`).join("");
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      // A plausible form whose values are raw bytes: overlong encodings, lone continuation bytes, surrogates in UTF-8…
      fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.uint8Array({ maxLength: 24 }), fc.constantFrom(
        Uint8Array.of(0xc0, 0xaf), Uint8Array.of(0xe0, 0x80, 0xaf), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xff, 0xfe), Uint8Array.of(0x80),
        Uint8Array.of(0xf4, 0x90, 0x80, 0x80), Uint8Array.of(0xe2, 0x82),
      ))), { maxLength: 10 }).map((pairs) =>
        [`To=${encodeURIComponent(A.e164)}`, ...pairs.map(([k, v]) => `${k}=${pctBytes(v)}`)].join("&"),
      ),
      // Raw (unescaped) invalid bytes inside an otherwise good form.
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((raw) => {
        const head = new TextEncoder().encode(`To=${encodeURIComponent(A.e164)}&CallSid=CA1234&Body=`);
        const out = new Uint8Array(head.length + raw.length);
        out.set(head);
        out.set(raw, head.length);
        return out;
      }),
      fc.constantFrom("%", "%%%", "=&=&=", "&&&&", "To", "To=", `To=${encodeURIComponent(A.e164)}%`, `To=%2B${A.e164.slice(1)}&From=%E0%A4%A`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TWILIO_ROUTES.map((r) => `/webhooks/twilio/${r}`), "/webhooks/telnyx", "/webhooks/voice-ai"),
        body,
        formType,
        headerSafe,
        async (path, b, type, garbage) => {
          const headers: Record<string, string> = { "x-twilio-signature": garbage, "telnyx-signature-ed25519": garbage, "telnyx-timestamp": String(Math.floor(Date.now() / 1000)), "x-textback-signature": garbage };
          if (type !== null) headers["content-type"] = type;
          const res = await send(path, { headers, body: b });
          seen.add(res.status);
          expectNo5xx(res, `${path} ${type}`);
        },
      ),
      { seed: SEED, numRuns: 250 },
    );
    await settle();
    expect(await counts()).toEqual(before);
    expect(outbound).toEqual([]);
    expect(seen.get(200), String(seen)).toBe(0);
  }, 60_000);

  it("never answer 5xx or store anything for random or mutated JSON to the Telnyx and voice-AI webhooks, signed wrongly or stale", async () => {
    const before = await counts();
    const seen = tally();
    const now = () => Math.floor(Date.now() / 1000);
    const { envelope, voiceAi, noise } = jsonEvents();
    // Each route mostly gets its own kind of event (so runs reach the signature), sometimes the other's or noise.
    const request = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constant("/webhooks/telnyx"), envelope) },
      { weight: 4, arbitrary: fc.tuple(fc.constant("/webhooks/voice-ai"), voiceAi) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom("/webhooks/telnyx", "/webhooks/voice-ai"), fc.oneof(envelope, voiceAi, noise)) },
    );
    type Sig = "none" | "garbage" | "telnyx-garbage-now" | "textback-wrong-secret" | "textback-stale" | "textback-other-body" | "textback-future";
    await fc.assert(
      fc.asyncProperty(
        request,
        fc.constantFrom<Sig>("none", "garbage", "telnyx-garbage-now", "textback-wrong-secret", "textback-stale", "textback-other-body", "textback-future"),
        headerSafe,
        fc.integer({ min: 301, max: 10_000_000 }),
        fc.oneof(fc.constant("application/json"), formType),
        async ([path, raw], sig, garbage, skew, type) => {
          const headers: Record<string, string> = {};
          if (type !== null) headers["content-type"] = type;
          switch (sig) {
            case "garbage":
              Object.assign(headers, { "telnyx-signature-ed25519": garbage, "telnyx-timestamp": garbage, "x-textback-signature": garbage });
              break;
            case "telnyx-garbage-now": {
              const sigBytes = crypto.getRandomValues(new Uint8Array(64));
              Object.assign(headers, { "telnyx-signature-ed25519": btoa(String.fromCharCode(...sigBytes)), "telnyx-timestamp": String(now()) });
              break;
            }
            case "textback-wrong-secret":
              headers["x-textback-signature"] = await signTextback("not-the-secret-0123456789", now(), raw);
              break;
            case "textback-stale":
              headers["x-textback-signature"] = await signTextback(VOICE_AI_SECRET, now() - skew, raw);
              break;
            case "textback-future":
              headers["x-textback-signature"] = await signTextback(VOICE_AI_SECRET, now() + skew, raw);
              break;
            case "textback-other-body":
              headers["x-textback-signature"] = await signTextback(VOICE_AI_SECRET, now(), `${raw} `);
              break;
          }
          const res = await send(path, { headers, body: raw });
          seen.add(res.status);
          expectNo5xx(res, `${path} ${sig} ${raw.slice(0, 300)}`);
          expect([400, 403, 413], `${path} ${sig}: ${res.status}`).toContain(res.status);
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
    expect(seen.get(403), String(seen)).toBeGreaterThan(50);
    await settle();
    expect(await counts()).toEqual(before);
    expect(outbound).toEqual([]);
  }, 60_000);

  it("answers 413 to a body over 64 KB, on every route, with or without a Content-Length, and never 413 at or under it", async () => {
    const before = await counts();
    const routes = [...TWILIO_ROUTES.map((r) => `/webhooks/twilio/${r}`), "/webhooks/telnyx", "/webhooks/voice-ai", "/api/businesses", `/api/businesses/{spare}/templates/missed_call`];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.integer({ min: LIMIT - 2048, max: LIMIT }), fc.integer({ min: LIMIT + 1, max: LIMIT + 2048 }), fc.integer({ min: LIMIT + 1, max: 4 * LIMIT })),
        fc.boolean(),
        fc.constantFrom("form", "json", "multibyte"),
        async (route, size, streamed, kind) => {
          const path = route.replace("{spare}", spare);
          // Exactly `size` bytes: a form with one huge field, a JSON string, or 3-byte characters (bytes, not characters, count).
          let bytes: Uint8Array;
          if (kind === "form") bytes = new TextEncoder().encode(`To=${encodeURIComponent(A.e164)}&Body=`.padEnd(size, "x"));
          else if (kind === "json") bytes = new TextEncoder().encode(`{"name":"`.padEnd(size - 2, "y") + `"}`);
          else {
            const head = new TextEncoder().encode(`Body=`);
            const tail = new TextEncoder().encode("€".repeat(Math.ceil(size / 3)));
            bytes = new Uint8Array(size);
            bytes.set(head);
            bytes.set(tail.subarray(0, size - head.length), head.length);
          }
          expect(bytes.length).toBe(size);
          const body: BodyInit = streamed
            ? new ReadableStream({
                start(c) {
                  for (let i = 0; i < bytes.length; i += 8192) c.enqueue(bytes.slice(i, i + 8192));
                  c.close();
                },
              })
            : bytes;
          const headers: Record<string, string> = {
            "content-type": kind === "json" ? "application/json" : "application/x-www-form-urlencoded",
            "x-twilio-signature": "AAAA",
          };
          if (path.startsWith("/api")) headers.authorization = ADMIN;
          const res = await send(path, { method: path.includes("/templates/") ? "PUT" : "POST", headers, body });
          expectNo5xx(res, `${path} ${size} bytes streamed=${streamed}`);
          if (size > LIMIT) expect(res.status, `${path} ${size} streamed=${streamed}`).toBe(413);
          else expect(res.status, `${path} ${size} streamed=${streamed}`).not.toBe(413);
        },
      ),
      { seed: SEED, numRuns: 120 },
    );
    await settle();
    expect(await counts()).toEqual(before);
    expect(outbound).toEqual([]);
  }, 60_000);
});

describe("correctly signed webhooks with random content", () => {
  it("answer 2xx or 4xx, never 5xx, on every Twilio route (valid signature over random, repeated and missing fields)", async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TWILIO_ROUTES), formPairs(wellFormed), fc.boolean(), async (route, { anchor, pairs }, signalwireHeader) => {
        const line = anchor ?? A;
        // Delivery reports come From the business number; everything else is addressed To it.
        const addressed: Array<[string, string]> =
          route === "sms-status" ? [["From", line.e164], ...pairs.filter(([k]) => k !== "From")] : [["To", line.e164], ...pairs.filter(([k]) => k !== "To")];
        const url = `${ORIGIN}/webhooks/twilio/${route}`;
        const sig = await twilioSignature(line.token, url, twilioParams(addressed));
        const header = line === S && signalwireHeader ? "x-signalwire-signature" : "x-twilio-signature";
        const res = await send(`/webhooks/twilio/${route}`, {
          headers: { "content-type": "application/x-www-form-urlencoded", [header]: sig },
          body: new URLSearchParams(addressed).toString(),
        });
        seen.add(res.status);
        expectNo5xx(res, `${route} ${new URLSearchParams(addressed).toString().slice(0, 400)}`);
        expect(res.status, `${route}: ${res.status}`).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: 400 },
    );
    // Most runs were accepted or refused on content, not on the signature.
    expect(seen.get(200), String(seen)).toBeGreaterThan(50);
    expect(seen.get(400), String(seen)).toBeGreaterThan(20);
    expect(seen.get(403), String(seen)).toBe(0);
    await settle(500);
  }, 60_000);

  it("answer 2xx or 4xx, never 5xx, to correctly signed Telnyx and voice-AI events with random or mutated content", async () => {
    const seen = tally();
    const { envelope, voiceAi } = jsonEvents();
    const now = () => Math.floor(Date.now() / 1000);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.tuple(fc.constant("/webhooks/telnyx"), envelope), fc.tuple(fc.constant("/webhooks/voice-ai"), voiceAi)), async ([path, raw]) => {
        const headers: Record<string, string> = { "content-type": "application/json" };
        const ts = String(now());
        if (path === "/webhooks/telnyx") {
          const sig = await crypto.subtle.sign({ name: "Ed25519" }, telnyxKey.privateKey, new TextEncoder().encode(`${ts}|${raw}`));
          Object.assign(headers, { "telnyx-timestamp": ts, "telnyx-signature-ed25519": btoa(String.fromCharCode(...new Uint8Array(sig))) });
        } else {
          headers["x-textback-signature"] = await signTextback(VOICE_AI_SECRET, Number(ts), raw);
        }
        const res = await send(path, { headers, body: raw });
        seen.add(res.status);
        expectNo5xx(res, `${path} ${raw.slice(0, 400)}`);
      }),
      { seed: SEED, numRuns: 400 },
    );
    // A good share were accepted: the content, not the signature, was what varied.
    expect(seen.get(200), String(seen)).toBeGreaterThan(40);
    await settle(500);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// admin API

const num = fc.oneof(
  fc.integer({ min: -5, max: 1000 }),
  fc.double(),
  fc.constantFrom(0, -0, 1, 0.5, 1e308, -1e308, 2 ** 53 + 1, 24 * 30 + 1, 100_001, 3601),
  fc.jsonValue(),
);
const hhmm = fc.oneof(fc.constantFrom("00:00", "09:00", "17:30", "23:59", "24:00", "25:00", "9:00", "12:60", "17:00", "08:00"), text);
const hours = fc.oneof(
  fc.record(
    {
      weekly: fc.oneof(
        fc.dictionary(fc.constantFrom("sun", "mon", "tue", "wed", "thu", "fri", "sat", "xyz", "Monday", "__proto__"), fc.array(fc.record({ open: hhmm, close: hhmm }, { requiredKeys: [] }), { maxLength: 5 })),
        fc.jsonValue(),
      ),
      holidays: fc.oneof(fc.array(fc.oneof(fc.constantFrom("2026-12-25", "2026-02-30", "9999-99-99", "0000-00-00"), text), { maxLength: 4 }), fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
  fc.constant(null),
);
const settingsArb = fc.oneof(
  fc.record(
    {
      cooldownHours: num,
      dailyCap: num,
      allowedCountries: fc.oneof(fc.array(fc.constantFrom("US", "CA", "GB", "JM", "XX", "us", "", "USA")), fc.jsonValue()),
      textDelaySeconds: num,
      followUp: fc.oneof(fc.record({ enabled: fc.oneof(fc.boolean(), fc.jsonValue()), afterHours: num }, { requiredKeys: [] }), fc.jsonValue()),
      minAnsweredSeconds: num,
      ringTimeoutSeconds: num,
      voicemail: fc.oneof(fc.boolean(), fc.jsonValue()),
      shadow: fc.oneof(fc.boolean(), fc.jsonValue()),
      paused: fc.oneof(fc.boolean(), fc.jsonValue()),
      retentionDays: num,
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);
const phoneInput = fc.oneof(e164ish, fc.constantFrom("(512) 555-0100", "512.234.5678", "+1 (512) 234-5678 ext 9", "07400 123456", " +15122345678 "), text, fc.constant(null));
const timezone = fc.oneof(
  fc.constantFrom(
    "America/Chicago", "UTC", "utc", "Etc/GMT+14", "Etc/GMT-14", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "+05:30", "-00:00",
    "EST5EDT", "Mars/Olympus", "", "america/chicago", "Europe/Kyiv", "Europe/Kiev", "Factory",
  ),
  text,
);
const url = fc.oneof(fc.webUrl(), fc.constantFrom("javascript:alert(1)", "http://", "https://bit.ly/x", "ftp://x.example", "https://hooks.example/x"), text);
const businessBody = fc.record(
  {
    name: fc.oneof(fc.constant("Acme Plumbing"), text),
    timezone,
    forwardTo: phoneInput,
    notifyPhone: phoneInput,
    bookingUrl: url,
    notifyWebhookUrl: url,
    webhookSecret: fc.oneof(fc.string({ minLength: 16, maxLength: 40 }), text, fc.constant(null)),
    voiceAiSecret: fc.oneof(fc.string({ minLength: 16, maxLength: 40 }), text, fc.constant(null)),
    hours,
    settings: settingsArb,
    defaultTemplates: fc.oneof(fc.boolean(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);
const credentials = fc.oneof(
  fc.record({ accountSid: fc.oneof(fc.stringMatching(/^AC[0-9a-f]{32}$/), text), authToken: fc.oneof(fc.string({ minLength: 8, maxLength: 40 }), text) }, { requiredKeys: [] }),
  fc.record({ apiKey: fc.oneof(fc.string({ minLength: 8 }), text), publicKey: fc.oneof(fc.stringMatching(/^[A-Za-z0-9+/]{43}=$/), fc.base64String(), text), messagingProfileId: text }, { requiredKeys: [] }),
  fc.record(
    {
      spaceUrl: fc.oneof(fc.constantFrom("acme.signalwire.com", "http://127.0.0.1:9", "https://x.example:99999"), text),
      projectId: fc.oneof(fc.uuid(), text),
      apiToken: fc.oneof(fc.string({ minLength: 8 }), text),
      signingKey: fc.oneof(fc.string({ minLength: 8 }), text),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);
const numberBody = fc.record(
  {
    e164: fc.oneof(phoneInput, fc.constantFrom(() => A.e164, () => T.e164).map((f) => f())),
    carrier: fc.oneof(fc.constantFrom("twilio", "telnyx", "signalwire", "Twilio", "bandwidth", ""), text),
    credentials,
    mode: fc.oneof(fc.constantFrom("forward", "status", "FORWARD"), text),
  },
  { requiredKeys: [] },
);
const TEMPLATE_KINDS = ["missed_call", "after_hours", "voicemail", "ai_abandoned", "follow_up", "help", "opt_out", "opt_in"];
const templateBody = fc.record(
  {
    body: fc.oneof(
      fc.constantFrom(
        "{business}: sorry we missed your call. Reply STOP to opt out.",
        "{business}: {bookingUrl} {hoursToday} {callerPhone} {businessPhone} Reply STOP to opt out.",
        "{{business}} {unknown} {", "}", "{business", "https://bit.ly/abc {business} Reply STOP", "🙂".repeat(100), "x".repeat(2001),
      ),
      text,
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);
const consentBody = fc.record(
  { phone: phoneInput, kind: fc.oneof(fc.constantFrom("opt_out", "opt_in", "OPT_OUT", "implied_by_call"), text), note: fc.oneof(text, fc.jsonValue()) },
  { requiredKeys: [] },
);

const sendTextBody = fc.record(
  { to: phoneInput, body: fc.oneof(wellFormed, fc.jsonValue()), from: fc.oneof(phoneInput, fc.constantFrom(() => A.e164).map((f) => f())) },
  { requiredKeys: [] },
);

/** The JSON body, or a broken rendering of it: truncated, raw bytes, a non-JSON string. */
function rendering<T>(value: fc.Arbitrary<T>) {
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(value, fc.dictionary(text, fc.jsonValue(), { maxKeys: 3 })).map(([v, extra]) => JSON.stringify(typeof v === "object" && v !== null && !Array.isArray(v) ? { ...extra, ...v } : v)) },
    { weight: 1, arbitrary: fc.tuple(value, fc.nat()).map(([v, n]) => { const s = JSON.stringify(v) ?? ""; return s.slice(0, n % (s.length + 1)); }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "nul", "[1,2", '{"name":"\\ud800"}', '{"name": "x", "name": 5}', "\ufeff{}", '{"settings":{"__proto__":{"paused":true}}}') },
  );
}

/** Admin bodies that are valid (or one or two fields off): so runs get past validation into the writes. */
const usPhone = fc.stringMatching(/^\+1512[2-9]\d{6}$/);
const validBodies = {
  business: mutate(
    fc.record({
      name: fc.constantFrom("Acme Plumbing", "Bright Dental", "Zoë's Café 🙂"),
      timezone: fc.constantFrom("America/Chicago", "Europe/London", "Asia/Kathmandu"),
      forwardTo: usPhone,
      notifyPhone: usPhone,
      bookingUrl: fc.constantFrom("https://acme.example/book", "https://x.example"),
      hours: fc.constant({ weekly: { mon: [{ open: "09:00", close: "17:00" }] }, holidays: ["2026-12-25"] }),
      settings: fc.record({ dailyCap: fc.nat({ max: 1000 }), cooldownHours: fc.nat({ max: 48 }), allowedCountries: fc.constant(["US", "CA"]) }, { requiredKeys: [] }),
    }),
  ),
  number: mutate(
    fc.record({
      e164: usPhone,
      carrier: fc.constant("twilio"),
      credentials: fc.record({ accountSid: fc.stringMatching(/^AC[0-9a-f]{32}$/), authToken: fc.string({ minLength: 8, maxLength: 32 }) }),
      mode: fc.constantFrom("forward", "status"),
    }),
  ),
  template: mutate(fc.record({ body: fc.constantFrom("{business}: sorry we missed your call. Reply STOP to opt out.", "{business}: we're closed. {bookingUrl} Reply STOP to opt out.") })),
  consent: mutate(fc.record({ phone: usPhone, kind: fc.constantFrom("opt_out", "opt_in"), note: fc.constantFrom("asked by phone", "") })),
  text: mutate(fc.record({ to: usPhone, body: fc.constantFrom("Hi, it's Acme. Still need help?", "") })),
};
const either = <T, U>(valid: fc.Arbitrary<T>, random: fc.Arbitrary<U>) => fc.oneof(valid as fc.Arbitrary<T | U>, random);

const adminRoutes = () => [
  { method: "POST", path: fc.constant("/businesses"), body: rendering(either(validBodies.business, businessBody)) },
  { method: "PATCH", path: idPath(""), body: rendering(either(validBodies.business, businessBody)) },
  { method: "POST", path: idPath("/numbers"), body: rendering(either(validBodies.number, numberBody)) },
  {
    method: "PUT",
    path: fc
      .tuple(idPath("/templates/"), fc.oneof(fc.constantFrom(...TEMPLATE_KINDS), fc.constantFrom("", "MISSED_CALL", "..", "%2e%2e", "missed_call%00", "%ZZ", "__proto__", "constructor"), text.map(pathSafe)))
      .map(([p, k]) => p + k),
    body: rendering(either(validBodies.template, templateBody)),
  },
  { method: "POST", path: idPath("/consent"), body: rendering(either(validBodies.consent, consentBody)) },
  { method: "POST", path: idPath("/messages"), body: rendering(either(validBodies.text, sendTextBody)) },
  {
    method: "POST",
    path: fc.oneof(fc.constantFrom("m_doesnotexist", "%ZZ", ""), text.map(pathSafe)).map((id) => `/messages/${id}/retry`),
    body: rendering(fc.jsonValue()),
  },
];

/** Any text as one path segment (lone surrogates dropped: they have no UTF-8 form to escape). */
function pathSafe(t: string): string {
  return encodeURIComponent(t.replace(/[\ud800-\udfff]/g, ""));
}

/** `/businesses/<id><rest>`: the spare business mostly, else a missing or weird id. */
function idPath(rest: string) {
  return fc
    .oneof(
      { weight: 5, arbitrary: fc.constant(() => spare).map((f) => f()) },
      { weight: 1, arbitrary: fc.constantFrom("biz_doesnotexist", "%ZZ", "%00", "..", "%2F", "a".repeat(500), "biz_%E0%A4%A", "' OR '1'='1") },
      { weight: 1, arbitrary: text.map(pathSafe) },
    )
    .map((id) => `/businesses/${id}${rest}`);
}

describe("admin API with random and mutated input", () => {
  it("never answers 5xx to POST/PATCH/PUT businesses, numbers, templates, consent, texts and retries, whatever the body, type or id", async () => {
    const seen = tally();
    const routes = adminRoutes();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: routes.length - 1 }).chain((i) => fc.tuple(fc.constant(routes[i]!.method), routes[i]!.path, routes[i]!.body)),
        fc.oneof({ weight: 8, arbitrary: fc.constant("application/json") }, { weight: 2, arbitrary: formType }),
        fc.option(headerSafe),
        async ([method, path, body], type, idempotencyKey) => {
          const headers: Record<string, string> = { authorization: ADMIN };
          if (type !== null) headers["content-type"] = type;
          if (idempotencyKey !== null) headers["idempotency-key"] = idempotencyKey;
          const res = await send(`/api${path}`, { method, headers, body });
          seen.add(res.status);
          if (res.status >= 500) throw new Error(`${res.status} for ${method} ${path} ${typeof body === "string" ? body.slice(0, 500) : "bytes"} → ${await res.text()}`);
        },
      ),
      { seed: SEED, numRuns: 800 },
    );
    // Valid bodies were among them (the generators are not all noise).
    expect(seen.get(200) + seen.get(201), String(seen)).toBeGreaterThan(20);
    expect(seen.get(400), String(seen)).toBeGreaterThan(100);
  }, 60_000);

  it("never answers 5xx to the read routes, whatever the id, phone or query string", async () => {
    const seen = tally();
    const qvalue = fc.oneof(
      fc.constantFrom("", "0", "1", "500", "501", "-1", "1e3", "NaN", "Infinity", "2026-01-01", "2026-13-45", "275760-09-13", "-271821-04-20", "8.64e15", "dead", "DEAD", "%", "%ZZ"),
      text.map(pathSafe),
    );
    const query = fc
      .array(fc.tuple(fc.constantFrom("limit", "status", "from", "to", "entity", "entityId", "x"), qvalue), { maxLength: 4 })
      .map((q) => (q.length ? `?${q.map(([k, v]) => `${k}=${v}`).join("&")}` : ""));
    const phoneSegment = fc.oneof(e164ish.map(encodeURIComponent), fc.constantFrom("%2B15122345678", "+1%20512", "%ZZ", "anonymous"), text.map(pathSafe));
    const path = fc.oneof(
      fc.constantFrom("/businesses", "/metrics", "/audit"),
      fc.tuple(idPath(""), fc.constantFrom("", "/templates", "/calls", "/messages", "/report", "/report.csv", "/consent.csv")).map(([p, r]) => p + r),
      fc.tuple(idPath("/consent/"), phoneSegment).map(([p, ph]) => p + ph),
    );
    await fc.assert(
      fc.asyncProperty(path, query, async (p, q) => {
        const res = await send(`/api${p}${q}`, { method: "GET", headers: { authorization: ADMIN } });
        seen.add(res.status);
        if (res.status >= 500) throw new Error(`${res.status} for GET ${p}${q} → ${await res.text()}`);
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(seen.get(200), String(seen)).toBeGreaterThan(50);
  }, 60_000);

  it("answers 401 without the token, or with a wrong one, and changes nothing", async () => {
    const before = await adminCounts();
    const routes = adminRoutes();
    const token = fc.oneof(
      fc.constant(null),
      fc.constantFrom("", "Bearer", "Bearer ", "Bearer test-admin-toke", "Bearer test-admin-token-at-least-32-chars2", "bearer  TEST-ADMIN-TOKEN-AT-LEAST-32-CHARS", "Basic dGVzdC1hZG1pbi10b2tlbi1hdC1sZWFzdC0zMi1jaGFycw==", "Bearer test-admin-token-at-least-32-chars, Bearer x", "test-admin-token-at-least-32-chars"),
      headerSafe.map((t) => `Bearer ${t}`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: routes.length - 1 }).chain((i) => fc.tuple(fc.constant(routes[i]!.method), routes[i]!.path, routes[i]!.body)),
        token,
        async ([method, path, body], auth) => {
          const headers: Record<string, string> = { "content-type": "application/json" };
          if (auth !== null) headers.authorization = auth;
          const res = await send(`/api${path}`, { method, headers, body });
          expect(res.status, `${method} ${path} with ${JSON.stringify(auth)}`).toBe(401);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
    expect(await adminCounts()).toEqual(before);
  }, 60_000);
});
