/**
 * A landline caller (setting `lookupLineType`), in workerd through Twilio's webhooks: nobody can
 * text them, so the business's phone is told at once to call them back ("Missed call from a
 * landline (612) 234-0000 at 2:04 AM: call them back"), once per call, whichever way the call was
 * recorded and wherever the landline became known; never to an owner's phone that texted STOP, nor
 * in test mode. A caller asked about while the call still rings is known as a landline by the time
 * it is missed: they hear a call-back promised, not a text. The leads, calls and conversations
 * mark them "Landline · call back", and the conversations list them though no text was ever sent.
 * Without the lookup, the carrier's refusal of the text-back as a landline's alerts the owner the same way.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clockTime } from "../src/rules/display";
import { apiJson, callSid, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { readForm } from "./support/form";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 30_000 });

/** Twilio's Messages API and Lookup v2 (line_type_intelligence): `landlines` are landlines, everyone else a mobile. */
function mockTwilio(landlines: ReadonlySet<string>, notMobile: ReadonlySet<string> = new Set()) {
  const texts: { to: string; body: string; sid: string }[] = [];
  const lookups: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    const asked = url.hostname === "lookups.twilio.com" ? /^\/v2\/PhoneNumbers\/([^/]+)$/.exec(url.pathname) : null;
    if (asked) {
      const phone = decodeURIComponent(asked[1]!);
      lookups.push(phone);
      const type = landlines.has(phone) ? "landline" : "mobile";
      return Response.json({ phone_number: phone, valid: true, line_type_intelligence: { error_code: null, carrier_name: "AT&T", type } });
    }
    if (url.hostname === "api.twilio.com") {
      const form = await readForm(req);
      const to = form.get("To") ?? "";
      if (notMobile.has(to)) return Response.json({ code: 21614, message: "'To' number is not a valid mobile number", status: 400 }, { status: 400 });
      const sid = `SM${crypto.randomUUID().replace(/-/g, "")}`;
      texts.push({ to, body: form.get("Body") ?? "", sid });
      return Response.json({ sid, status: "queued" }, { status: 201 });
    }
    return new Response("blocked", { status: 599 });
  });
  return { texts, lookups, to: (phone: string) => texts.filter((t) => t.to === phone).map((t) => t.body) };
}

interface Setup {
  line: TwilioLine;
  owner: string;
  caller: string;
  apis: ReturnType<typeof mockTwilio>;
}

async function landlineCaller(settings: Record<string, unknown> = {}): Promise<Setup> {
  const caller = uniquePhone("612");
  const apis = mockTwilio(new Set([caller]));
  const owner = uniquePhone("773");
  const line = await createTwilioLine({ settings: { cooldownHours: 0, lookupLineType: true, ...settings }, notifyPhone: owner });
  return { line, owner, caller, apis };
}

/** The call arrives (Twilio's voice webhook: the business's phone rings) and the lookup asked meanwhile has its answer kept. */
async function rings(s: Setup, sid: string): Promise<void> {
  const res = await twilioWebhook("/webhooks/twilio/voice", { CallSid: sid, From: s.caller, To: s.line.e164, CallStatus: "ringing", Direction: "inbound" }, s.line.authToken);
  expect(await res.text()).toContain("<Dial");
  await eventually(() => env.DB.prepare("SELECT line_type FROM line_types WHERE business_id = ?1 AND phone = ?2").bind(s.line.businessId, s.caller).first<{ line_type: string }>());
}

/** Nobody answers: what the caller hears. */
async function missed(s: Setup, sid = callSid()): Promise<string> {
  const res = await twilioWebhook("/webhooks/twilio/dial-status", { ...dialStatus(s.line, s.caller, "no-answer"), CallSid: sid }, s.line.authToken);
  expect(res.status).toBe(200);
  return res.text();
}

/** The call, once recorded `skipped:landline`, and when it came. */
async function callOf(s: Setup): Promise<{ decision: string; at: number }> {
  const call = await eventually(async () => {
    const { calls } = await apiJson("GET", `/businesses/${s.line.businessId}/calls`);
    return calls[0]?.decision === "skipped:landline" ? (calls[0] as { decision: string; at: string }) : undefined;
  });
  return { decision: call.decision, at: Date.parse(call.at) };
}

/** What the TwiML says to the caller. */
const said = (twiml: string) => /<Say[^>]*>(.*?)<\/Say>/s.exec(twiml)?.[1] ?? "";

