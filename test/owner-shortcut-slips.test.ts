/**
 * The owner's shortcuts typed in a hurry (DESIGN.md §6.6), through the real SMS webhook: a text
 * that looks like a shortcut never reaches the caller. Read as the shortcut where it can be read
 * one way (`W95`, `Won 150 cash`, `paid 150`), else not sent and the owner told how to send it
 * (`SEND` before it); a bare `ok` with no page open is not sent either. `UNDO` takes back the last
 * shortcut within 10 minutes, the lead as it was and its timeline saying so.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { api, apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.restoreAllMocks());

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

const bodies = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const leadOf = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === s.caller);

/** The owner's newest text once there are `n` of them. */
async function ownerText(s: MissedCaller, n: number): Promise<string> {
  await eventually(async () => s.carrier.to(s.owner).length === n);
  return bodies(s, s.owner)[n - 1]!;
}

/** A missed caller who replied, relayed to the owner (text 1 of the owner's). */
async function relayed(settings: Record<string, unknown> = {}): Promise<MissedCaller> {
  const s = await missedCaller({ settings });
  await text(s.line, s.caller, "Locked out of my car at the mall");
  await ownerText(s, 1);
  return s;
}

describe("a shortcut typed in a hurry", () => {
  it.each([
    ["W95", 9_500, "$95"],
    ["Won 150 cash", 15_000, "$150"],
    ["paid 150", 15_000, "$150"],
  ])("%j marks the lead won, answers the owner and texts the caller nothing", async (body, cents, said) => {
    const s = await relayed();
    await text(s.line, s.owner, body);
    expect(await ownerText(s, 2)).toBe(`Textback: Marked won ${said}: ${formatPhone(s.caller)}`);
    expect(await leadOf(s)).toMatchObject({ status: "won", wonCents: cents });
    await settle(150);
    expect(bodies(s, s.caller)).toHaveLength(1);
  });

  it("after the caller's number too", async () => {
    const s = await relayed();
    await text(s.line, s.owner, `${s.caller} W95`);
    expect(await ownerText(s, 2)).toBe(`Textback: Marked won $95: ${formatPhone(s.caller)}`);
    await settle(150);
    expect(bodies(s, s.caller)).toHaveLength(1);
  });

  it.each(["booked tmrw 10am", "L 450", "ok"])("%j is not sent: the owner is told what it looks like and how to send it; SEND sends it as written", async (body) => {
    const s = await relayed();
    await text(s.line, s.owner, body);
    expect(await ownerText(s, 2)).toMatch(new RegExp(`^Textback: Not sent: "${body}" looks like a shortcut\\. .* To text it to ${formatPhone(s.caller).replace(/[()]/g, "\\$&")}, reply SEND ${body}$`));
    await settle(150);
    expect(bodies(s, s.caller)).toHaveLength(1);
    expect(await leadOf(s)).toMatchObject({ status: "engaged", handedOver: false });

    await text(s.line, s.owner, `SEND ${body}`);
    await eventually(async () => bodies(s, s.caller).includes(body));
    expect(await ownerText(s, 3)).toBe(`Textback: sent to ${formatPhone(s.caller)}.`);
    expect(await leadOf(s)).toMatchObject({ status: "engaged", handedOver: true });
  });

  it("HELP lists UNDO and SEND", async () => {
    const s = await relayed();
    await text(s.line, s.owner, "HELP");
    expect(await ownerText(s, 2)).toMatch(/BLOCK, UNDO takes back the last within 10 min, .*SEND first texts a shortcut as written/);
  });
});

