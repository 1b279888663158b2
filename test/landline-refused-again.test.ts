/**
 * A caller the carrier refused a text to as a landline's (without the lookup, setting
 * `lookupLineType` off): their first missed call alerts the owner when the text-back is refused;
 * every later one, decided `skipped:undeliverable_landline` without texting, alerts the owner the
 * same way at once (once per call, never to an owner's phone that texted STOP), the caller hears a
 * call-back promised, and the calls list says why in words. Driven through Twilio's webhooks (and an
 * AI receptionist's, whose line reads the caller first), the line, the queue and the outbox,
 * however the later call is recorded. A number refused for another
 * reason (unknown, invalid) keeps `skipped:undeliverable`: no promise, no alert.
 */
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signTextback } from "../src/crypto/textback-signature";
import { sendDigests } from "../src/ops/scheduled";
import { clockTime } from "../src/rules/display";
import { localTime } from "../src/rules/schedule";
import { api, apiJson, callSid, createTwilioLine, dialStatus, eventually, inboundSms, ORIGIN, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { readForm } from "./support/form";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 30_000 });

const CALL_BACK = "We'll call you back as soon as we can.";
const TRY_LATER = "Please try again later.";
const EXPLAINED = "Not texted: the carrier refused an earlier text to this number as a landline or a number that cannot get texts: the owner is alerted to call them back";

/** Twilio's Messages API: a text to `refused` is refused at once with its error code, any other is queued. */
function mockTwilio(refused: ReadonlyMap<string, number>) {
  const texts: { to: string; body: string; sid: string }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    if (new URL(req.url).hostname !== "api.twilio.com") return new Response("blocked", { status: 599 });
    const form = await readForm(req);
    const to = form.get("To") ?? "";
    const code = refused.get(to);
    if (code) return Response.json({ code, message: "refused", status: 400 }, { status: 400 });
    const sid = `SM${crypto.randomUUID().replace(/-/g, "")}`;
    texts.push({ to, body: form.get("Body") ?? "", sid });
    return Response.json({ sid, status: "queued" }, { status: 201 });
  });
  return { texts, to: (phone: string) => texts.filter((t) => t.to === phone).map((t) => t.body) };
}

interface Setup {
  line: TwilioLine;
  owner: string;
  caller: string;
  apis: ReturnType<typeof mockTwilio>;
}

/** A business without the lookup, and a caller whose texts Twilio refuses with `code` at once (none: their texts go out). */
async function business(code: number | null, settings: Record<string, unknown> = {}): Promise<Setup> {
  const caller = uniquePhone("612");
  const apis = mockTwilio(new Map(code ? [[caller, code]] : []));
  const owner = uniquePhone("773");
  const line = await createTwilioLine({ settings, notifyPhone: owner });
  return { line, owner, caller, apis };
}

const unescape = (s: string) => s.replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** A missed call (nobody answered the forward): what the caller hears. */
async function missed(s: Setup): Promise<string> {
  const res = await twilioWebhook("/webhooks/twilio/dial-status", { ...dialStatus(s.line, s.caller, "no-answer"), CallSid: callSid() }, s.line.authToken);
  expect(res.status).toBe(200);
  return unescape(/<Say[^>]*>(.*?)<\/Say>/s.exec(await res.text())?.[1] ?? "");
}

interface ListedCall {
  decision: string;
  explanation: string;
  at: string;
}

/** The caller's calls as the API lists them, newest first, once there are `n` and the newest is no longer a text in flight. */
async function callsOf(s: Setup, n: number, decision?: string): Promise<ListedCall[]> {
  return eventually(async () => {
    const { calls } = await apiJson<{ calls: ListedCall[] }>("GET", `/businesses/${s.line.businessId}/calls`);
    return calls.length === n && (!decision || calls[0]!.decision === decision) ? calls : undefined;
  });
}

/** The carrier's refusal is kept (the `undeliverable` table) with its code. */
async function refusalKept(s: Setup, code: string): Promise<void> {
  await eventually(async () => {
    const row = await env.DB.prepare("SELECT error_code FROM undeliverable WHERE business_id = ?1 AND phone = ?2").bind(s.line.businessId, s.caller).first<{ error_code: string }>();
    return row?.error_code === code;
  });
}