const national = (phone: string) => `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
const alertFor = (s: Setup, at: number) => `Textback: missed call from a landline ${national(s.caller)} at ${clockTime(at, "America/Chicago", "en-US")}: call them back`;

describe("a landline known while the call rings", () => {
  it("hears a call-back promised, not a text; the owner is told at once; the lists say to call back", async () => {
    const s = await landlineCaller();
    const sid = callSid();
    await rings(s, sid);
    const words = said(await missed(s, sid));
    expect(words).toContain("We&apos;ll call you back as soon as we can.");
    expect(words).not.toMatch(/text/i);
    const call = await callOf(s);
    const alert = await eventually(async () => s.apis.to(s.owner)[0]);
    expect(alert).toBe(alertFor(s, call.at));
    await settle(200);
    expect(s.apis.to(s.caller)).toEqual([]);
    expect(s.apis.to(s.owner)).toHaveLength(1);
    expect(s.apis.lookups).toEqual([s.caller]);

    const session = await newSession();
    const page = async (path: string) => (await get(session, `/admin/businesses/${s.line.businessId}${path}`)).text();
    expect(await page("/leads")).toContain("Landline · call back");
    expect(await page("/calls")).toContain("Landline · call back");
    expect(await page("/conversations")).toContain("Landline · call back");
    const { conversations } = (await (await get(session, `/admin/businesses/${s.line.businessId}/conversations.json`)).json()) as { conversations: { phone: string; landline: boolean; preview: string }[] };
    expect(conversations).toEqual([expect.objectContaining({ phone: s.caller, landline: true, preview: expect.stringMatching(/landline/) })]);
  });

  it("is recorded by the line the same way (a follow-up planned): one alert, no text", async () => {
    const s = await landlineCaller({ followUp: { enabled: true, afterHours: 24 } });
    const sid = callSid();
    await rings(s, sid);
    expect(await missed(s, sid)).toContain("We&apos;ll call you back as soon as we can.");
    const call = await callOf(s);
    expect(await eventually(async () => s.apis.to(s.owner)[0])).toBe(alertFor(s, call.at));
    await settle(200);
    expect(s.apis.to(s.caller)).toEqual([]);
    expect(s.apis.to(s.owner)).toHaveLength(1);
  });
});

describe.each([
  ["written behind", {}],
  ["recorded by the line", { followUp: { enabled: true, afterHours: 24 } }],
  ["written behind, privateTexts on", { privateTexts: true }],
])("a landline first known when its text is due (%s)", (_how, settings) => {
  it("gets no text, and the owner is told to call back, once", async () => {
    const s = await landlineCaller(settings);
    await missed(s);
    const call = await callOf(s);
    expect(await eventually(async () => s.apis.to(s.owner)[0])).toBe(alertFor(s, call.at));
    await settle(300);
    expect(s.apis.to(s.caller)).toEqual([]);
    expect(s.apis.to(s.owner)).toHaveLength(1);
  });
});

describe("no call-back alert", () => {
  it("to an owner's phone that texted STOP", async () => {
    const s = await landlineCaller();
    expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.owner, "STOP"), s.line.authToken)).status).toBe(200);
    await eventually(async () => s.apis.to(s.owner).length === 1);
    const sid = callSid();
    await rings(s, sid);
    await missed(s, sid);
    await callOf(s);
    await settle(300);
    expect(s.apis.to(s.owner)).toHaveLength(1);
    expect(s.apis.to(s.owner)[0]).not.toMatch(/landline/);
  });

  it("in test mode: nothing is sent", async () => {
    const s = await landlineCaller({ shadow: true });
    const sid = callSid();
    await rings(s, sid);
    await missed(s, sid);
    await eventually(async () => (await apiJson("GET", `/businesses/${s.line.businessId}/calls`)).calls[0]?.decision?.startsWith("skipped:"));
    await settle(300);
    expect(s.apis.texts).toEqual([]);
  });

  it("for a mobile: it is texted, and the owner hears nothing of it", async () => {
    const s = await landlineCaller();
    const mobile = uniquePhone("415");
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(s.line, mobile, "no-answer"), s.line.authToken);
    await eventually(async () => s.apis.to(mobile).length === 1);
    await settle(200);
    expect(s.apis.to(s.owner)).toEqual([]);
  });
});

describe("a landline the carrier reports (no lookup)", () => {
  /** `notMobile`: Twilio refuses the caller's text at once as not a mobile number. */
  async function business(notMobile = false): Promise<Setup> {
    const caller = uniquePhone("612");
    const apis = mockTwilio(new Set(), new Set(notMobile ? [caller] : []));
    const owner = uniquePhone("773");
    const line = await createTwilioLine({ settings: { cooldownHours: 0 }, notifyPhone: owner });
    return { line, owner, caller, apis };
  }

  const callAt = async (s: Setup) => Date.parse((await apiJson("GET", `/businesses/${s.line.businessId}/calls`)).calls[0].at);

  it("refused at once (21614, not a mobile): the owner is told to call back", async () => {
    const s = await business(true);
    await missed(s);
    expect(await eventually(async () => s.apis.to(s.owner)[0])).toBe(alertFor(s, await callAt(s)));
  });

  it("undelivered later (30006): the owner is told once, however often the report comes", async () => {
    const s = await business();
    await missed(s);
    const text = await eventually(async () => s.apis.texts.find((t) => t.to === s.caller));
    const report = { MessageSid: text.sid, MessageStatus: "undelivered", ErrorCode: "30006", From: s.line.e164, To: s.caller, AccountSid: s.line.accountSid };
    for (let i = 0; i < 2; i++) expect((await twilioWebhook("/webhooks/twilio/sms-status", report, s.line.authToken)).status).toBe(200);
    expect(await eventually(async () => s.apis.to(s.owner)[0])).toBe(alertFor(s, await callAt(s)));
    await settle(300);
    expect(s.apis.to(s.owner)).toHaveLength(1);
  });

  it("a reply that fails the same way alerts nobody: only a call's text-back does", async () => {
    const s = await business();
    await missed(s);
    await eventually(async () => s.apis.to(s.caller).length === 1);
    await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, "STOP"), s.line.authToken);
    const confirmation = await eventually(async () => s.apis.texts.filter((t) => t.to === s.caller)[1]);
    const report = { MessageSid: confirmation.sid, MessageStatus: "undelivered", ErrorCode: "30006", From: s.line.e164, To: s.caller, AccountSid: s.line.accountSid };
    await twilioWebhook("/webhooks/twilio/sms-status", report, s.line.authToken);
    await settle(300);
    expect(s.apis.to(s.owner).filter((b) => b.startsWith("Textback: missed call from a landline"))).toEqual([]);
  });
});
