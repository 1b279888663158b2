/** Urgent triage and on-call paging (DESIGN.md §6.3), in workerd, escalation driven by the line's alarm. */
import { PRESETS } from "../src/presets";
import { formatPhone } from "../src/rules/display";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { ownerReachesAged } from "./support/owner-reaches";
import { mockTwilio } from "./support/carriers";
import { missedCaller, type MissedCaller } from "./support/missed-caller";
import { lineAlarmAt } from "./support/line-clock";

afterEach(() => vi.restoreAllMocks());

type Setup = MissedCaller & { sam: string; alex: string };

async function plumberWithOnCall(): Promise<Setup> {
  const [sam, alex] = [uniquePhone("737"), uniquePhone("737")];
  // A key given with the preset replaces the preset's whole value, so the preset's words and messages are repeated.
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const settings = { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }], escalateAfterMinutes: 10 } };
  return { ...(await missedCaller({ name: "Drip Plumbing", preset: "home_services", settings, bookingUrl: null })), sam, alex };
}

async function text(s: Setup, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const bodies = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const lead = async (s: Setup) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];

/** Run the line's alarm as if the clock read `at`. */
const alarmAt = (s: Setup, at: number) => lineAlarmAt(s.line.e164, at);

describe("an urgent reply", () => {
  it("tells the caller help is coming, pages the first person on call, and marks the lead urgent", async () => {
    const s = await plumberWithOnCall();
    await text(s, s.caller, "Burst pipe in the basement!! at 12 Oak St");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    expect(bodies(s, s.caller)[1]).toMatch(/reaching our on-call technician now/);
    // The address is in the caller's words: the page gives it once.
    expect(bodies(s, s.sam)[0]).toBe(`URGENT ${formatPhone(s.caller)}: "Burst pipe in the basement!! at 12 Oak St". Reply OK to take it.`);
    expect(s.carrier.to(s.alex)).toHaveLength(0);
    expect(await lead(s)).toMatchObject({ urgent: true, acknowledgedAt: null });
  });

  it("escalates to the next person on call, then the owner, each paged once, when nobody takes it", async () => {
    const s = await plumberWithOnCall();
    const start = Date.now();
    await text(s, s.caller, "No heat and it's freezing");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    await alarmAt(s, start + 10 * 60_000 + 1_000);
    await eventually(async () => s.carrier.to(s.alex).length === 1);
    expect(s.carrier.to(s.owner)).toHaveLength(0);
    await alarmAt(s, start + 20 * 60_000 + 1_000);
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodies(s, s.owner)[0]).toMatch(/^URGENT/);
    await alarmAt(s, start + 60 * 60_000);
    await settle(200);
    expect([s.carrier.to(s.sam).length, s.carrier.to(s.alex).length, s.carrier.to(s.owner).length]).toEqual([1, 1, 1]);
  });

  it("a caller the business knows is named with their number; a danger says so first; each escalation says who did not take it", async () => {
    const s = await plumberWithOnCall();
    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`, { name: "Margaret Olson", tags: ["customer"] });
    const start = Date.now();
    await text(s, s.caller, "I smell gas in the basement");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    const page = `URGENT, DANGER (smell gas) Margaret Olson ${formatPhone(s.caller)}: "I smell gas in the basement". They got the safety message.`;
    expect(bodies(s, s.sam)).toEqual([`${page} Reply OK to take it.`]);
    await alarmAt(s, start + 10 * 60_000 + 1_000);
    await eventually(async () => s.carrier.to(s.alex).length === 1);
    expect(bodies(s, s.alex)).toEqual([`${page} Escalated: Sam didn't take it. Reply OK to take it.`]);
    await alarmAt(s, start + 20 * 60_000 + 1_000);
    await eventually(async () => bodies(s, s.owner).some((b) => b.startsWith("URGENT")));
    expect(bodies(s, s.owner).filter((b) => b.startsWith("URGENT"))).toEqual([`${page} Escalated: Alex didn't take it. Reply OK to take it.`]);
  });

  it("OK from the person paged takes it: who and when are recorded, and nobody else is paged", async () => {
    const s = await plumberWithOnCall();
    const start = Date.now();
    await text(s, s.caller, "basement is flooding");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    await text(s, s.sam, "OK");
    await eventually(async () => s.carrier.to(s.sam).length === 2);
    expect(bodies(s, s.sam)[1]).toBe(`Textback: thanks Sam, it's yours. Call ${formatPhone(s.caller)} now.`);
    const l = await lead(s);
    expect(l).toMatchObject({ urgent: true, acknowledgedBy: `Sam (${s.sam})` });
    expect(l.acknowledgedAt).toBeGreaterThanOrEqual(start);
    await alarmAt(s, start + 60 * 60_000);
    await settle(200);
    expect(s.carrier.to(s.alex)).toHaveLength(0);
    expect(s.carrier.to(s.owner)).toHaveLength(0);
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    expect(messages.filter((m: { kind: string; status: string }) => m.kind === "page" && m.status === "canceled")).toHaveLength(2);
  });

  it("the next person can take it once the page reached them", async () => {
    const s = await plumberWithOnCall();
    const start = Date.now();
    await text(s, s.caller, "flooding everywhere");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    await alarmAt(s, start + 10 * 60_000 + 1_000);
    await eventually(async () => s.carrier.to(s.alex).length === 1);
    await text(s, s.alex, "yes");
    await eventually(async () => (await lead(s)).acknowledgedBy === `Alex (${s.alex})`);
  });

  it("a gas smell gets the call-911 message first", async () => {
    const s = await plumberWithOnCall();
    await text(s, s.caller, "I smell gas near the water heater");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect(bodies(s, s.caller)[1]!.startsWith(PRESETS.home_services.settings.urgent.safetyMessage)).toBe(true);
    await eventually(async () => s.carrier.to(s.sam).length === 1);
  });

  it("a danger named once the lead is urgent gets the call-911 message, once, and pages nobody again", async () => {
    const s = await plumberWithOnCall();
    const start = Date.now();
    await text(s, s.caller, "basement is flooding");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    await text(s, s.caller, "now I smell gas too");
    await eventually(async () => s.carrier.to(s.caller).length === 3);
    expect(bodies(s, s.caller)[2]).toBe(PRESETS.home_services.settings.urgent.safetyMessage);
    await text(s, s.caller, "still smell gas, where are you?");
    await alarmAt(s, start + 10 * 60_000 + 1_000);
    await eventually(async () => s.carrier.to(s.alex).length === 1);
    await settle(200);
    // Not warned twice; Sam paged once, Alex once when it escalated, as before the gas (Sam, paged, was told of it: urgent-danger.test.ts).
    expect(bodies(s, s.caller).filter((b) => b.includes("call 911"))).toHaveLength(1);
    const pages = (to: string) => bodies(s, to).filter((b) => b.startsWith("URGENT")).length;
    expect([pages(s.sam), pages(s.alex)]).toEqual([1, 1]);
  });

  it("a negated word is not urgent: 'no flooding' pages nobody", async () => {
    const s = await plumberWithOnCall();
    await text(s, s.caller, "No flooding, just a slow drain");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect(bodies(s, s.caller)[1]).toMatch(/address/);
    await settle(200);
    expect(s.carrier.to(s.sam)).toHaveLength(0);
    expect(await lead(s)).toMatchObject({ urgent: false });
  });

  it("an on-call person who texted STOP is not paged: the next one is, at once", async () => {
    const s = await plumberWithOnCall();
    await text(s, s.sam, "STOP");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    expect(bodies(s, s.sam)[0]).toMatch(/paused/);
    await text(s, s.caller, "basement flooding");
    await eventually(async () => s.carrier.to(s.alex).length === 1);
    expect(s.carrier.to(s.sam)).toHaveLength(1);
  });

  it("an on-call person's other texts reach no caller and open no lead", async () => {
    const s = await plumberWithOnCall();
    await text(s, s.sam, "running late today");
    await settle(200);
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    expect(leads.map((l: { phone: string }) => l.phone)).toEqual([s.caller]);
    expect(bodies(s, s.caller)).toHaveLength(1);
  });
});