const national = (phone: string) => `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
const alertFor = (s: Setup, at: string) => `Textback: missed call from a landline ${national(s.caller)} at ${clockTime(Date.parse(at), "America/Chicago", "en-US")}: call them back`;
const landlineAlerts = (s: Setup) => s.apis.to(s.owner).filter((b) => b.startsWith("Textback: missed call from a landline"));

/** The first call: its text-back refused at once with 21614 (not a mobile), and the owner told to call back. */
async function firstCallRefused(s: Setup): Promise<ListedCall> {
  await missed(s);
  await refusalKept(s, "21614");
  const [first] = await callsOf(s, 1);
  expect(await eventually(async () => landlineAlerts(s)[0])).toBe(alertFor(s, first!.at));
  return first!;
}

describe.each([
  ["written behind (no cooldown)", { cooldownHours: 0 }],
  ["decided in cooldown, corrected by D1", {}],
  ["recorded by the line (a follow-up planned)", { cooldownHours: 0, followUp: { enabled: true, afterHours: 24 } }],
])("a later call from a number refused as a landline's (%s)", (_how, settings) => {
  it("alerts the owner again, promises a call back and says why on the calls list", async () => {
    const s = await business(21614, settings);
    await firstCallRefused(s);

    const words = await missed(s);
    expect(words).toContain(CALL_BACK);
    expect(words).not.toMatch(/text/i);
    const [second] = await callsOf(s, 2, "skipped:undeliverable_landline");
    expect(second!.explanation).toBe(EXPLAINED);
    expect(await eventually(async () => landlineAlerts(s)[1])).toBe(alertFor(s, second!.at));
    await settle(300);
    expect(landlineAlerts(s)).toHaveLength(2);
    expect(s.apis.to(s.caller)).toEqual([]);

    const session = await newSession();
    const page = async (path: string) => unescape(await (await get(session, `/admin/businesses/${s.line.businessId}${path}`)).text());
    const list = await page("/calls");
    expect(list).toContain(EXPLAINED);
    expect(list).toContain("Landline · call back");
    expect(await page(`/conversations/${encodeURIComponent(s.caller)}`)).toContain(EXPLAINED);
  });
});

const AI_SECRET = "vai_secret_0123456789abcdef";

/** An AI receptionist's signed `call.abandoned` for the caller (webhooks/voice-ai.ts reads the caller's status with the line). */
async function abandonedOnTheAi(s: Setup): Promise<{ decision: string }> {
  const raw = JSON.stringify({ event: "call.abandoned", businessNumber: s.line.e164, from: s.caller, callId: `ai_${crypto.randomUUID()}`, at: new Date().toISOString() });
  const res = await exports.default.fetch(`${ORIGIN}/webhooks/voice-ai`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-textback-signature": await signTextback(AI_SECRET, Math.floor(Date.now() / 1000), raw) },
    body: raw,
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe("a number the carrier refused as a landline's", () => {
  it("decided knowing the caller (an AI receptionist's call): the owner is alerted again", async () => {
    const s = await business(21614, { cooldownHours: 0 });
    expect((await api("PATCH", `/businesses/${s.line.businessId}`, { voiceAiSecret: AI_SECRET })).status).toBe(200);
    expect(await abandonedOnTheAi(s)).toMatchObject({ decision: "texted:ai_abandoned" });
    await refusalKept(s, "21614");
    await eventually(async () => landlineAlerts(s)[0]);

    expect(await abandonedOnTheAi(s)).toMatchObject({ decision: "skipped:undeliverable_landline" });
    const [second] = await callsOf(s, 2, "skipped:undeliverable_landline");
    expect(second!.explanation).toBe(EXPLAINED);
    expect(await eventually(async () => landlineAlerts(s)[1])).toBe(alertFor(s, second!.at));
    await settle(300);
    expect(landlineAlerts(s)).toHaveLength(2);
  });

  it("refused in a delivery report (30006): the next call alerts the owner too", async () => {
    const s = await business(null, { cooldownHours: 0 });
    await missed(s);
    const text = await eventually(async () => s.apis.texts.find((t) => t.to === s.caller));
    const report = { MessageSid: text.sid, MessageStatus: "undelivered", ErrorCode: "30006", From: s.line.e164, To: s.caller, AccountSid: s.line.accountSid };
    expect((await twilioWebhook("/webhooks/twilio/sms-status", report, s.line.authToken)).status).toBe(200);
    await refusalKept(s, "30006");
    await eventually(async () => landlineAlerts(s)[0]);

    expect(await missed(s)).toContain(CALL_BACK);
    const [second] = await callsOf(s, 2, "skipped:undeliverable_landline");
    expect(await eventually(async () => landlineAlerts(s)[1])).toBe(alertFor(s, second!.at));
    await settle(300);
    expect(s.apis.to(s.caller)).toHaveLength(1);
  });

  it("alerts once per call, however many calls", async () => {
    const s = await business(21614);
    await firstCallRefused(s);
    await missed(s);
    await missed(s);
    const calls = await callsOf(s, 3, "skipped:undeliverable_landline");
    expect(calls[1]!.decision).toBe("skipped:undeliverable_landline");
    await eventually(async () => landlineAlerts(s).length === 3);
    await settle(300);
    expect(landlineAlerts(s).sort()).toEqual(calls.map((c) => alertFor(s, c.at)).sort());
  });

  it("is listed in the owner's daily digest with the landline callers to call back", async () => {
    const s = await business(21614);
    await firstCallRefused(s);
    await missed(s);
    await callsOf(s, 2, "skipped:undeliverable_landline");
    let at = Date.now() + 24 * 3_600_000;
    const hour = Number(localTime(at, "America/Chicago").time.slice(0, 2));
    if (hour < 8) at += (8 - hour) * 3_600_000;
    await sendDigests(env, at);
    const digest = await eventually(async () => s.apis.to(s.owner).find((b) => b.startsWith("Textback for")));
    expect(digest).toContain(`Landline callers to call back: ${national(s.caller)}.`);
  });

  it("never alerts an owner's phone that texted STOP", async () => {
    const s = await business(21614);
    expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.owner, "STOP"), s.line.authToken)).status).toBe(200);
    await eventually(async () => s.apis.to(s.owner).length === 1);
    await missed(s);
    await refusalKept(s, "21614");
    expect(await missed(s)).toContain(CALL_BACK);
    await callsOf(s, 2, "skipped:undeliverable_landline");
    await settle(300);
    expect(landlineAlerts(s)).toEqual([]);
  });
});

describe("a number refused for another reason (21211, invalid)", () => {
  it("keeps its handling: skipped undeliverable, no promise, no alert", async () => {
    const s = await business(21211);
    await missed(s);
    await refusalKept(s, "21211");
    const words = await missed(s);
    expect(words).toContain(TRY_LATER);
    expect(words).not.toContain(CALL_BACK);
    const [second] = await callsOf(s, 2, "skipped:undeliverable");
    expect(second!.explanation).toBe("Not texted: the carrier said this number cannot receive texts");
    await settle(300);
    expect(s.apis.to(s.owner)).toEqual([]);
  });
});
