/**
 * Texts from the business's own people after a page or a relay (DESIGN.md §6.6): an on-call person's
 * shortcuts act on, and their other texts answer, the caller they were paged about, as the owner's
 * do; an answer to a caller who opted out is not sent, and the sender is told why.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { ownerReachesAged } from "./support/owner-reaches";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

type Setup = MissedCaller & { sam: string; alex: string };

async function withOnCall(extra: Record<string, unknown> = {}): Promise<Setup> {
  const [sam, alex] = [uniquePhone("737"), uniquePhone("737")];
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const settings = { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }] }, ...extra };
  return { ...(await missedCaller({ name: "Drip Plumbing", preset: "home_services", settings, bookingUrl: null })), sam, alex };
}

async function text(s: MissedCaller, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const bodies = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const leadOf = async (s: MissedCaller, phone = s.caller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === phone);

/** Sam is paged about the caller's emergency and takes it. */
async function samTookThePage(extra: Record<string, unknown> = {}): Promise<Setup> {
  const s = await withOnCall(extra);
  await text(s, s.caller, "basement is flooding");
  await eventually(async () => s.carrier.to(s.sam).length === 1);
  await text(s, s.sam, "OK");
  await eventually(async () => s.carrier.to(s.sam).length === 2);
  return s;
}

describe("an on-call person's texts after a page", () => {
  it("an answer goes to the caller they were paged about, confirmed once", async () => {
    const s = await samTookThePage();
    const before = s.carrier.to(s.caller).length;
    await text(s, s.sam, "I'm 10 minutes away");
    await eventually(async () => bodies(s, s.caller).includes("I'm 10 minutes away"));
    await eventually(async () => s.carrier.to(s.sam).length === 3);
    expect(bodies(s, s.sam)[2]).toBe(`Textback: sent to ${formatPhone(s.caller)}.`);
    await text(s, s.sam, "Parking now");
    await eventually(async () => bodies(s, s.caller).includes("Parking now"));
    await settle(200);
    expect(s.carrier.to(s.sam)).toHaveLength(3);
    expect(s.carrier.to(s.caller)).toHaveLength(before + 2);
    expect(await leadOf(s)).toMatchObject({ handedOver: true });
    // Sam's, by his name: the conversation labels it "Sam", the lead says "Sam answered".
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    const answer = messages.find((m: { body: string }) => m.body === "I'm 10 minutes away");
    const row = await env.DB.prepare("SELECT acted_by FROM messages WHERE id = ?").bind(answer.id).first<{ acted_by: string }>();
    expect(JSON.parse(row!.acted_by)).toEqual({ kind: "on_call", phone: s.sam, name: "Sam" });
    const { timeline } = await apiJson("GET", `/leads/${(await leadOf(s)).id}`);
    expect(timeline.filter((e: { event?: string }) => e.event === "human_reply").map((e: { actor: string; actedBy: unknown }) => [e.actor, e.actedBy])).toContainEqual([s.sam, { kind: "on_call", phone: s.sam, name: "Sam" }]);
  });

  it("W 450 marks the lead of the caller they were paged about won and answers them, never the caller", async () => {
    const s = await samTookThePage();
    const before = s.carrier.to(s.caller).length;
    await text(s, s.sam, "W 450");
    await eventually(async () => s.carrier.to(s.sam).length === 3);
    expect(bodies(s, s.sam)[2]).toBe(`Textback: Marked won $450: ${formatPhone(s.caller)}`);
    expect(await leadOf(s)).toMatchObject({ status: "won", wonCents: 45_000 });
    const { timeline } = await apiJson("GET", `/leads/${(await leadOf(s)).id}`);
    expect(timeline.find((e: { event?: string }) => e.event === "status")).toMatchObject({ actedBy: { kind: "on_call", name: "Sam" }, detail: { to: "won", wonCents: 45_000 } });
    await settle(150);
    expect(s.carrier.to(s.caller)).toHaveLength(before);
  });

  it("before they take the page, an answer still reaches the caller and reminds them how to take it", async () => {
    const s = await withOnCall();
    await text(s, s.caller, "basement is flooding");
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    await text(s, s.sam, "Calling you in 2 minutes");
    await eventually(async () => bodies(s, s.caller).includes("Calling you in 2 minutes"));
    await eventually(async () => s.carrier.to(s.sam).length === 2);
    expect(bodies(s, s.sam)[1]).toBe(`Textback: sent to ${formatPhone(s.caller)}. To take the page, reply just OK.`);
    expect(await leadOf(s)).toMatchObject({ acknowledgedAt: null });
  });

  it("with no page to refer to, they are told so and nothing reaches anyone", async () => {
    const s = await withOnCall();
    await text(s, s.alex, "running late today");
    await eventually(async () => s.carrier.to(s.alex).length === 1);
    expect(bodies(s, s.alex)[0]).toMatch(/^Textback: no page to answer yet\./);
    await text(s, s.alex, "W 450");
    await eventually(async () => s.carrier.to(s.alex).length === 2);
    expect(bodies(s, s.alex)[1]).toMatch(/^Textback: Nothing marked: no page to apply it to yet\./);
    expect(s.carrier.to(s.caller)).toHaveLength(1);
    expect(await leadOf(s)).toMatchObject({ status: "new" });
  });

  it("their answers leave the owner's conversation alone", async () => {
    const s = await samTookThePage({ relay: "every_reply" });
    // Only the other caller reached the owner lately: the owner's bare texts are for them, asked about nothing.
    await ownerReachesAged(s.line.e164);
    const other = uniquePhone();
    await text(s, other, "Do you install water heaters?");
    await eventually(async () => bodies(s, s.owner).some((b) => b.includes("water heaters")));
    await text(s, s.sam, "On my way");
    await eventually(async () => bodies(s, s.caller).includes("On my way"));
    // The owner's bare answer and shortcut follow the owner's own conversation, not Sam's.
    await text(s, s.owner, "Yes we do");
    await eventually(async () => bodies(s, other).includes("Yes we do"));
    await text(s, s.owner, "W 300");
    await eventually(async () => (await leadOf(s, other))?.status === "won");
    expect(bodies(s, s.caller)).not.toContain("Yes we do");
    expect(await leadOf(s)).toMatchObject({ status: expect.not.stringMatching(/won/) });
  });
});