describe("a voicemail's transcription", () => {
  async function transcription(s: Setup, text: string, callSid = `CA${crypto.randomUUID().replace(/-/g, "")}`) {
    const params = { AccountSid: s.line.accountSid, CallSid: callSid, From: s.caller, To: s.line.e164, TranscriptionStatus: "completed", TranscriptionText: text };
    expect((await twilioWebhook("/webhooks/twilio/voicemail-transcription", params, s.line.authToken)).status).toBe(200);
    return params;
  }

  it("pages the on-call when it says there is an emergency, once however often Twilio posts it", async () => {
    const s = await plumberWithOnCall();
    const params = await transcription(s, "Hi, the pipe burst pipe in our basement and it's flooding, please call back");
    await twilioWebhook("/webhooks/twilio/voicemail-transcription", params, s.line.authToken);
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    expect(bodies(s, s.sam)[0]).toMatch(/^URGENT/);
    expect(await lead(s)).toMatchObject({ urgent: true, status: "new" });
    await settle(200);
    expect(s.carrier.to(s.sam)).toHaveLength(1);
  });

  it("otherwise reaches the owner as words, and is never an answer or a keyword", async () => {
    const s = await plumberWithOnCall();
    await transcription(s, "Stop by Tuesday if you can to look at the water softener");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodies(s, s.owner)[0]).toMatch(/voicemail from .*: Stop by Tuesday/);
    expect(await lead(s)).toMatchObject({ urgent: false, status: "new", fields: {} });
    const { status } = await apiJson("GET", `/businesses/${s.line.businessId}/consent/${encodeURIComponent(s.caller)}`);
    expect(status).not.toBe("opted_out");
  });
});

