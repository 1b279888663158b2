/**
 * When the owner is not asked "Which caller?" (DESIGN.md §6.6), through the real SMS webhook, and
 * what the question offers when they are: an OK with one page open takes it; a plain reply right
 * after the owner's exchange with one caller (taking their page, texting them, their text alone
 * reaching the owner) goes to them; blocked callers, closed leads and pages another phone took are
 * never offered; callers keep their number from one question to the next, each with a hint, and a
 * storm of callers is cut to three in one segment.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { countSegments } from "../src/rules/encoding";
import { apiJson, createTwilioLine, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";

vi.setConfig({ testTimeout: 45_000 });
afterEach(() => vi.restoreAllMocks());

interface Setup {
  line: TwilioLine;
  owner: string;
  carrier: ReturnType<typeof mockTwilio>;
}

/** A locksmith who is the owner and the on-call person on one phone, with urgent paging on. */
async function business(onCall: { name: string } | null = null): Promise<Setup> {
  const carrier = mockTwilio();
  const owner = uniquePhone("720");
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const urgent = { ...preset.settings.urgent, onCall: onCall ? [{ phone: owner, name: onCall.name }] : [] };
  const line = await createTwilioLine({ name: "Dave's Locks", notifyPhone: owner, settings: { urgent } });
  return { line, owner, carrier };
}

async function text(s: Setup, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const bodies = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const leadOf = async (s: Setup, phone: string) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(phone)}`)).leads[0];

/** The owner's newest text once there are `n` of them. */
async function ownerText(s: Setup, n: number): Promise<string> {
  await eventually(async () => bodies(s, s.owner).length === n);
  return bodies(s, s.owner)[n - 1]!;
}

/** `caller` texts `words` and it reaches the owner (a relay or a page): the owner's `n`th text. */
async function reaches(s: Setup, caller: string, words: string, n: number): Promise<string> {
  await text(s, caller, words);
  return ownerText(s, n);
}

describe("the owner's OK", () => {
  it("with one page open takes it, though another caller's text reached them since; a plain reply then goes to that caller", async () => {
    const s = await business({ name: "Dave" });
    const [priya, sarah] = [uniquePhone(), uniquePhone()];
    expect(await reaches(s, priya, "Basement is flooding", 1)).toMatch(/^URGENT/);
    await reaches(s, sarah, "Do you fix dishwashers?", 2);
    await text(s, s.owner, "OK");
    expect(await ownerText(s, 3)).toBe(`Textback: thanks Dave, it's yours. Call ${formatPhone(priya)} now.`);
    expect(await leadOf(s, priya)).toMatchObject({ acknowledgedBy: `Dave (${s.owner})` });

    await text(s, s.owner, "On my way, 15 min");
    await eventually(async () => bodies(s, priya).includes("On my way, 15 min"));
    expect(await ownerText(s, 4)).toBe(`Textback: sent to ${formatPhone(priya)}.`);
    await settle(150);
    expect(bodies(s, sarah)).not.toContain("On my way, 15 min");
  });

  it("with two pages open asks about those two only, oldest first; after 1 takes Priya's, a plain reply goes to her", async () => {
    const s = await business();
    const [priya, tom, sarah] = [uniquePhone(), uniquePhone(), uniquePhone()];
    await reaches(s, priya, "Basement is flooding", 1);
    await reaches(s, tom, "Burst pipe in the kitchen", 2);
    await reaches(s, sarah, "Do you fix dishwashers?", 3);
    await text(s, s.owner, "OK");
    expect(await ownerText(s, 4)).toMatch(new RegExp(`^Textback: Which caller\\? Reply 1 for .*${esc(formatPhone(priya))}, 2 for .*${esc(formatPhone(tom))}\\.$`));
    await text(s, s.owner, "1");
    expect(await ownerText(s, 5)).toMatch(new RegExp(`^Textback: thanks, it's yours\\. Call ${esc(formatPhone(priya))} now\\.`));

    await text(s, s.owner, "On my way, 15 min");
    await eventually(async () => bodies(s, priya).includes("On my way, 15 min"));
    await settle(150);
    expect([...bodies(s, tom), ...bodies(s, sarah)]).not.toContain("On my way, 15 min");
  });
});

