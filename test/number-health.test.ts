import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkNumberHealth } from "../src/ops/number-health";
import { api, apiJson, eventually, settle, uniquePhone } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { setupStandIn } from "./support/carrier-setup";
import { createLine, formWebhook, mockCarriers, telnyxEvent, type Line } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

/** A line whose business's own phone forwards unanswered calls to it, with an owner to alert. */
async function forwardedLine(carrier: "twilio" | "telnyx", settings: Record<string, unknown> = {}) {
  const line = await createLine(carrier, settings);
  const { numbers } = await apiJson("GET", `/businesses/${line.businessId}`);
  const numberId = numbers[0].id as string;
  await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${numberId}`, { mode: "forwarded" });
  const owner = uniquePhone("773");
  await api("PATCH", `/businesses/${line.businessId}`, { notifyPhone: owner });
  return { line, numberId, owner };
}

async function calls(line: Line) {
  return (await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls as Array<{ id: string; decision: string; from: string }>;
}

async function ownerAlerts(businessId: string, owner: string) {
  const r = await env.DB.prepare("SELECT body FROM messages WHERE business_id = ? AND to_phone = ? AND kind = 'alert'").bind(businessId, owner).all<{ body: string }>();
  return r.results.map((m) => m.body);
}

const voice = (line: Line, caller: string, sid: string, extra: Record<string, string> = {}) =>
  formWebhook(line, "/webhooks/twilio/voice", { CallSid: sid, From: caller, To: line.e164, CallStatus: "ringing", Direction: "inbound", ...extra });

describe("forwarded mode (Twilio)", () => {
  it("texts an arriving call at once, greets without dialling back, and records where it was forwarded from", async () => {
    const mock = mockCarriers();
    const { line } = await forwardedLine("twilio");
    const caller = uniquePhone();
    const sid = `CA${crypto.randomUUID().replace(/-/g, "")}`;
    const res = await voice(line, caller, sid, { ForwardedFrom: line.forwardTo });
    const twiml = await res.text();
    expect(twiml).not.toContain("<Dial");
    expect(twiml).toContain("We&apos;ll text you in a moment");
    expect(twiml).toContain("<Record"); // voicemail is on by default
    // The carrier retries the webhook: still one text.
    await voice(line, caller, sid, { ForwardedFrom: line.forwardTo });
    await eventually(async () => mock.to(caller).length === 1);
    await settle(200);
    expect(mock.to(caller)).toHaveLength(1);
    const [call] = await calls(line);
    expect(call).toMatchObject({ decision: "texted:no_answer" });
    const row = await env.DB.prepare("SELECT facts FROM calls WHERE business_id = ?").bind(line.businessId).first<{ facts: string }>();
    expect(JSON.parse(row!.facts)).toMatchObject({ source: "forwarded", forwardedFrom: line.forwardTo });
  });

  it("without voicemail, says the greeting and hangs up", async () => {
    mockCarriers();
    const { line } = await forwardedLine("twilio", { voicemail: false });
    const twiml = await (await voice(line, uniquePhone(), `CA${crypto.randomUUID().replace(/-/g, "")}`)).text();
    expect(twiml).toContain("<Say>");
    expect(twiml).toContain("<Hangup");
    expect(twiml).not.toContain("<Record");
    expect(twiml).not.toContain("<Dial");
  });

  it("the number's page shows the forwarding codes for the US carriers, and the API the Voice URL to paste", async () => {
    const { line } = await forwardedLine("twilio");
    const { numbers } = await apiJson("GET", `/businesses/${line.businessId}`);
    expect(numbers[0]).toMatchObject({ mode: "forwarded", webhookUrls: { voice: expect.stringMatching(/\/webhooks\/twilio\/voice$/) } });
    const html = await (await get(await newSession(), `/admin/businesses/${line.businessId}/numbers`)).text();
    const digits = line.e164.slice(2);
    for (const code of [`**61*${digits}**15#`, `*71${digits}`, `*92${digits}`, "##004#"]) expect(html).toContain(code);
    expect(html).toContain("your number forwards here");
  });
});