describe("an answer to a caller who opted out", () => {
  it("from the owner: not sent, and the owner is told the caller texted STOP and when", async () => {
    const s = await missedCaller({ settings: {} });
    await text(s, s.caller, "STOP");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    const before = s.carrier.to(s.caller).length;
    await text(s, s.owner, `${s.caller} Sorry to bother you, the part came in`);
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    const { events } = await apiJson("GET", `/businesses/${s.line.businessId}/consent/${encodeURIComponent(s.caller)}`);
    const day = new Intl.DateTimeFormat("en-US", { timeZone: "America/Chicago", month: "short", day: "numeric", year: "numeric" }).format(Date.parse(events.at(-1).at));
    expect(bodies(s, s.owner)[1]).toBe(`Textback: not sent to ${formatPhone(s.caller)}: they texted STOP on ${day}. Nothing goes to them until they text START.`);
    await settle(150);
    expect(s.carrier.to(s.caller)).toHaveLength(before);
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    expect(messages.filter((m: { kind: string }) => m.kind === "manual")).toEqual([]);
  });

  it("from the owner, opted out on the admin page: the unaddressed answer is not sent either", async () => {
    const s = await missedCaller({ settings: {} });
    await text(s, s.caller, "Can you come Friday?");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    await apiJson("POST", `/businesses/${s.line.businessId}/consent`, { phone: s.caller, kind: "opt_out", note: "asked on the phone" });
    await text(s, s.owner, "Friday works");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    expect(bodies(s, s.owner)[1]).toMatch(/^Textback: not sent to .*: they are opted out since /);
    expect(bodies(s, s.owner)[1]).toContain(formatPhone(s.caller));
    await settle(150);
    expect(bodies(s, s.caller)).not.toContain("Friday works");
  });

  it("from an on-call person: not sent, and they are told why", async () => {
    const s = await samTookThePage();
    await text(s, s.caller, "STOP");
    await eventually(async () => bodies(s, s.owner).some((b) => b.includes("opted out")));
    const before = s.carrier.to(s.caller).length;
    await text(s, s.sam, "Here in 5");
    await eventually(async () => s.carrier.to(s.sam).length === 3);
    expect(bodies(s, s.sam)[2]).toMatch(/^Textback: not sent to .*: they texted STOP on /);
    expect(bodies(s, s.sam)[2]).toContain(formatPhone(s.caller));
    await settle(150);
    expect(s.carrier.to(s.caller)).toHaveLength(before);
  });
});
