/**
 * "OK all" (DESIGN.md §6.3, §6.6): six pages within seconds to one on-call person (the trial's
 * case) are taken in one text. Its one answer names each caller taken; a page someone else took
 * first is named as theirs and never taken again; the callers get what a single OK gives them
 * (nothing more); escalation stops for every page taken. HELP and an OK's "still open" say how.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, createTwilioLine, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { lineAlarmAt } from "./support/line-clock";

// Six urgent callers, their pages, an alarm and the queue: slower than the default on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

afterEach(() => vi.restoreAllMocks());

const MIN = 60_000;

interface Setup {
  line: TwilioLine;
  carrier: ReturnType<typeof mockTwilio>;
  owner: string;
  sam: string;
  alex: string;
  callers: string[];
}

/** Sam and Alex on call (10 minutes apart, then the owner), or the owner alone; six callers, the first a known contact. */
async function business(onCall: boolean): Promise<Setup> {
  const carrier = mockTwilio();
  const [owner, sam, alex] = [uniquePhone("312"), uniquePhone("737"), uniquePhone("737")];
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const people = onCall ? [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }] : [];
  const settings = { urgent: { ...preset.settings.urgent, onCall: people, escalateAfterMinutes: 10 } };
  const line = await createTwilioLine({ name: "Six Floods Plumbing", notifyPhone: owner, settings });
  const callers = Array.from({ length: 6 }, () => uniquePhone());
  await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(callers[0]!)}`, { name: "Maria Garcia" });
  return { line, carrier, owner, sam, alex, callers };
}

async function text(s: Setup, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const bodies = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const pages = (s: Setup, to: string) => bodies(s, to).filter((b) => b.startsWith("URGENT"));
const leadOf = async (s: Setup, phone: string) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(phone)}`)).leads[0];

/** Every caller floods, within seconds: `to` gets six pages. */
async function sixPages(s: Setup, to: string) {
  for (const caller of s.callers) await text(s, caller, "Basement is flooding");
  await eventually(async () => pages(s, to).length === 6);
}

async function alarmAt(s: Setup, at: number) {
  await lineAlarmAt(s.line.e164, at);
  await settle(200);
}

/** Each caller's texts from the business: what they were told. */
const callerTexts = (s: Setup) => s.callers.map((c) => bodies(s, c));

describe("OK all from an on-call person", () => {
  it("takes every open page in one text, names each caller, and names the one the owner took first", async () => {
    const s = await business(true);
    const start = Date.now();
    await sixPages(s, s.sam);
    const [maria, c1, c2, c3, c4, c5] = s.callers as [string, string, string, string, string, string];
    // The owner takes one of them first, by its number.
    await text(s, s.owner, `${c2} OK`);
    await eventually(async () => (await leadOf(s, c2)).acknowledgedAt);
    // Sam, paged about that caller, is told who took it.
    await eventually(async () => bodies(s, s.sam).length === 7);
    expect(bodies(s, s.sam)[6]).toBe(`Textback: the owner took the page for ${formatPhone(c2)}. Nothing to do.`);
    await settle(200);
    const told = callerTexts(s);

    await text(s, s.sam, "OK all");
    await eventually(async () => bodies(s, s.sam).length === 8);
    const taken = [c5, c4, c3, c1].map(formatPhone);
    expect(bodies(s, s.sam)[7]).toBe(
      `Textback: thanks Sam, took 5 pages: ${taken.join(", ")}, Maria G. ${formatPhone(maria)}. Call them now. Already taken: ${formatPhone(c2)} by ${formatPhone(s.owner)}.`,
    );
    for (const caller of [maria, c1, c3, c4, c5]) expect(await leadOf(s, caller)).toMatchObject({ acknowledgedBy: `Sam (${s.sam})` });
    expect(await leadOf(s, c2)).toMatchObject({ acknowledgedBy: s.owner });
    // The callers are told what a single OK tells them: nothing more; nothing Sam wrote reaches them.
    await settle(200);
    expect(callerTexts(s)).toEqual(told);

    // Nobody else is paged about any of them.
    await alarmAt(s, start + 10 * MIN + 1_000);
    await alarmAt(s, start + 20 * MIN + 1_000);
    expect(pages(s, s.alex)).toEqual([]);
    expect(pages(s, s.owner)).toEqual([]);

    // Again: nothing open, and who holds each is said.
    await text(s, s.sam, "ok ALL");
    await eventually(async () => bodies(s, s.sam).length === 9);
    expect(bodies(s, s.sam)[8]).toBe(`Textback: no page open to take. Already taken: ${formatPhone(c2)} by ${formatPhone(s.owner)}.`);
  });

  it("an OK's answer and HELP say how to take them all", async () => {
    const s = await business(true);
    await sixPages(s, s.sam);
    const newest = s.callers[5]!;
    await text(s, s.sam, "OK");
    await eventually(async () => bodies(s, s.sam).length === 7);
    const next = s.callers[4]!;
    expect(bodies(s, s.sam)[6]).toBe(`Textback: thanks Sam, it's yours. Call ${formatPhone(newest)} now. Still open: the page for ${formatPhone(next)} and 4 more, reply ${next} OK to take it, or OK all to take all 5.`);
    await text(s, s.sam, "HELP");
    await eventually(async () => bodies(s, s.sam).length === 8);
    expect(bodies(s, s.sam)[7]).toContain("OK all takes every page still open");
    await text(s, s.sam, "OKALL");
    await eventually(async () => bodies(s, s.sam).length === 9);
    expect(bodies(s, s.sam)[8]).toMatch(/^Textback: thanks Sam, took 5 pages: /);
  });
});

describe("OK all from the owner", () => {
  it("takes the pages that reached the owner, never an answer to a caller", async () => {
    const s = await business(false);
    await sixPages(s, s.owner);
    const told = callerTexts(s);
    await text(s, s.owner, "OK all");
    await eventually(async () => bodies(s, s.owner).some((b) => b.includes("took 6 pages")));
    for (const caller of s.callers) expect(await leadOf(s, caller)).toMatchObject({ acknowledgedBy: s.owner });
    await settle(200);
    expect(callerTexts(s)).toEqual(told);
    const { results } = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE business_id = ? AND kind = 'manual'").bind(s.line.businessId).all<{ n: number }>();
    expect(results[0]!.n).toBe(0);
  });
});