describe("the question", () => {
  it("never offers a blocked caller, a closed lead or a page another phone took", async () => {
    const s = await business();
    const sam = uniquePhone("737");
    const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
    await apiJson("PATCH", `/businesses/${s.line.businessId}`, { settings: { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }] } } });
    const [maria, bob, carl, dee, eve] = [uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()];
    await reaches(s, maria, "Can you rekey my front door?", 1);
    await reaches(s, bob, "Do you make car keys?", 2);
    await reaches(s, carl, "Cheap locks here, call me", 3);
    await reaches(s, dee, "Need a deadbolt installed", 4);
    // Eve's emergency pages Sam (her words reach the owner too); Sam takes it.
    await reaches(s, eve, "Basement is flooding", 5);
    await eventually(async () => bodies(s, sam).length === 1);
    await text(s, sam, "OK");
    await eventually(async () => (await leadOf(s, eve))?.acknowledgedAt);
    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(carl)}`, { tags: ["blocked"] });
    await apiJson("PATCH", `/leads/${(await leadOf(s, dee)).id}`, { status: "lost", lostReason: "price" });
    await text(s, s.owner, "On my way");
    expect(await ownerText(s, 6)).toBe(`Textback: Which caller? Reply 1 for Can you rekey my ${formatPhone(maria)}, 2 for Do you make car ${formatPhone(bob)}.`);
  });

  it("keeps each caller's number from one question to the next, however often they text", async () => {
    const s = await business();
    const [priya, sarah, tom] = [uniquePhone(), uniquePhone(), uniquePhone()];
    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(priya)}`, { name: "Priya Shah" });
    await reaches(s, priya, "Locked out of my apartment", 1);
    await reaches(s, sarah, "Need a mailbox lock changed", 2);
    await text(s, s.owner, "Be there soon");
    expect(await ownerText(s, 3)).toBe(`Textback: Which caller? Reply 1 for Priya S. ${formatPhone(priya)}, 2 for Need a mailbox lock ${formatPhone(sarah)}.`);
    // Priya texts again and Tom for the first time: Priya stays 1, Tom comes last.
    await reaches(s, priya, "Hello?? Anyone?", 4);
    await reaches(s, tom, "Safe won't open", 5);
    await text(s, s.owner, "Be there soon");
    expect(await ownerText(s, 6)).toMatch(
      new RegExp(`^Textback: Which caller\\? Reply 1 for Priya S\\. ${esc(formatPhone(priya))}, 2 for Need a mailbox lock ${esc(formatPhone(sarah))}, 3 for Safe won't open ${esc(formatPhone(tom))}\\.`),
    );
  });

  it("in a storm, offers the three callers heard from last in one segment, and says how to reach the others", async () => {
    const s = await business();
    const callers = Array.from({ length: 5 }, () => uniquePhone("303"));
    for (const [i, caller] of callers.entries()) await reaches(s, caller, `Hail damage on my roof, house ${i + 1}`, i + 1);
    await text(s, s.owner, "We can come tomorrow");
    const question = await ownerText(s, 6);
    expect(question).toMatch(
      new RegExp(`^Textback: Which caller\\? Reply 1 for Hail .*${esc(formatPhone(callers[2]!))}, 2 for Hail .*${esc(formatPhone(callers[3]!))}, 3 for Hail .*${esc(formatPhone(callers[4]!))}\\. 2 more: put their number first\\.$`),
    );
    expect(countSegments(question)).toMatchObject({ segments: 1, encoding: "GSM-7" });
    await text(s, s.owner, "3");
    await eventually(async () => bodies(s, callers[4]!).includes("We can come tomorrow"));
  });
});

describe("a plain reply", () => {
  it("right after one caller's text reached the owner goes to them, though another caller's came minutes before", async () => {
    const s = await business();
    const [maria, bob] = [uniquePhone(), uniquePhone()];
    await reaches(s, maria, "Can you rekey my front door?", 1);
    await reaches(s, bob, "Do you make car keys?", 2);
    await ageReaches(s, maria, 3 * 60_000);
    await text(s, s.owner, "Yes, $90 with the key");
    await eventually(async () => bodies(s, bob).includes("Yes, $90 with the key"));
    expect(await ownerText(s, 3)).toBe(`Textback: sent to ${formatPhone(bob)}.`);
  });
});

const esc = (literal: string) => literal.replace(/[$()?.]/g, "\\$&");

/** The line's memory of when `caller`'s text reached the owner, moved `ms` back. */
async function ageReaches(s: Setup, caller: string, ms: number) {
  const { runInDurableObject } = await import("cloudflare:test");
  const { env } = await import("cloudflare:workers");
  await runInDurableObject(env.LINE.get(env.LINE.idFromName(s.line.e164)), (_instance, state) => {
    state.storage.sql.exec("UPDATE owner_reaches SET at = at - ?, first_at = first_at - ? WHERE caller = ?", ms, ms, caller);
  });
}
