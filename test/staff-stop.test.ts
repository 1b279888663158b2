/**
 * A STOP from the business's own people (the owner's notify phone, an on-call phone) to any of its
 * numbers: every automated text from the business to that phone stops (relays, pages, alerts,
 * digests, summaries) until START, recorded in the consent ledger (compliance.md §1.2).
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { BusinessLine } from "../src/line/business-line";
import { sendWeeklySummaries } from "../src/ops/weekly-summary";
import { get, newSession, type Session } from "./support/admin-session";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

/** The business's second number, on the same Twilio account. */
async function secondNumber(line: TwilioLine): Promise<TwilioLine> {
  const e164 = uniquePhone("512");
  const number = await apiJson("POST", `/businesses/${line.businessId}/numbers`, { e164, carrier: "twilio", credentials: { accountSid: line.accountSid, authToken: line.authToken } });
  return { ...line, e164, numberId: number.id };
}

const bodies = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const consentOf = (s: MissedCaller, phone: string) => apiJson("GET", `/businesses/${s.line.businessId}/consent/${encodeURIComponent(phone)}`);
const settingsPage = async (s: MissedCaller) => (await (await get(session, `/admin/businesses/${s.line.businessId}/settings`)).text()).replaceAll("&#39;", "'");

/** A missed call recorded at `at` (a week the test cannot place a real call in). */
async function missedCallOn(line: TwilioLine, at: number) {
  const sid = `CA${crypto.randomUUID().replace(/-/g, "")}`;
  await env.DB.prepare("INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, at) VALUES (?, ?, ?, ?, ?, ?, 'no_answer', 'texted:no_answer', 'no_answer', ?)")
    .bind(`c_${sid}`, line.businessId, line.numberId, sid, uniquePhone(), line.e164, at)
    .run();
}

/** The Monday after `from`, 16:00 UTC (10:00 in Chicago): a weekly summary is due then. */
function nextMonday(from: number): number {
  const d = new Date(from);
  d.setUTCHours(16, 0, 0, 0);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() !== 1);
  return d.getTime();
}

describe("the owner's STOP", () => {
  it("is recorded in the consent ledger and shown on the settings page until START", async () => {
    const s = await missedCaller({ name: "Ledger Plumbing" });
    await text(s.line, s.owner, "STOP");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    const stopped = await consentOf(s, s.owner);
    expect(stopped.status).toBe("opted_out");
    expect(stopped.events.map((e: { kind: string; source: string }) => [e.kind, e.source])).toEqual([["opt_out", "keyword"]]);
    const day = new Intl.DateTimeFormat("en-US", { timeZone: "America/Chicago", month: "short", day: "numeric", year: "numeric" }).format(Date.parse(stopped.events[0].at));
    expect(await settingsPage(s)).toContain(`The owner's phone texted STOP on ${day}: no alerts or relays are sent to it until it texts START.`);

    await text(s.line, s.owner, "START");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    expect((await consentOf(s, s.owner)).status).toBe("opted_in");
    expect(await settingsPage(s)).not.toContain("texted STOP");
  });

  it("stops the weekly summary until the owner texts START", async () => {
    const s = await missedCaller({ name: "Weekly Plumbing" });
    await text(s.line, s.owner, "STOP");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    const monday = nextMonday(Date.now());
    await sendWeeklySummaries(env, monday);
    await settle(200);
    expect(s.carrier.to(s.owner)).toHaveLength(1);
    await text(s.line, s.owner, "START");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    // The week it was stopped for stays unsent; the next one (a missed call in it) goes.
    await missedCallOn(s.line, monday + 86_400_000);
    await sendWeeklySummaries(env, monday + 7 * 86_400_000);
    await eventually(async () => bodies(s, s.owner).some((b) => b.includes("Last week: 1 missed call")));
  });

  it("to one number stops the relays of the business's other numbers; START to another brings them back", async () => {
    const s = await missedCaller();
    const second = await secondNumber(s.line);
    await text(second, s.owner, "STOP");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    await text(s.line, s.caller, "Are you coming today?");
    await settle(300);
    expect(s.carrier.to(s.owner)).toHaveLength(1);
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    expect(messages.filter((m: { kind: string; to: string }) => m.kind === "relay" && m.to === s.owner)).toEqual([]);

    await text(second, s.owner, "START");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    await text(s.line, s.caller, "Hello?");
    await eventually(async () => bodies(s, s.owner).some((b) => /replied: Hello\?/.test(b)));
  });

  it("still stops the relays of the number it was texted to (the line's own record)", async () => {
    const s = await missedCaller();
    await text(s.line, s.owner, "STOP");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    await text(s.line, s.caller, "Anyone there?");
    await settle(300);
    expect(s.carrier.to(s.owner)).toHaveLength(1);
  });
});

describe("an on-call person's STOP", () => {
  async function withOnCall(): Promise<MissedCaller & { sam: string; alex: string }> {
    const [sam, alex] = [uniquePhone("737"), uniquePhone("737")];
    const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
    const settings = { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }], escalateAfterMinutes: 10 } };
    return { ...(await missedCaller({ name: "Drip Plumbing", preset: "home_services", settings, bookingUrl: null })), sam, alex };
  }

  it("to another number: the page skips them and goes to the next person at once", async () => {
    const s = await withOnCall();
    const second = await secondNumber(s.line);
    await text(second, s.sam, "STOP");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    await text(s.line, s.caller, "basement is flooding");
    await eventually(async () => s.carrier.to(s.alex).length === 1);
    expect(s.carrier.to(s.sam)).toHaveLength(1);
    expect(await settingsPage(s)).toContain("Sam's phone (on call) texted STOP on");
  });

  it("after a page to them was held for escalation: the page is not sent when it comes due", async () => {
    const s = await withOnCall();
    const start = Date.now();
    await text(s.line, s.caller, "basement is flooding");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    // Alex's page is held for escalation; Alex stops Textback's texts from the business meanwhile.
    const second = await secondNumber(s.line);
    await text(second, s.alex, "STOP");
    await eventually(async () => s.carrier.to(s.alex).length === 1);
    const stub = env.LINE.get(env.LINE.idFromName(s.line.e164));
    await runInDurableObject(stub, (line) => {
      (line as unknown as BusinessLine).clock = () => start + 10 * 60_000 + 1_000;
    });
    await runDurableObjectAlarm(stub);
    const page = await eventually(async () => {
      const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
      return messages.find((m: { kind: string; to: string; status: string }) => m.kind === "page" && m.to === s.alex && m.status !== "scheduled" && m.status !== "queued");
    });
    expect(page).toMatchObject({ status: "suppressed", errorCode: "opted_out" });
    expect(s.carrier.to(s.alex)).toHaveLength(1);
  });
});
