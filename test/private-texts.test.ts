/**
 * `settings.privateTexts` through real webhooks: a dental patient's conversation from the missed
 * call to won, with the texts the carrier was asked to send to the business's own phones (the
 * owner's notifyPhone and the on-call phone). Private: none of them carries the patient's words or
 * answers, each names the patient short and links to the conversation on the admin page, and the
 * shortcuts still work; by default the same texts quote them.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, eventually, inboundSms, ORIGIN, twilioWebhook, uniquePhone } from "./support/app";
import { get, request } from "./support/admin-session";
import { missedCaller, type MissedCaller } from "./support/missed-caller";
import { lineAlarmAt } from "./support/line-clock";

vi.setConfig({ testTimeout: 60_000 });
afterEach(() => vi.restoreAllMocks());

const MIN = 60_000;

/** What the patient writes, each reply in turn, and the words of it no text to a staff phone may carry when private. */
const REPLIES = {
  need: "I have a cracked filling and it's sensitive",
  name: "Maria Garcia",
  status: "Existing patient, Delta Dental PPO",
  question: "Can I come Tuesday morning?",
  urgent: "Now severe pain and my cheek is swollen",
  danger: "I have trouble breathing",
};
const WORDS = ["cracked", "filling", "sensitive", "Garcia", "Delta", "PPO", "Tuesday", "severe", "swollen", "cheek", "breathing", "Existing"];

type Story = MissedCaller & { sam: string; staff: string[]; link: string; staffTexts: () => string[]; to: (phone: string) => string[] };

/** A dental practice (the preset), Sam on call, the owner after 10 minutes; a patient it missed. */
async function dentalPractice(privateTexts: boolean): Promise<Story> {
  const sam = uniquePhone("737");
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "dental");
  const settings = { privateTexts, urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }], escalateAfterMinutes: 10 } };
  const s = await missedCaller({ name: "Bright Smile Dental", preset: "dental", settings, bookingUrl: null });
  const to = (phone: string) => s.carrier.to(phone).map((r) => r.form.get("Body") ?? "");
  const staff = [s.owner, sam];
  const link = `${ORIGIN}/admin/businesses/${s.line.businessId}/conversations/${s.caller}`;
  return { ...s, sam, staff, link, to, staffTexts: () => staff.flatMap(to) };
}

async function text(s: Story, from: string, body: string, expectTo: string, count: number) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
  await eventually(async () => s.to(expectTo).length >= count, 8000);
}

const alarmAt = (s: Story, at: number) => lineAlarmAt(s.line.e164, at);

/**
 * The whole story: the patient answers the questions, the last with a question of their own (the
 * owner gets it relayed and the summary), then is in pain (Sam is paged, then the owner when nobody takes it), Sam
 * takes it, the patient names a danger (Sam is alerted), and the owner answers and marks the lead won.
 */
async function patientStory(privateTexts: boolean): Promise<Story> {
  const s = await dentalPractice(privateTexts);
  await text(s, s.caller, REPLIES.need, s.caller, 2);
  await text(s, s.caller, REPLIES.name, s.caller, 3);
  await text(s, s.caller, REPLIES.status, s.caller, 4);
  await text(s, s.caller, REPLIES.question, s.owner, 2);
  // The escalation is due 10 minutes after the emergency, however long the texts before it took.
  const start = Date.now();
  await text(s, s.caller, REPLIES.urgent, s.sam, 1);
  await alarmAt(s, start + 10 * MIN + 1_000);
  await eventually(async () => s.to(s.owner).some((b) => b.startsWith("URGENT")), 8000);
  await text(s, s.sam, "OK", s.sam, 2);
  await text(s, s.caller, REPLIES.danger, s.sam, 3);
  const owner = s.to(s.owner).length;
  await text(s, s.owner, "W 450", s.owner, owner + 1);
  await text(s, s.owner, `${s.caller} See you at 3 today`, s.caller, 1);
  await eventually(async () => s.to(s.caller).includes("See you at 3 today"));
  return s;
}

