/**
 * Whose lead an owner's shortcut acts on (DESIGN.md §6.6), through the real SMS webhook: the caller
 * it names ("+14152345630 W $1,200"), else the caller the owner dealt with last; how amounts read;
 * and that the answer names the caller while the caller is texted nothing.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { ownerReachesAged } from "./support/owner-reaches";
import { mockTwilio } from "./support/carriers";
import { missedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

interface Two {
  line: TwilioLine;
  owner: string;
  maria: string;
  bob: string;
  carrier: ReturnType<typeof mockTwilio>;
}

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

const escape = (literal: string) => literal.replace(/[$()]/g, "\\$&");
const bodies = (s: { carrier: Two["carrier"] }, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");

async function leadOf(line: TwilioLine, phone: string) {
  return (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === phone);
}

/** The owner's newest text once there are `n` of them. */
async function ownerText(s: Two, n: number): Promise<string> {
  await eventually(async () => s.carrier.to(s.owner).length === n);
  return bodies(s, s.owner)[n - 1]!;
}

/** Two missed callers who replied, Maria first, Bob last (so Bob's reply reached the owner last); Maria's lead is named. */
async function twoCallers(settings: Record<string, unknown> = {}): Promise<Two> {
  const { line, owner, caller: maria, carrier } = await missedCaller({ settings });
  const bob = uniquePhone();
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, bob, "no-answer"), line.authToken);
  await eventually(async () => carrier.to(bob).length === 1);
  const s = { line, owner, maria, bob, carrier };
  await text(line, maria, "Can you fix a leaking tap?");
  await ownerText(s, 1);
  await text(line, bob, "Do you do water heaters?");
  await ownerText(s, 2);
  await apiJson("PATCH", `/leads/${(await leadOf(line, maria)).id}`, { name: "Maria" });
  return s;
}

describe("a shortcut after a caller's number", () => {
  it.each([
    ["W $1,200", { status: "won", wonCents: 120_000 }, "Marked won $1,200"],
    ["L", { status: "lost", wonCents: null }, "Marked lost"],
    ["B", { status: "booked" }, "Marked booked"],
    ["BLOCK", { status: "lost", lostReason: "blocked" }, "Blocked"],
  ])("+1… %s acts on that caller's lead, answers the owner naming them, and texts the caller nothing", async (shortcut, lead, words) => {
    const s = await twoCallers();
    await text(s.line, s.owner, `${s.maria} ${shortcut}`);
    expect(await ownerText(s, 3)).toMatch(new RegExp(`^Textback: ${escape(words)}: ${escape(formatPhone(s.maria))}, Maria($|\\. )`));
    expect(await leadOf(s.line, s.maria)).toMatchObject(lead);
    expect(await leadOf(s.line, s.bob)).toMatchObject({ status: "engaged" });
    await settle(150);
    expect(bodies(s, s.maria)).toHaveLength(1);
    expect(bodies(s, s.bob)).toHaveLength(1);
    expect(s.carrier.to(s.owner)).toHaveLength(3);
  });

  it("+1… OK takes that caller's page, even after a newer relay, and texts them nothing", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("312");
    const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
    const line = await createTwilioLine({ name: "Solo Plumbing", notifyPhone: owner, settings: { urgent: preset.settings.urgent } });
    const s = { line, owner, maria: uniquePhone(), bob: uniquePhone(), carrier };
    await text(line, s.maria, "Basement is flooding");
    expect(await ownerText(s, 1)).toMatch(/^URGENT/);
    const toMaria = s.carrier.to(s.maria).length;
    await text(line, s.bob, "Do you also fix dishwashers?");
    await ownerText(s, 2);
    await text(line, owner, `${s.maria} OK`);
    expect(await ownerText(s, 3)).toBe(`Textback: thanks, it's yours. Call ${formatPhone(s.maria)} now.`);
    expect((await leadOf(line, s.maria)).acknowledgedAt).toBeGreaterThan(0);
    await settle(150);
    expect(s.carrier.to(s.maria)).toHaveLength(toMaria);
    expect(bodies(s, s.bob)).toEqual([]);
  });
});

