/**
 * Landlines (setting `lookupLineType`, DESIGN.md §6.4) through Twilio's dial-status webhook in
 * workerd: before a caller's first text the outbox asks the carrier's lookup (answered here in the
 * carriers' own response shapes), keeps the answer, and texts no landline: the call is recorded
 * `skipped:landline` and the owner's digest lists the caller. A lookup that fails or takes too long
 * texts anyway. Each case is taken through both ways a text is recorded: written behind by the
 * outbox, and recorded by the line (a follow-up planned).
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyRetention, sendDigests } from "../src/ops/scheduled";
import { localTime } from "../src/rules/schedule";
import { apiJson, createTwilioLine, dialStatus, eventually, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { createLine, placeCall } from "./support/carriers";
import { readForm } from "./support/form";

afterEach(() => vi.restoreAllMocks());

type Answer = "mobile" | "landline" | "fixed line" | "500" | "hang";

/** Twilio Lookup v2 with line_type_intelligence, as documented (a real response's fields). */
const twilioLookup = (phone: string, type: string) => ({
  calling_country_code: "1",
  country_code: "US",
  phone_number: phone,
  national_format: `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`,
  valid: true,
  validation_errors: [],
  caller_name: null,
  sim_swap: null,
  call_forwarding: null,
  line_type_intelligence: {
    error_code: null,
    mobile_country_code: type === "mobile" ? "310" : null,
    mobile_network_code: type === "mobile" ? "456" : null,
    carrier_name: type === "mobile" ? "Verizon Wireless" : "AT&T Local",
    type,
  },
  identity_match: null,
  url: `https://lookups.twilio.com/v2/PhoneNumbers/${phone}`,
});

/** Telnyx number lookup with type=carrier, as documented. */
const telnyxLookup = (phone: string, type: string) => ({
  data: {
    caller_name: null,
    carrier: { error_code: null, mobile_country_code: null, mobile_network_code: null, name: "AT&T", normalized_carrier: "AT&T", type },
    country_code: "US",
    fraud: null,
    national_format: `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`,
    phone_number: phone,
    portability: { city: "CHICAGO", line_type: type, lrn: "3122340000", ported_status: "N", state: "IL" },
    record_type: "number_lookup",
    valid_number: true,
  },
});

/** Both carriers' APIs: texts sent, lookups asked (answered per phone from `answers`). */
function mockCarrierApis(answers: Map<string, Answer>) {
  const texts: { to: string; body: string }[] = [];
  const lookups: { url: URL; authorization: string | null }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    const twilioAsk = url.hostname === "lookups.twilio.com" ? /^\/v2\/PhoneNumbers\/([^/]+)$/.exec(url.pathname) : null;
    const telnyxAsk = url.hostname === "api.telnyx.com" ? /^\/v2\/number_lookup\/([^/]+)$/.exec(url.pathname) : null;
    const asked = twilioAsk ?? telnyxAsk;
    if (asked) {
      const phone = decodeURIComponent(asked[1]!);
      lookups.push({ url, authorization: req.headers.get("authorization") });
      const answer = answers.get(phone) ?? "mobile";
      if (answer === "500") return Response.json({ code: 20500, message: "Internal Server Error", status: 500 }, { status: 500 });
      if (answer === "hang") return new Promise<Response>((_r, reject) => req.signal.addEventListener("abort", () => reject(new Error("aborted"))));
      return Response.json(twilioAsk ? twilioLookup(phone, answer) : telnyxLookup(phone, answer));
    }
    if (url.hostname === "api.twilio.com") {
      const form = await readForm(req);
      texts.push({ to: form.get("To") ?? "", body: form.get("Body") ?? "" });
      return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
    }
    if (url.hostname === "api.telnyx.com" && url.pathname === "/v2/messages") {
      const j = (await req.json()) as { to: string; text: string };
      texts.push({ to: j.to, body: j.text });
      return Response.json({ data: { id: crypto.randomUUID(), to: [{ phone_number: j.to, status: "queued" }] } });
    }
    if (url.hostname === "api.telnyx.com") return Response.json({ data: { result: "ok" } });
    return new Response("blocked", { status: 599 });
  });
  return { texts, lookups, to: (phone: string) => texts.filter((t) => t.to === phone) };
}

/** The owner's phone: one per business, since a digest run covers every business there is. */
const owners = new Map<string, string>();

async function business(settings: Record<string, unknown>): Promise<TwilioLine> {
  const owner = uniquePhone("773");
  const line = await createTwilioLine({ settings: { cooldownHours: 0, lookupLineType: true, ...settings }, notifyPhone: owner });
  owners.set(line.businessId, owner);
  return line;
}

async function missedCall(line: TwilioLine, caller: string): Promise<string> {
  const params = dialStatus(line, caller, "no-answer");
  expect((await twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken)).status).toBe(200);
  return params.CallSid;
}

async function decisionOf(businessId: string, sid: string, expected: string): Promise<void> {
  await eventually(async () => {
    const { calls } = await apiJson("GET", `/businesses/${businessId}/calls`);
    return calls.find((c: { carrierCallId: string }) => c.carrierCallId === sid)?.decision === expected;
  });
}

const RECORDINGS: [string, Record<string, unknown>][] = [
  ["written behind", {}],
  ["recorded by the line", { followUp: { enabled: true, afterHours: 24 } }],
];