describe("texts to the business's own phones", () => {
  it("private: a notice naming the patient short and the link, never their words or answers; the shortcuts still work", async () => {
    const s = await patientStory(true);
    const who = `Maria G. ${formatPhone(s.caller)}`;
    const page = `URGENT: ${who} needs help now. Open: ${s.link}. Reply OK to take it.`;
    const owner = s.to(s.owner);
    expect(owner.find((b) => b.includes("qualified"))).toBe(`Textback: new lead qualified: ${who}. Open: ${s.link}. Reply to text them, W 450 when treatment is accepted, L if lost.`);
    expect(owner.filter((b) => b.includes("new reply from"))[0]).toMatch(new RegExp(`^Textback: new reply from ${escape(who)} \\(missed call [^)]+\\)\\. Open: ${escape(s.link)}`));
    expect(s.to(s.sam)[0]).toBe(page);
    expect(owner.filter((b) => b.startsWith("URGENT"))).toEqual([page.replace(" Reply OK", " Escalated: Sam didn't take it. Reply OK")]);
    expect(s.to(s.sam)[1]).toBe(`Textback: thanks Sam, it's yours. Call ${formatPhone(s.caller)} now.`);
    expect(s.to(s.sam)[2]).toBe(`DANGER: ${who} named a danger and got the safety message. Open: ${s.link}`);
    expect(owner).toContain(`Textback: Marked won $450: ${formatPhone(s.caller)}, Maria G.`);
    // Nothing the patient wrote, on any of the business's phones.
    for (const body of s.staffTexts()) for (const word of WORDS) expect(body, body).not.toContain(word);
    // The patient got their answers, and the owner's own; the lead is won.
    expect(s.to(s.caller)).toContain("See you at 3 today");
    expect((await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0]).toMatchObject({ status: "won", wonCents: 45_000, name: "Maria Garcia" });
  });

  it("by default: the same texts quote the patient, and a relay names them", async () => {
    const s = await patientStory(false);
    const owner = s.to(s.owner);
    expect(owner.find((b) => b.startsWith("Textback: new lead"))).toContain("Name: Maria Garcia; Need: I have a cracked filling and it's sensitive; When: tuesday morning; Patient status: Existing patient, Delta Dental PPO");
    expect(owner.find((b) => b.includes(REPLIES.question))).toMatch(new RegExp(`^Textback: Maria G\\. ${escape(formatPhone(s.caller))} \\(missed call [^)]+\\) replied: Can I come Tuesday morning\\?`));
    expect(s.to(s.sam)[0]).toContain(`"${REPLIES.urgent}"`);
    expect(owner.filter((b) => b.startsWith("URGENT"))).toEqual([s.to(s.sam)[0]!.replace(" Reply OK", " Escalated: Sam didn't take it. Reply OK")]);
    expect(s.to(s.sam)[2]).toContain(`"${REPLIES.danger}"`);
    expect(owner).toContain(`Textback: Marked won $450: ${formatPhone(s.caller)}, Maria Garcia`);
    expect(s.to(s.caller)).toContain("See you at 3 today");
  });

  it("the link opens the conversation only with a session: without one, the login form and nothing of it", async () => {
    const s = await dentalPractice(true);
    await text(s, s.caller, REPLIES.need, s.caller, 2);
    const path = new URL(s.link).pathname;
    const anonymous = await request("GET", path);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
    expect(await anonymous.text()).not.toContain("cracked");
    // Logging in from there lands on the conversation, which has the words.
    const res = await request("POST", "/admin/login", { form: { token: "test-admin-token-at-least-32-chars", next: path } });
    expect(res.headers.get("location")).toBe(path);
    const cookie = /^([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
    const page = await get({ cookie, csrf: "" }, path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(REPLIES.need.replace("'", "&#39;"));
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