describe("pages and the owner's answers", () => {
  async function ownerOnly(): Promise<Setup> {
    const carrier = mockTwilio();
    const owner = uniquePhone("312");
    const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
    const line = await createTwilioLine({ name: "Solo Plumbing", notifyPhone: owner, settings: { urgent: preset.settings.urgent } });
    return { line, owner, sam: "", alex: "", caller: uniquePhone(), carrier };
  }

  it("a paged owner's answer goes to the caller they were paged for", async () => {
    const s = await ownerOnly();
    const other = uniquePhone();
    await text(s, other, "Can you come Tuesday?");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    // Minutes ago: only the page is recent (two callers within 10 minutes would be asked about).
    await ownerReachesAged(s.line.e164);
    await text(s, s.caller, "Basement is flooding");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    // The page carries the caller's words: no relay beside it.
    expect(bodies(s, s.owner)[1]).toMatch(/^URGENT/);
    await settle(100);
    expect(s.carrier.to(s.owner)).toHaveLength(2);
    await text(s, s.owner, "On my way, 15 minutes");
    await eventually(async () => s.carrier.to(s.caller).some((r) => r.form.get("Body") === "On my way, 15 minutes"));
    expect(bodies(s, other)).toEqual([]);
  });

  it("after a newer relay, the owner's 'Yes' answers that caller instead of taking the old page", async () => {
    const s = await ownerOnly();
    await text(s, s.caller, "Basement is flooding");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    // Minutes ago: only the relay is recent (two callers within 10 minutes would be asked about).
    await ownerReachesAged(s.line.e164);
    const other = uniquePhone();
    await text(s, other, "Do you also fix dishwashers?");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    await text(s, s.owner, "Yes");
    await eventually(async () => s.carrier.to(other).some((r) => r.form.get("Body") === "Yes"));
    expect((await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === s.caller)).toMatchObject({ acknowledgedAt: null });
    expect(bodies(s, s.owner).some((b) => b.startsWith("Textback: thanks"))).toBe(false);
  });

  it("after a newer relay from the same caller, the owner's 'Yes' answers them instead of taking the page", async () => {
    const s = await ownerOnly();
    await text(s, s.caller, "Basement is flooding");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    await text(s, s.caller, "Are you coming?");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    await text(s, s.owner, "Yes");
    await eventually(async () => s.carrier.to(s.caller).some((r) => r.form.get("Body") === "Yes"));
    expect((await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === s.caller)).toMatchObject({ acknowledgedAt: null });
    // The page is still theirs to take by number.
    await text(s, s.owner, `${s.caller} OK`);
    await eventually(async () => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads.find((l: { phone: string; acknowledgedAt: number | null }) => l.phone === s.caller)?.acknowledgedAt);
    expect(bodies(s, s.caller).filter((b) => b === "OK")).toEqual([]);
  });

  it("a paused business triages nothing and pages nobody", async () => {
    const s = await ownerOnly();
    await apiJson("PATCH", `/businesses/${s.line.businessId}`, { settings: { paused: true } });
    await text(s, s.caller, "Basement is flooding");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodies(s, s.owner)[0]).toMatch(/replied: Basement is flooding/);
    expect(bodies(s, s.caller)).toEqual([]);
  });
});
