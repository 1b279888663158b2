/**
 * What a missed caller hears matches what the line decided for the call, on every carrier's voice
 * answer: a text on its way (at once, or shortly when texts are delayed), a VIP's or a known landline's
 * (by the lookup, or by the carrier's refusal of an earlier text) call-back, or, for
 * a caller texted within the cooldown calling again, "We have your message…"; for any other call not
 * texted, "Please try again later" without a word of texting or of why. Heard where a
 * call is missed at once (mode `forwarded`) and after an unanswered forward (voicemail on, the
 * default). A contact's tags and an admin's opt-out live in D1 only: the line reads them before
 * answering even when the outbox writes the text behind.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, eventually, settle, uniquePhone } from "./support/app";
import { bandwidthAuth, createLine, formWebhook, mockCarriers, placeCall, sendSms, telnyxEvent, type CarrierKind, type Line } from "./support/carriers";
import { bandwidthCallback } from "./support/carriers-bandwidth";
import { plivoNumber, plivoWebhook } from "./support/carriers-plivo";
import { vonageWebhook } from "./support/vonage";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 30_000 });

const SORRY = "Sorry, nobody at Acme Plumbing can take your call right now.";
const TEXT_NOW = "We'll text you in a moment.";
const TEXT_SOON = "We'll text you shortly.";
const CALL_BACK = "We'll call you back as soon as we can.";
const TRY_LATER = "Please try again later.";
const WAITING = "We have your message and will get back to you as soon as we can.";

type Route = "missed at once" | "after the forward";

interface Call {
  line: Line;
  caller: string;
  mock: ReturnType<typeof mockCarriers>;
  /** Telnyx Call Control commands' bodies, by action. */
  commands: Array<{ action: string; body: Record<string, unknown> }>;
}

/** Every carrier mocked, and Telnyx's Call Control commands kept with their bodies (what `answer` carries, what `speak` says). */
function carriers(): Pick<Call, "mock" | "commands"> {
  const mock = mockCarriers();
  const spy = vi.mocked(globalThis.fetch);
  const inner = spy.getMockImplementation()!;
  const commands: Call["commands"] = [];
  spy.mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const action = /^\/v2\/calls\/[^/]+\/actions\/([a-z_]+)$/.exec(new URL(req.url).pathname);
    if (action) commands.push({ action: action[1]!, body: (await req.clone().json()) as Record<string, unknown> });
    return inner(req);
  });
  return { mock, commands };
}

