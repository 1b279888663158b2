/**
 * Automation stops for good once a person writes to the caller, the lead closes or the caller is
 * blocked (DESIGN.md §6.2, §6.4, §6.6): the caller's held follow-up is canceled when it happens,
 * through any path, and the line refuses it at its time if it was not told.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { mockTwilio } from "./support/carriers";
import { lineAlarmAt } from "./support/line-clock";

afterEach(() => vi.restoreAllMocks());

/** Wednesday 11:00 in New York: the follow-up is due and inside the caller's quiet-hours window. */
const FOLLOW_UP_TIME = Date.parse("2027-01-06T16:00:00Z");

interface Setup {
  line: TwilioLine;
  owner: string;
  caller: string;
  carrier: ReturnType<typeof mockTwilio>;
}

/** A missed caller who got the text-back, with their follow-up held by the line. */
async function heldFollowUp(): Promise<Setup> {
  const carrier = mockTwilio();
  const owner = uniquePhone("312");
  const line = await createTwilioLine({ settings: { followUp: { enabled: true, afterHours: 1 } }, notifyPhone: owner });
  const caller = uniquePhone("212");
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  await eventually(async () => carrier.to(caller).length === 1);
  expect(await pending(line)).toEqual(["follow_up"]);
  return { line, owner, caller, carrier };
}

const stubOf = (line: TwilioLine) => env.LINE.get(env.LINE.idFromName(line.e164));

async function pending(line: TwilioLine): Promise<string[]> {
  return runInDurableObject(stubOf(line), (_i, state) => state.storage.sql.exec<{ kind: string }>("SELECT kind FROM pending ORDER BY due").toArray().map((r) => r.kind));
}

const alarmAt = (line: TwilioLine, at: number) => lineAlarmAt(line.e164, at);

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

async function followUpOf(s: Setup) {
  const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
  return messages.find((m: { kind: string; to: string }) => m.kind === "follow_up" && m.to === s.caller) as { status: string; errorCode: string | null };
}

async function leadId(s: Setup): Promise<string> {
  return (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === s.caller).id;
}

/** The follow-up is canceled for `reason`, the line holds nothing, and its time passes without a text. */
async function expectStopped(s: Setup, reason: string) {
  await eventually(async () => (await followUpOf(s)).status === "canceled");
  expect(await followUpOf(s)).toMatchObject({ status: "canceled", errorCode: reason });
  expect(await pending(s.line)).toEqual([]);
  const before = s.carrier.to(s.caller).length;
  await alarmAt(s.line, FOLLOW_UP_TIME);
  await settle(200);
  expect(s.carrier.to(s.caller).map((r) => r.form.get("Body")).slice(before)).toEqual([]);
}

describe("the owner's texts stop the caller's follow-up", () => {
  it.each([
    ["answers them by number", (c: string) => `${c} On our way at 3pm`, "handed_over"],
    ["marks them won", (c: string) => `${c} W 450`, "lead_won"],
    ["marks them lost", (c: string) => `${c} L price`, "lead_lost"],
    ["marks them booked", (c: string) => `${c} B`, "lead_booked"],
    ["blocks them", (c: string) => `${c} BLOCK`, "blocked"],
  ])("when the owner %s", async (_name, body, reason) => {
    const s = await heldFollowUp();
    await text(s.line, s.owner, body(s.caller));
    await expectStopped(s, reason);
  });
});

describe("an admin's reply or change stops the caller's follow-up", () => {
  it("a reply written on the admin page or through the API: a person answered", async () => {
    const s = await heldFollowUp();
    const sent = await apiJson("POST", `/businesses/${s.line.businessId}/messages`, { to: s.caller, body: "Hi, this is Dana, I can come at 4" });
    expect(sent.kind).toBe("manual");
    await expectStopped(s, "handed_over");
  });

  it.each([
    [{ status: "won", wonCents: 10_000 }, "lead_won"],
    [{ status: "lost", lostReason: "price" }, "lead_lost"],
    [{ status: "booked" }, "lead_booked"],
  ])("PATCH %j", async (patch, reason) => {
    const s = await heldFollowUp();
    await apiJson("PATCH", `/leads/${await leadId(s)}`, patch);
    await expectStopped(s, reason);
  });

  it("the conversation says why it was not sent", async () => {
    const s = await heldFollowUp();
    await apiJson("POST", `/businesses/${s.line.businessId}/messages`, { to: s.caller, body: "Calling you now" });
    await eventually(async () => (await followUpOf(s)).status === "canceled");
    const page = await (await get(await newSession(), `/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(s.caller)}`)).text();
    expect(page).toMatch(/Follow-up[\s\S]{0,200}Not sent: a person answered/);
  });
});

