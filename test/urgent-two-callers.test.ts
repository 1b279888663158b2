/**
 * Two urgent callers at once (DESIGN.md §6.3, §6.6): each open page can be taken by naming its
 * caller ("+14155552671 OK"), a bare OK still takes the newest, escalation stops only for the page
 * taken, and nothing goes to a caller that the person texting did not mean for them.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, createTwilioLine, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";
import type { MissedCaller } from "./support/missed-caller";
import { lineAlarmAt } from "./support/line-clock";

// Several texts, an alarm and the queue each: slower than the default on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => vi.restoreAllMocks());

const MIN = 60_000;

/** A business with on-call people (escalating every 10 minutes to the next, then the owner), or the owner alone. */
type Setup = MissedCaller & { sam: string; alex: string; older: string; newer: string };

async function business(onCall: boolean): Promise<Setup> {
  const carrier = mockTwilio();
  const [owner, sam, alex] = [uniquePhone("312"), uniquePhone("737"), uniquePhone("737")];
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const people = onCall ? [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }] : [];
  const settings = { urgent: { ...preset.settings.urgent, onCall: people, escalateAfterMinutes: 10 } };
  const line = await createTwilioLine({ name: "Two Floods Plumbing", notifyPhone: owner, settings });
  return { line, owner, sam, alex, caller: "", older: uniquePhone(), newer: uniquePhone(), carrier };
}

async function text(s: Setup, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const bodies = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const leadOf = async (s: Setup, phone: string) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(phone)}`)).leads[0];
const esc = (text: string) => text.replace(/[()]/g, "\\$&");

/** Both callers flood, the older first: `to` gets both pages. */
async function twoPages(s: Setup, to: string) {
  await text(s, s.older, "Basement is flooding");
  await eventually(async () => bodies(s, to).length === 1);
  await text(s, s.newer, "Burst pipe in the kitchen");
  await eventually(async () => bodies(s, to).length === 2);
  expect(bodies(s, to).every((b) => b.startsWith("URGENT"))).toBe(true);
}

async function alarmAt(s: Setup, at: number) {
  await lineAlarmAt(s.line.e164, at);
  await settle(200);
}

/** What the business's people wrote to a caller by text. */
async function handWritten(s: Setup, phone: string) {
  const { results } = await env.DB.prepare("SELECT body FROM messages WHERE business_id = ? AND kind = 'manual' AND to_phone = ? ORDER BY created_at").bind(s.line.businessId, phone).all<{ body: string }>();
  return results.map((r) => r.body);
}

describe("an owner paged about two callers", () => {
  it("takes the older page by its number: acknowledged and confirmed, nothing to that caller, the newer still open; a bare OK then takes the newer", async () => {
    const s = await business(false);
    await twoPages(s, s.owner);
    await text(s, s.owner, `${s.older} OK`);
    await eventually(async () => (await leadOf(s, s.older)).acknowledgedAt);
    await eventually(async () => bodies(s, s.owner).length === 3);
    // One page is left open: a bare OK takes it, so the answer says so.
    expect(bodies(s, s.owner)[2]).toBe(`Textback: thanks, it's yours. Call ${formatPhone(s.older)} now. Still open: the page for ${formatPhone(s.newer)}, reply OK to take it.`);
    expect(await leadOf(s, s.older)).toMatchObject({ acknowledgedBy: s.owner });
    expect(await leadOf(s, s.newer)).toMatchObject({ acknowledgedAt: null });
    await settle(200);
    expect(await handWritten(s, s.older)).toEqual([]);

    // The one page still open is taken at once, nothing asked.
    await text(s, s.owner, "OK");
    await eventually(async () => (await leadOf(s, s.newer)).acknowledgedAt);
    await eventually(async () => bodies(s, s.owner).length === 4);
    expect(bodies(s, s.owner)[3]).toBe(`Textback: thanks, it's yours. Call ${formatPhone(s.newer)} now.`);
    expect(await handWritten(s, s.newer)).toEqual([]);
  });

  it("a bare OK with both pages open is asked about, oldest first, and 2 takes the newer", async () => {
    const s = await business(false);
    await twoPages(s, s.owner);
    await text(s, s.owner, "OK");
    await eventually(async () => bodies(s, s.owner).length === 3);
    expect(bodies(s, s.owner)[2]).toBe(`Textback: Which caller? Reply 1 for Basement is flooding ${formatPhone(s.older)}, 2 for Burst pipe in the ${formatPhone(s.newer)}.`);
    expect(await leadOf(s, s.newer)).toMatchObject({ acknowledgedAt: null });
    await text(s, s.owner, "2");
    await eventually(async () => (await leadOf(s, s.newer)).acknowledgedAt);
    await eventually(async () => bodies(s, s.owner).length === 4);
    expect(bodies(s, s.owner)[3]).toBe(`Textback: thanks, it's yours. Call ${formatPhone(s.newer)} now. Still open: the page for ${formatPhone(s.older)}, reply OK to take it.`);
    expect(await leadOf(s, s.older)).toMatchObject({ acknowledgedAt: null });
    expect(await handWritten(s, s.newer)).toEqual([]);
  });

  it("an answer by number goes to that caller and takes no page", async () => {
    const s = await business(false);
    await twoPages(s, s.owner);
    await text(s, s.owner, `${s.older} On my way, 20 minutes`);
    await eventually(async () => (await handWritten(s, s.older)).length === 1);
    expect(await handWritten(s, s.older)).toEqual(["On my way, 20 minutes"]);
    expect(await leadOf(s, s.older)).toMatchObject({ acknowledgedAt: null });
    // Taken afterwards by its number all the same.
    await text(s, s.owner, `${s.older} ok`);
    await eventually(async () => (await leadOf(s, s.older)).acknowledgedAt);
    expect(await handWritten(s, s.older)).toEqual(["On my way, 20 minutes"]);
  });
});