describe.each(RECORDINGS)("a missed call with lookupLineType on (%s)", (_how, settings) => {
  it("a landline: no text, the call skipped:landline, and the owner's digest lists the caller to call back", async () => {
    const caller = uniquePhone();
    const apis = mockCarrierApis(new Map([[caller, "landline"]]));
    const line = await business(settings);
    await decisionOf(line.businessId, await missedCall(line, caller), "skipped:landline");
    await settle(200);
    expect(apis.to(caller)).toEqual([]);
    expect(apis.lookups).toHaveLength(1);
    expect(apis.lookups[0]!.url.pathname).toBe(`/v2/PhoneNumbers/${encodeURIComponent(caller)}`);
    expect(apis.lookups[0]!.url.searchParams.get("Fields")).toBe("line_type_intelligence");
    expect(apis.lookups[0]!.authorization).toBe(`Basic ${btoa(`${line.accountSid}:${line.authToken}`)}`);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls[0].explanation).toMatch(/landline/);

    let at = Date.now() + 24 * 3_600_000;
    const hour = Number(localTime(at, "America/Chicago").time.slice(0, 2));
    if (hour < 8) at += (8 - hour) * 3_600_000;
    await sendDigests(env, at);
    const digest = await eventually(async () => apis.to(owners.get(line.businessId)!).find((t) => t.body.startsWith("Textback for")));
    const national = `(${caller.slice(2, 5)}) ${caller.slice(5, 8)}-${caller.slice(8)}`;
    expect(digest.body).toBe(`Textback for Acme Plumbing, yesterday: 1 missed call from 1 person; 0 texted back, 0 replied. Landline callers to call back: ${national}.`);
  });

  it("a mobile: texted, after one lookup", async () => {
    const caller = uniquePhone();
    const apis = mockCarrierApis(new Map([[caller, "mobile"]]));
    const line = await business(settings);
    await decisionOf(line.businessId, await missedCall(line, caller), "texted:no_answer");
    await eventually(async () => apis.to(caller).length === 1);
    expect(apis.lookups).toHaveLength(1);
  });

  it.each<[string, Answer]>([
    ["the lookup answers 500", "500"],
    ["the lookup takes longer than 1.5 s", "hang"],
  ])("texts anyway when %s", async (_name, answer) => {
    const caller = uniquePhone();
    const apis = mockCarrierApis(new Map([[caller, answer]]));
    const line = await business(settings);
    const started = Date.now();
    await decisionOf(line.businessId, await missedCall(line, caller), "texted:no_answer");
    await eventually(async () => apis.to(caller).length === 1, 8000);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(apis.lookups).toHaveLength(1);
  });

  it("uses the kept answer the second time: one lookup for two calls", async () => {
    const [landline, mobile] = [uniquePhone(), uniquePhone()];
    const apis = mockCarrierApis(new Map<string, Answer>([[landline, "landline"], [mobile, "mobile"]]));
    const line = await business(settings);
    await decisionOf(line.businessId, await missedCall(line, landline), "skipped:landline");
    await decisionOf(line.businessId, await missedCall(line, mobile), "texted:no_answer");
    await eventually(async () => apis.to(mobile).length === 1);
    await decisionOf(line.businessId, await missedCall(line, landline), "skipped:landline");
    await decisionOf(line.businessId, await missedCall(line, mobile), "texted:no_answer");
    await eventually(async () => apis.to(mobile).length === 2);
    await settle(200);
    expect(apis.to(landline)).toEqual([]);
    expect(apis.lookups.map((l) => decodeURIComponent(l.url.pathname.split("/").pop()!)).sort()).toEqual([landline, mobile].sort());
  });
});

describe("lookupLineType", () => {
  it("is off by default: no lookup, the landline is texted as before", async () => {
    const caller = uniquePhone();
    const apis = mockCarrierApis(new Map([[caller, "landline"]]));
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    await decisionOf(line.businessId, await missedCall(line, caller), "texted:no_answer");
    await eventually(async () => apis.to(caller).length === 1);
    expect(apis.lookups).toEqual([]);
  });

  it("asks Telnyx's number lookup for a Telnyx number: a fixed line is not texted", async () => {
    const caller = uniquePhone();
    const apis = mockCarrierApis(new Map([[caller, "fixed line"]]));
    const line = await createLine("telnyx", { cooldownHours: 0, lookupLineType: true });
    await placeCall(line, caller, "no-answer");
    await eventually(async () => {
      const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
      return calls[0]?.decision === "skipped:landline";
    });
    await settle(200);
    expect(apis.to(caller)).toEqual([]);
    expect(apis.lookups).toHaveLength(1);
    expect(apis.lookups[0]!.url.searchParams.get("type")).toBe("carrier");
    expect(apis.lookups[0]!.authorization).toMatch(/^Bearer /);
  });
});

describe("kept answers", () => {
  it("are deleted once past 90 days, by the retention run", async () => {
    mockCarrierApis(new Map());
    const line = await business({});
    const [old, fresh] = [uniquePhone(), uniquePhone()];
    const now = Date.now();
    const keep = (phone: string, at: number) =>
      env.DB.prepare("INSERT INTO line_types (business_id, phone, line_type, checked_at) VALUES (?1, ?2, 'landline', ?3)").bind(line.businessId, phone, at).run();
    await keep(old, now - 91 * 24 * 3_600_000);
    await keep(fresh, now - 89 * 24 * 3_600_000);
    await applyRetention(env, now);
    const { results } = await env.DB.prepare("SELECT phone FROM line_types WHERE business_id = ?1").bind(line.businessId).all<{ phone: string }>();
    expect(results.map((r) => r.phone)).toEqual([fresh]);
  });
});