describe("a line that was not told refuses the follow-up at its time", () => {
  it.each([
    ["the lead was won", "UPDATE leads SET status = 'won', closed_at = ?3 WHERE business_id = ?1 AND phone = ?2", "lead_won"],
    ["the lead was lost", "UPDATE leads SET status = 'lost', lost_reason = 'price', closed_at = ?3 WHERE business_id = ?1 AND phone = ?2", "lead_lost"],
    ["a booking arrived", "UPDATE leads SET status = 'booked', booked_at = ?3 WHERE business_id = ?1 AND phone = ?2", "lead_booked"],
    ["a person wrote to them", "UPDATE leads SET handed_over = 1 WHERE business_id = ?1 AND phone = ?2 AND ?3 > 0", "handed_over"],
  ])("%s", async (_name, sql, reason) => {
    const s = await heldFollowUp();
    await env.DB.prepare(sql).bind(s.line.businessId, s.caller, Date.now()).run();
    await alarmAt(s.line, FOLLOW_UP_TIME);
    await settle(200);
    expect(s.carrier.to(s.caller)).toHaveLength(1);
    expect(await followUpOf(s)).toMatchObject({ status: "canceled", errorCode: reason });
    expect(await pending(s.line)).toEqual([]);
  });

  it("the caller was made a blocked contact on the contacts page", async () => {
    const s = await heldFollowUp();
    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`, { name: "Prank caller", tags: ["blocked"] });
    await alarmAt(s.line, FOLLOW_UP_TIME);
    await settle(200);
    expect(s.carrier.to(s.caller)).toHaveLength(1);
    expect(await followUpOf(s)).toMatchObject({ status: "canceled", errorCode: "blocked" });
  });

  it("an open lead nobody has answered still gets its follow-up", async () => {
    const s = await heldFollowUp();
    await alarmAt(s.line, FOLLOW_UP_TIME);
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect((await followUpOf(s)).status).toMatch(/queued|sending|sent/);
  });
});

describe("a shortcut that finds no open lead changes nothing", () => {
  /** The lead was lost on the admin page while the line could not be told: it still holds the follow-up. */
  async function lostBehindTheLine(): Promise<Setup> {
    const s = await heldFollowUp();
    await env.DB.prepare("UPDATE leads SET status = 'lost', lost_reason = 'price', closed_at = ?3 WHERE business_id = ?1 AND phone = ?2").bind(s.line.businessId, s.caller, Date.now()).run();
    return s;
  }

  it("its held texts are held again, and decided at their time by what the lead really is", async () => {
    const s = await lostBehindTheLine();
    await text(s.line, s.owner, `${s.caller} B`);
    await eventually(async () => s.carrier.to(s.owner).some((r) => /^Textback: Nothing changed: .*lead was closed as lost \(/.test(r.form.get("Body") ?? "")));
    await settle(200);
    expect(await followUpOf(s)).toMatchObject({ status: "scheduled" });
    expect(await pending(s.line)).toEqual(["follow_up"]);
    await alarmAt(s.line, FOLLOW_UP_TIME);
    await settle(200);
    expect(await followUpOf(s)).toMatchObject({ status: "canceled", errorCode: "lead_lost" });
    expect(s.carrier.to(s.caller)).toHaveLength(1);
  });

  it("a reply while D1 has not answered the shortcut cancels them for good", async () => {
    const s = await lostBehindTheLine();
    const real = env.DB.batch.bind(env.DB);
    const d1 = { down: true };
    vi.spyOn(env.DB, "batch").mockImplementation(((statements: D1PreparedStatement[]) => (d1.down ? Promise.reject(new Error("unavailable")) : real(statements))) as never);
    await text(s.line, s.owner, `${s.caller} B`);
    await text(s.line, s.caller, "Never mind, we found someone");
    d1.down = false;
    await alarmAt(s.line, Date.now() + 3_600_000);
    await eventually(async () => (await followUpOf(s)).status === "canceled");
    expect(await followUpOf(s)).toMatchObject({ status: "canceled", errorCode: "replied" });
    expect(await pending(s.line)).toEqual([]);
    await alarmAt(s.line, FOLLOW_UP_TIME);
    await settle(200);
    expect(s.carrier.to(s.caller)).toHaveLength(1);
  });
});