describe("an on-call person paged about two callers", () => {
  it("takes the older page by its number: only its escalation stops", async () => {
    const s = await business(true);
    const start = Date.now();
    await twoPages(s, s.sam);
    await text(s, s.sam, `${s.older} OK`);
    await eventually(async () => (await leadOf(s, s.older)).acknowledgedAt);
    await eventually(async () => bodies(s, s.sam).length === 3);
    expect(bodies(s, s.sam)[2]).toBe(`Textback: thanks Sam, it's yours. Call ${formatPhone(s.older)} now. Still open: the page for ${formatPhone(s.newer)}, reply OK to take it.`);
    expect(await leadOf(s, s.older)).toMatchObject({ acknowledgedBy: `Sam (${s.sam})` });
    expect(await handWritten(s, s.older)).toEqual([]);

    // Ten minutes on, Alex is paged about the newer caller only.
    await alarmAt(s, start + 10 * MIN + 1_000);
    await eventually(async () => bodies(s, s.alex).length === 1);
    await settle(200);
    expect(bodies(s, s.alex)).toHaveLength(1);
    expect(bodies(s, s.alex)[0]).toContain(formatPhone(s.newer));
  });

  it("a second OK by number is told who took it, never sent to the caller", async () => {
    const s = await business(true);
    const start = Date.now();
    await twoPages(s, s.sam);
    await alarmAt(s, start + 10 * MIN + 1_000);
    await eventually(async () => bodies(s, s.alex).length === 2);
    await text(s, s.sam, `${s.older} OK`);
    await eventually(async () => (await leadOf(s, s.older)).acknowledgedAt);
    // Alex, paged about the older caller too, is told Sam took it.
    await eventually(async () => bodies(s, s.alex).length === 3);
    expect(bodies(s, s.alex)[2]).toBe(`Textback: Sam took the page for ${formatPhone(s.older)}. Nothing to do.`);
    await text(s, s.alex, `${s.older} OK`);
    await eventually(async () => bodies(s, s.alex).length === 4);
    expect(bodies(s, s.alex)[3]).toMatch(new RegExp(`^Textback: Sam, ${esc(formatPhone(s.sam))} already took the page for ${esc(formatPhone(s.older))}, at .+\\. Nothing to do\\. Still open: the page for ${esc(formatPhone(s.newer))}, reply OK to take it\\.$`));
    await settle(200);
    expect(await handWritten(s, s.older)).toEqual([]);
    expect(await leadOf(s, s.older)).toMatchObject({ acknowledgedBy: `Sam (${s.sam})` });
  });

  it("an answer by number to the older caller says how to take that page", async () => {
    const s = await business(true);
    await twoPages(s, s.sam);
    await text(s, s.sam, `${s.older} Calling you now`);
    await eventually(async () => bodies(s, s.sam).length === 3);
    expect(bodies(s, s.sam)[2]).toBe(`Textback: sent to ${formatPhone(s.older)}. To take the page, reply ${s.older} OK.`);
    expect(await leadOf(s, s.older)).toMatchObject({ acknowledgedAt: null });
  });
});

describe("the owner's bare OK once their page was taken", () => {
  it("is told who took it, never sent to the caller", async () => {
    const s = await business(true);
    const start = Date.now();
    await text(s, s.older, "Basement is flooding");
    await eventually(async () => bodies(s, s.sam).length === 1);
    await alarmAt(s, start + 10 * MIN + 1_000);
    await alarmAt(s, start + 20 * MIN + 1_000);
    await eventually(async () => bodies(s, s.owner).some((b) => b.startsWith("URGENT")));
    await text(s, s.alex, "OK");
    await eventually(async () => (await leadOf(s, s.older)).acknowledgedAt);
    // The owner, paged before, is told Alex took it.
    await eventually(async () => bodies(s, s.owner).includes(`Textback: Alex took the page for ${formatPhone(s.older)}. Nothing to do.`));
    const before = bodies(s, s.owner).length;
    await text(s, s.owner, "OK");
    await eventually(async () => bodies(s, s.owner).length === before + 1);
    expect(bodies(s, s.owner)[before]).toMatch(new RegExp(`^Textback: Alex, ${esc(formatPhone(s.alex))} already took the page for ${esc(formatPhone(s.older))}, at .+\\. Nothing to do\\.$`));
    await settle(200);
    expect(await handWritten(s, s.older)).toEqual([]);
  });
});