describe("UNDO", () => {
  it("after a wrong W 95: the lead is open and engaged again without the amount, the timeline says so, the owner is told; a second UNDO has nothing to undo", async () => {
    const s = await relayed();
    await text(s.line, s.owner, "W 95");
    await ownerText(s, 2);
    expect(await leadOf(s)).toMatchObject({ status: "won", wonCents: 9_500 });
    await text(s.line, s.owner, "undo");
    expect(await ownerText(s, 3)).toBe(`Textback: Undone: won $95 for ${formatPhone(s.caller)}. Their lead is engaged again.`);
    const lead = await leadOf(s);
    expect(lead).toMatchObject({ status: "engaged", wonCents: null, closedAt: null });
    const { timeline } = await apiJson("GET", `/leads/${lead.id}`);
    const statuses = timeline.filter((e: { event?: string }) => e.event === "status").map((e: { detail: Record<string, unknown> }) => e.detail);
    expect(statuses).toEqual([expect.objectContaining({ from: "engaged", to: "won", wonCents: 9_500 }), expect.objectContaining({ from: "won", to: "engaged", undid: expect.objectContaining({ to: "won" }) })]);
    const page = await (await get(await newSession(), `/admin/businesses/${s.line.businessId}/leads/${lead.id}`)).text();
    expect(page).toContain("Undone by the owner&#39;s phone (UNDO): Won $95.00 · back to engaged");

    await text(s.line, s.owner, "UNDO");
    expect(await ownerText(s, 4)).toBe("Textback: nothing to undo: no shortcut of yours in the last 10 minutes.");
    // The right amount now counts.
    await text(s.line, s.owner, "W 950");
    expect(await ownerText(s, 5)).toBe(`Textback: Marked won $950: ${formatPhone(s.caller)}`);
    expect(await leadOf(s)).toMatchObject({ status: "won", wonCents: 95_000 });
    await settle(150);
    expect(bodies(s, s.caller)).toHaveLength(1);
  });

  it("after BLOCK: the caller is not blocked any more (the contact BLOCK made is gone) and their lead is open again", async () => {
    const s = await relayed();
    await text(s.line, s.owner, "BLOCK");
    await ownerText(s, 2);
    expect(await leadOf(s)).toMatchObject({ status: "lost", lostReason: "blocked" });
    await text(s.line, s.owner, "undo");
    expect(await ownerText(s, 3)).toBe(`Textback: Undone: BLOCK for ${formatPhone(s.caller)}. They are not blocked any more. Their lead is engaged again.`);
    expect(await leadOf(s)).toMatchObject({ status: "engaged", lostReason: null, closedAt: null });
    expect((await api("GET", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`)).status).toBe(404);
    // Their texts reach the owner again.
    await text(s.line, s.caller, "Hello? Still coming?");
    expect(await ownerText(s, 4)).toMatch(/replied: Hello\? Still coming\?/);
  });

  it("a BLOCK of a known contact only takes the tag off, keeping their name and other tags", async () => {
    const s = await relayed();
    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`, { name: "Dana Price", tags: ["customer"] });
    await text(s.line, s.owner, "BLOCK");
    await ownerText(s, 2);
    await text(s.line, s.owner, "UNDO");
    await ownerText(s, 3);
    expect(await apiJson("GET", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`)).toMatchObject({ name: "Dana Price", tags: ["customer"] });
  });

  it("changes nothing when the lead changed since (a person on the admin page), and says so", async () => {
    const s = await relayed();
    await text(s.line, s.owner, "L");
    await ownerText(s, 2);
    const { id } = await leadOf(s);
    await apiJson("PATCH", `/leads/${id}`, { status: "won", wonCents: 20_000 });
    await text(s.line, s.owner, "undo");
    expect(await ownerText(s, 3)).toBe(`Textback: Nothing undone: ${formatPhone(s.caller)}'s lead is not as your lost left it (changed since, or it had none).`);
    expect(await leadOf(s)).toMatchObject({ status: "won", wonCents: 20_000 });
  });

  it("takes back only the sender's own last shortcut, never older than 10 minutes", async () => {
    const s = await relayed();
    await text(s.line, s.owner, "B");
    await ownerText(s, 2);
    const other = uniquePhone();
    await text(s.line, s.owner, `${other} undo`);
    expect(await ownerText(s, 3)).toBe("Textback: nothing to undo: no shortcut of yours in the last 10 minutes.");
    expect(await leadOf(s)).toMatchObject({ status: "booked" });
  });
});