describe("amounts", () => {
  it.each([
    ["W 450", 45_000, "$450"],
    ["W $450", 45_000, "$450"],
    ["W $1,200", 120_000, "$1,200"],
    ["W 1200.50", 120_050, "$1,200.50"],
    ["won 300", 30_000, "$300"],
  ])("%j marks the lead won with %i cents", async (shortcut, cents, said) => {
    const { line, owner, caller, carrier } = await missedCaller();
    await text(line, caller, "Can you come today?");
    await eventually(async () => carrier.to(owner).length === 1);
    await text(line, owner, shortcut);
    await eventually(async () => carrier.to(owner).length === 2);
    expect(bodies({ carrier }, owner)[1]).toBe(`Textback: Marked won ${said}: ${formatPhone(caller)}`);
    expect(await leadOf(line, caller)).toMatchObject({ status: "won", wonCents: cents });
  });

  it("an amount read two ways (W 12,34) changes nothing and asks again; the owner's next W counts", async () => {
    const { line, owner, caller, carrier } = await missedCaller();
    await text(line, caller, "Can you come today?");
    await eventually(async () => carrier.to(owner).length === 1);
    await text(line, owner, `${caller} W 12,34`);
    await eventually(async () => carrier.to(owner).length === 2);
    expect(bodies({ carrier }, owner)[1]).toBe(`Textback: Nothing marked for ${formatPhone(caller)}: which amount is "12,34"? Reply with the number and the amount again, like ${caller} W 1200 or ${caller} W 1,200.50`);
    expect(await leadOf(line, caller)).toMatchObject({ status: "engaged", wonCents: null });
    await text(line, owner, `${caller} W 1,234`);
    await eventually(async () => carrier.to(owner).length === 3);
    expect(await leadOf(line, caller)).toMatchObject({ status: "won", wonCents: 123_400 });
    expect(bodies({ carrier }, caller)).toHaveLength(1);
  });
});

describe("a shortcut alone", () => {
  // Both replies reached the owner minutes before: none lately, so nothing to ask (test/owner-which-caller.test.ts).
  it("acts on the caller the owner just answered, not the one whose reply reached them last", async () => {
    const s = await twoCallers();
    await ownerReachesAged(s.line.e164);
    await text(s.line, s.owner, `${s.maria} On our way`);
    await eventually(async () => bodies(s, s.maria).includes("On our way"));
    await ownerText(s, 3); // "Textback: sent to …"
    await text(s.line, s.owner, "won 300");
    expect(await ownerText(s, 4)).toBe(`Textback: Marked won $300: ${formatPhone(s.maria)}, Maria`);
    expect(await leadOf(s.line, s.maria)).toMatchObject({ status: "won", wonCents: 30_000 });
    expect(await leadOf(s.line, s.bob)).toMatchObject({ status: "engaged", wonCents: null });
  });

  it("acts on the caller whose reply reached the owner after the owner's answer", async () => {
    const s = await twoCallers();
    await ownerReachesAged(s.line.e164);
    await text(s.line, s.owner, `${s.maria} On our way`);
    await ownerText(s, 3);
    await text(s.line, s.bob, "Also, are you licensed?");
    await ownerText(s, 4);
    await text(s.line, s.owner, "won 300");
    expect(await ownerText(s, 5)).toBe(`Textback: Marked won $300: ${formatPhone(s.bob)}`);
    expect(await leadOf(s.line, s.bob)).toMatchObject({ status: "won", wonCents: 30_000 });
    expect(await leadOf(s.line, s.maria)).toMatchObject({ status: "engaged" });
  });

  it("names the caller by their contact's name when their lead has none", async () => {
    const { line, owner, caller, carrier } = await missedCaller();
    await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(caller)}`, { name: "Maria Lopez" });
    await text(line, caller, "Can you come today?");
    await eventually(async () => carrier.to(owner).length === 1);
    await text(line, owner, "B");
    await eventually(async () => carrier.to(owner).length === 2);
    expect(bodies({ carrier }, owner)[1]).toBe(`Textback: Marked booked: ${formatPhone(caller)}, Maria Lopez. Reply W and the amount when won.`);
  });
});