/** A line of `carrier`; `forwarded`: the business's own line forwards its unanswered calls here. */
async function lineFor(carrier: CarrierKind, route: Route, settings: Record<string, unknown> = {}): Promise<Call> {
  const mocks = carriers();
  const line = await createLine(carrier, settings);
  if (route === "missed at once") {
    const { numbers } = await apiJson("GET", `/businesses/${line.businessId}`);
    await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${numbers[0].id}`, { mode: "forwarded" });
  }
  return { line, caller: uniquePhone(), ...mocks };
}

const unescape = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The words of an XML answer's `<tag>`, or of an NCCO's `talk`. */
async function spoken(res: Response, tag: string): Promise<string> {
  expect(res.status).toBe(200);
  if (tag === "talk") return ((await res.json()) as Array<{ action: string; text?: string }>).find((a) => a.action === "talk")?.text ?? "";
  return unescape(new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(await res.text())?.[1] ?? "");
}

/** A call the business's own line forwarded here, as each carrier delivers it, and what the caller hears. */
async function missedAtOnce(s: Call, callId: string): Promise<string> {
  const { line, caller } = s;
  switch (line.carrier) {
    case "twilio":
    case "signalwire": {
      const params = { CallSid: `CA${callId.replace(/-/g, "")}`, From: caller, To: line.e164, CallStatus: "ringing", Direction: "inbound", ForwardedFrom: line.forwardTo };
      return spoken(await formWebhook(line, "/webhooks/twilio/voice", params), "Say");
    }
    case "plivo": {
      const params = { CallUUID: callId, From: plivoNumber(caller), To: plivoNumber(line.e164), CallStatus: "ringing", Direction: "inbound" };
      return spoken(await plivoWebhook("/webhooks/plivo/voice", params, line.secret), "Speak");
    }
    case "bandwidth": {
      const initiate = { eventType: "initiate", callId: `c-${callId}`, from: caller, to: line.e164, direction: "inbound", eventTime: new Date().toISOString() };
      return spoken(await bandwidthCallback("/webhooks/bandwidth/voice", initiate, bandwidthAuth(line)), "SpeakSentence");
    }
    case "vonage":
      return spoken(await vonageWebhook("/webhooks/vonage/answer", { uuid: callId, from: caller.slice(1), to: line.e164.slice(1) }, line), "talk");
    case "telnyx": {
      // Call Control: we answer on call.initiated, and speak when Telnyx says the call is answered, with the state our answer set.
      const leg = { call_control_id: `v3:in-${callId}`, call_session_id: callId, from: caller, to: line.e164, direction: "incoming" };
      expect((await telnyxEvent(line, "call.initiated", { ...leg, state: "parked" }, Date.now())).status).toBe(200);
      const answer = s.commands.find((c) => c.action === "answer" && c.body.command_id === `answer-${leg.call_control_id}`)!;
      expect((await telnyxEvent(line, "call.answered", { ...leg, client_state: answer.body.client_state }, Date.now())).status).toBe(200);
      return String(s.commands.find((c) => c.action === "speak" && c.body.command_id === `speak-${leg.call_control_id}`)?.body.payload ?? "");
    }
  }
}

/** A call forwarded to the business's phone that nobody answered: what the carrier plays the caller next (the voicemail offer). */
async function afterTheForward(s: Call, callId: string): Promise<string> {
  const responses = await placeCall(s.line, s.caller, "no-answer", { id: callId });
  const last = responses[responses.length - 1]!;
  const tag = { twilio: "Say", signalwire: "Say", plivo: "Speak", bandwidth: "SpeakSentence", vonage: "talk", telnyx: "" }[s.line.carrier];
  return spoken(last, tag);
}

function heard(s: Call, route: Route, callId = crypto.randomUUID()): Promise<string> {
  return route === "missed at once" ? missedAtOnce(s, callId) : afterTheForward(s, callId);
}

/** The whole greeting: the apology, what happens next, and the voicemail offer (Bandwidth's `<Record>` plays no tone; Telnyx takes no voicemail). */
function greeting(carrier: CarrierKind, next: string): string {
  if (carrier === "telnyx") return `${SORRY} ${next}`;
  return `${SORRY} ${next} You can also leave a message ${carrier === "bandwidth" ? "now" : "after the tone"}.`;
}

/** The carrier refused an earlier text to the caller with `code` (kept in `undeliverable`). */
const refused = (s: Call, code: string) =>
  env.DB.prepare("INSERT INTO undeliverable (business_id, phone, error_code, at) VALUES (?1, ?2, ?3, ?4)").bind(s.line.businessId, s.caller, code, Date.now()).run();

const tag = (s: Call, tags: string[]) => apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`, { name: "Maria Lopez", tags });

async function decisionOf(s: Call): Promise<string | undefined> {
  const { calls } = await apiJson("GET", `/businesses/${s.line.businessId}/calls`);
  return (calls as Array<{ from: string; decision: string }>).find((c) => c.from === s.caller)?.decision;
}

/** Telnyx greets only a call it answers itself: in forward mode the forwarded leg's end decides and nothing is played. */
const ROUTES: Array<[CarrierKind, Route]> = (["twilio", "signalwire", "telnyx", "vonage", "plivo", "bandwidth"] as const).flatMap((c) =>
  c === "telnyx" ? [[c, "missed at once"] as [CarrierKind, Route]] : [[c, "missed at once"], [c, "after the forward"]] as Array<[CarrierKind, Route]>,
);

describe.each(ROUTES)("%s, %s", (carrier, route) => {
  it("a stranger is told a text is coming, and gets it", async () => {
    const s = await lineFor(carrier, route);
    expect(await heard(s, route)).toBe(greeting(carrier, TEXT_NOW));
    await eventually(async () => s.mock.to(s.caller).length === 1);
  });

  it("a blocked contact hears no promise and no reason, and is not texted", async () => {
    const s = await lineFor(carrier, route);
    await tag(s, ["blocked"]);
    const words = await heard(s, route);
    expect(words).toBe(greeting(carrier, TRY_LATER));
    expect(words).not.toMatch(/text|block/i);
    await eventually(async () => (await decisionOf(s)) === "skipped:blocked");
    await settle(100);
    expect(s.mock.to(s.caller)).toHaveLength(0);
  });

  it("a VIP is told they will be called back", async () => {
    const s = await lineFor(carrier, route);
    await tag(s, ["vip"]);
    expect(await heard(s, route)).toBe(greeting(carrier, CALL_BACK));
    await eventually(async () => (await decisionOf(s)) === "skipped:vip");
  });

  it("a caller known as a landline is told they will be called back, not texted", async () => {
    const s = await lineFor(carrier, route, { lookupLineType: true });
    await env.DB.prepare("INSERT INTO line_types (business_id, phone, line_type, checked_at) VALUES (?1, ?2, 'landline', ?3)").bind(s.line.businessId, s.caller, Date.now()).run();
    expect(await heard(s, route)).toBe(greeting(carrier, CALL_BACK));
    await eventually(async () => (await decisionOf(s)) === "skipped:landline");
  });

  it("a caller the carrier refused a text to as a landline's is told they will be called back, not texted", async () => {
    const s = await lineFor(carrier, route);
    await refused(s, "21614");
    expect(await heard(s, route)).toBe(greeting(carrier, CALL_BACK));
    await eventually(async () => (await decisionOf(s)) === "skipped:undeliverable_landline");
  });

  it("a caller an admin opted out is not told a text is coming", async () => {
    const s = await lineFor(carrier, route);
    await apiJson("POST", `/businesses/${s.line.businessId}/consent`, { phone: s.caller, kind: "opt_out" });
    expect(await heard(s, route)).toBe(greeting(carrier, TRY_LATER));
  });
});

describe("every reason a call is not texted, after an unanswered forward (Twilio)", () => {
  const route: Route = "after the forward";
  const cases: Array<[string, Record<string, unknown>, (s: Call) => Promise<unknown>]> = [
    ["a contact tagged internal", {}, (s) => tag(s, ["internal"])],
    ["a caller who texted STOP", {}, (s) => sendSms(s.line, s.caller, "STOP")],
    ["a toll-free caller", {}, async (s) => (s.caller = uniquePhone("888"))],
    ["a premium-rate caller", {}, async (s) => (s.caller = uniquePhone("900"))],
    ["a caller from a country not allowed", {}, async (s) => (s.caller = "+447911123456")],
    ["an invalid number", {}, async (s) => (s.caller = "+12125550155")],
    ["a withheld number", {}, async (s) => (s.caller = "+266696687")],
    ["one of the business's own phones", {}, async (s) => (s.caller = s.line.forwardTo)],
    ["a number the carrier called unknown (30005)", {}, (s) => refused(s, "30005")],
    ["a paused business", { paused: true }, async () => undefined],
    ["test mode", { shadow: true }, async () => undefined],
    ["the daily cap reached", { dailyCap: 0 }, async () => undefined],
  ];

  it.each(cases)("%s: 'Please try again later', nothing about texts", async (_, settings, setup) => {
    const s = await lineFor("twilio", route, settings);
    await setup(s);
    const words = await heard(s, route);
    expect(words).toBe(greeting("twilio", TRY_LATER));
    expect(words).not.toMatch(/text/i);
    await eventually(async () => (await decisionOf(s))?.startsWith("skipped:"));
  });

  it("a caller texted a moment ago calling again (cooldown): told the business has their message, no text promised", async () => {
    const s = await lineFor("twilio", route);
    expect(await heard(s, route)).toBe(greeting("twilio", TEXT_NOW));
    const words = await heard(s, route);
    expect(words).toBe(greeting("twilio", WAITING));
    expect(words).not.toMatch(/text|try again/i);
    await eventually(async () => {
      const { calls } = await apiJson("GET", `/businesses/${s.line.businessId}/calls`);
      return (calls as Array<{ decision: string }>).some((c) => c.decision === "skipped:cooldown");
    });
  });

  it("a delayed text: 'We'll text you shortly', and the line holds it", async () => {
    const s = await lineFor("twilio", route, { textDelaySeconds: 300 });
    expect(await heard(s, route)).toBe(greeting("twilio", TEXT_SOON));
    await eventually(async () => (await decisionOf(s)) === "texted:no_answer");
    expect(s.mock.to(s.caller)).toHaveLength(0);
  });

  it("without voicemail: the same words, then the call ends", async () => {
    const s = await lineFor("twilio", "missed at once", { voicemail: false });
    await tag(s, ["blocked"]);
    expect(await heard(s, "missed at once")).toBe(`${SORRY} ${TRY_LATER}`);
  });
});

describe("status mode: the business's own system speaks to the caller, Textback says nothing", () => {
  it.each<CarrierKind>(["twilio", "plivo", "bandwidth", "vonage"])("%s: the status callback's answer has no words", async (carrier) => {
    const s = await lineFor(carrier, "after the forward");
    const { numbers } = await apiJson("GET", `/businesses/${s.line.businessId}`);
    expect((await api("PATCH", `/businesses/${s.line.businessId}/numbers/${numbers[0].id}`, { mode: "status" })).status).toBe(200);
    await tag(s, ["blocked"]);
    const body = await (await statusCallback(s)).text();
    expect(body).not.toMatch(/<Say|<Speak|talk|Sorry/);
    await eventually(async () => (await decisionOf(s)) === "skipped:blocked");
  });
});

/** The call-ended callback of status mode, in each carrier's format. */
function statusCallback(s: Call): Promise<Response> {
  const { line, caller } = s;
  const id = crypto.randomUUID();
  switch (line.carrier) {
    case "plivo":
      return plivoWebhook("/webhooks/plivo/hangup", { CallUUID: id, From: plivoNumber(caller), To: plivoNumber(line.e164), CallStatus: "no-answer", HangupCause: "NO_ANSWER", Duration: "0" }, line.secret);
    case "bandwidth": {
      const now = new Date().toISOString();
      const event = { eventType: "disconnect", callId: `c-${id}`, from: caller, to: line.e164, direction: "inbound", eventTime: now, endTime: now, cause: "timeout" };
      return bandwidthCallback("/webhooks/bandwidth/voice-status", event, bandwidthAuth(line));
    }
    case "vonage":
      return vonageWebhook("/webhooks/vonage/event", { uuid: id, status: "unanswered", direction: "inbound", from: caller.slice(1), to: line.e164.slice(1) }, line);
    default:
      return formWebhook(line, "/webhooks/twilio/call-status", { CallSid: `CA${id.replace(/-/g, "")}`, From: caller, To: line.e164, CallStatus: "no-answer" });
  }
}