describe("the number's page waits for its first call", () => {
  it("says it is waiting, then (and in the JSON it polls) names the last call and where it was forwarded from", async () => {
    mockCarriers();
    const { line, numberId } = await forwardedLine("twilio");
    const session = await newSession();
    const page = `/admin/businesses/${line.businessId}/numbers`;
    expect(await (await get(session, page)).text()).toContain("Waiting for the first call to reach Textback");
    const poll = `${page}/${numberId}/last-call`;
    expect(await (await get(session, poll)).json()).toMatchObject({ at: null });
    await voice(line, "+14155550199", `CA${crypto.randomUUID().replace(/-/g, "")}`, { ForwardedFrom: line.forwardTo });
    await eventually(async () => (await calls(line)).length === 1);
    const digits = line.forwardTo.slice(2);
    const national = `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
    const words = new RegExp(`Last call \\w{3} \\d{1,2}:\\d{2} [AP]M from \\(415\\) 555-0199, forwarded from \\${national.replace(/[()]/g, "\\$&").slice(1)}`);
    expect((await (await get(session, poll)).json()) as { words: string }).toMatchObject({ at: expect.any(Number), words: expect.stringMatching(words) });
    expect(await (await get(session, page)).text()).toMatch(words);
    // The dashboard names each number's last call too.
    expect(await (await get(session, `/admin/businesses/${line.businessId}`)).text()).toMatch(words);
  });
});

describe("forwarded mode (Telnyx)", () => {
  it("decides on call.initiated, answers, speaks the greeting, hangs up, and the hangup adds no second text", async () => {
    const mock = mockCarriers();
    const { line } = await forwardedLine("telnyx");
    const caller = uniquePhone();
    const session = crypto.randomUUID();
    const leg = { call_control_id: `v3:in-${session}`, call_session_id: session, from: caller, to: line.e164, direction: "incoming" };
    const t0 = Date.now();
    expect((await telnyxEvent(line, "call.initiated", { ...leg, state: "parked" }, t0)).status).toBe(200);
    expect(mock.callActions).toContain(`answer ${leg.call_control_id}`);
    expect(mock.transfers).toHaveLength(0);
    const state = btoa(JSON.stringify({ n: line.e164, greet: true }));
    await telnyxEvent(line, "call.answered", { ...leg, client_state: state }, t0 + 500);
    expect(mock.callActions).toContain(`speak ${leg.call_control_id}`);
    // Command events carry no numbers: our client_state names the business number.
    const ended = await telnyxEvent(line, "call.speak.ended", { call_control_id: leg.call_control_id, call_session_id: session, client_state: state, status: "completed" }, t0 + 6000);
    expect(ended.status).toBe(200);
    expect(mock.callActions).toContain(`hangup ${leg.call_control_id}`);
    await telnyxEvent(line, "call.hangup", { ...leg, client_state: state, hangup_cause: "normal_clearing", hangup_source: "callee" }, t0 + 6500);
    await eventually(async () => mock.to(caller).length === 1);
    await settle(200);
    expect(mock.to(caller)).toHaveLength(1);
    expect((await calls(line))[0]).toMatchObject({ decision: "texted:no_answer" });
  });
});

describe("caller ID rewritten by the forwarding", () => {
  it("texts nobody and alerts the owner once", async () => {
    const mock = mockCarriers();
    const { line, owner } = await forwardedLine("twilio");
    for (let i = 0; i < 2; i++) await voice(line, line.forwardTo, `CA${crypto.randomUUID().replace(/-/g, "")}`);
    await eventually(async () => (await calls(line)).length === 2);
    expect((await calls(line)).map((c) => c.decision)).toEqual(["skipped:own_number", "skipped:own_number"]);
    const now = Date.now();
    await checkNumberHealth(env, now);
    await checkNumberHealth(env, now + 11 * 60_000);
    const alerts = await ownerAlerts(line.businessId, owner);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/replaces the caller's number with your own/);
    await settle(200);
    expect(mock.to(line.forwardTo)).toHaveLength(0);
  });

  it("in forward mode, the owner calling their own Textback number is not a rewrite", async () => {
    mockCarriers();
    const line = await createLine("twilio");
    const owner = uniquePhone("773");
    await api("PATCH", `/businesses/${line.businessId}`, { notifyPhone: owner });
    await formWebhook(line, "/webhooks/twilio/dial-status", { CallSid: `CA${crypto.randomUUID().replace(/-/g, "")}`, From: line.forwardTo, To: line.e164, DialCallStatus: "no-answer" });
    await eventually(async () => (await calls(line)).length === 1);
    expect((await calls(line))[0]!.decision).toBe("skipped:own_number");
    await checkNumberHealth(env, Date.now());
    expect(await ownerAlerts(line.businessId, owner)).toHaveLength(0);
  });
});

describe("heartbeat", () => {
  const HOUR = 3_600_000;
  const CHICAGO_OFFSET = 6 * HOUR; // February: CST, UTC-6
  /** Wall-clock Chicago time in February 2026 as epoch ms. */
  const chicago = (day: number, hh: number, mm = 0) => Date.UTC(2026, 1, day, hh, mm) + CHICAGO_OFFSET;

  async function withHistory(hours: unknown) {
    mockCarriers();
    const { line, numberId, owner } = await forwardedLine("twilio");
    await api("PATCH", `/businesses/${line.businessId}`, { hours });
    // Four weeks of calls, five a week, the last on Tuesday 10 February at 10:00.
    const stmt = env.DB.prepare(
      "INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, facts, at) VALUES (?, ?, ?, ?, ?, ?, 'no_answer', 'texted:no_answer', 'no_answer', NULL, ?)",
    );
    const last = chicago(10, 10);
    const rows = Array.from({ length: 20 }, (_, i) => last - Math.floor(i / 5) * 7 * 24 * HOUR - (i % 5) * HOUR);
    await env.DB.batch(rows.map((at, i) => stmt.bind(`c_hb_${numberId}_${i}`, line.businessId, numberId, `CA${i}${numberId}`, uniquePhone(), line.e164, at)));
    return { line, owner };
  }

  const weekdays = { weekly: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ open: "08:00", close: "17:00" }]])) };

  it("alerts once after a whole business day with no calls, and never twice for the same quiet spell", async () => {
    const { line, owner } = await withHistory(weekdays);
    await checkNumberHealth(env, chicago(11, 16, 5)); // Wednesday, still open
    expect(await ownerAlerts(line.businessId, owner)).toHaveLength(0);
    await checkNumberHealth(env, chicago(11, 18, 5)); // Wednesday closed with no call
    await checkNumberHealth(env, chicago(12, 9, 5));
    const alerts = await ownerAlerts(line.businessId, owner);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/No calls have reached Textback on \(\d{3}\) \d{3}-\d{4} since Tuesday 10:00 AM: is forwarding still on\?/);
  });

  it("a closed day or a holiday is not a quiet business day", async () => {
    const { line, owner } = await withHistory({ ...weekdays, holidays: ["2026-02-11"], weekly: { ...weekdays.weekly, thu: [] } });
    await checkNumberHealth(env, chicago(12, 18, 5)); // Wednesday a holiday, Thursday closed
    expect(await ownerAlerts(line.businessId, owner)).toHaveLength(0);
    await checkNumberHealth(env, chicago(13, 18, 5)); // Friday open and quiet
    expect(await ownerAlerts(line.businessId, owner)).toHaveLength(1);
  });
});

describe("the nightly check of a number's carrier settings", () => {
  it("alerts once when settings Textback configured stop pointing at it, on the number's slot of the day", async () => {
    const s = setupStandIn();
    const { line, numberId, owner } = await forwardedLine("twilio");
    s.twilio.set(line.e164, { sid: "PNnightly", phone_number: line.e164, voice_url: null, sms_url: null, status_callback: null, voice_application_sid: null, sms_application_sid: null });
    await apiJson("POST", `/businesses/${line.businessId}/numbers/${numberId}/configure`);
    const { rowid } = (await env.DB.prepare("SELECT rowid FROM numbers WHERE id = ?").bind(numberId).first<{ rowid: number }>())!;
    const SLOT = 10 * 60_000;
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const mySlot = day + (rowid % 144) * SLOT + 60_000;
    await checkNumberHealth(env, mySlot);
    expect(await ownerAlerts(line.businessId, owner)).toHaveLength(0);
    s.twilio.get(line.e164)!.voice_url = "https://another-app.example/voice";
    await checkNumberHealth(env, mySlot + SLOT); // another slot: not this number's turn
    expect(await ownerAlerts(line.businessId, owner)).toHaveLength(0);
    await checkNumberHealth(env, mySlot + 86_400_000);
    await checkNumberHealth(env, mySlot + 2 * 86_400_000);
    const alerts = await ownerAlerts(line.businessId, owner);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/settings of \(\d{3}\) \d{3}-\d{4} at the carrier changed: A call comes in \(Voice URL\) no longer points at Textback/);
  });
});
