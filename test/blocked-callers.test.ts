/**
 * A blocked caller (DESIGN.md §6.4, §6.6): the owner's BLOCK makes them a blocked contact whether
 * or not they have an open lead; from then on their texts are kept (the conversation shows them)
 * but reach nobody's phone and get no automated answer, except what STOP and HELP must answer.
 */
import { formatPhone } from "../src/rules/display";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, type TwilioLine } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

const bodies = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const contactOf = (s: MissedCaller) => apiJson("GET", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`);

async function inboundFrom(s: MissedCaller) {
  const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
  return (messages as { direction: string; from: string; body: string; kind: string }[]).filter((m) => m.direction === "inbound" && m.from === s.caller).map((m) => [m.kind, m.body]);
}

/** A missed caller the owner blocked by number. */
async function blocked(settings: Record<string, unknown> = {}, preset?: string): Promise<MissedCaller> {
  const s = await missedCaller({ settings, ...(preset ? { preset, bookingUrl: null } : {}) });
  await text(s.line, s.owner, `${s.caller} BLOCK`);
  await eventually(async () => s.carrier.to(s.owner).length === 1);
  return s;
}

describe("the owner's BLOCK", () => {
  it("blocks a caller whose lead is already closed, and says so", async () => {
    const s = await missedCaller({ settings: {} });
    await text(s.line, s.caller, "Can you fix a tap?");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    await text(s.line, s.owner, "W 450");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    await text(s.line, s.caller, "you guys are scammers, I'll keep texting");
    await eventually(async () => s.carrier.to(s.owner).length === 3);
    await text(s.line, s.owner, "BLOCK");
    await eventually(async () => s.carrier.to(s.owner).length === 4);
    expect(bodies(s, s.owner)[3]).toBe(`Textback: Blocked: ${formatPhone(s.caller)}. No more texts to them.`);
    expect(await contactOf(s)).toMatchObject({ phone: s.caller, tags: ["blocked"] });
    // The won lead stays won.
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    expect(leads.map((l: { status: string }) => l.status)).toEqual(["won"]);
  });

  it("keeps a contact's name and other tags", async () => {
    const s = await missedCaller({ settings: {} });
    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`, { name: "Pat Doe", tags: ["customer"] });
    await text(s.line, s.owner, `${s.caller} BLOCK`);
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(await contactOf(s)).toMatchObject({ name: "Pat Doe", tags: ["blocked", "customer"] });
  });
});

describe("a blocked caller's texts", () => {
  it("are kept, reach no one and are answered by nothing; they open no lead", async () => {
    const s = await blocked({ qualify: { enabled: true }, relay: "every_reply" });
    await text(s.line, s.caller, "Hello?? call me back now");
    await eventually(async () => (await inboundFrom(s)).length === 1);
    await settle(200);
    expect(await inboundFrom(s)).toEqual([["reply", "Hello?? call me back now"]]);
    expect(s.carrier.to(s.owner)).toHaveLength(1);
    expect(bodies(s, s.caller)).toHaveLength(1);
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    expect(leads.map((l: { status: string; lostReason: string }) => [l.status, l.lostReason])).toEqual([["lost", "blocked"]]);
  });

  it("page nobody and get no urgent answer", async () => {
    const s = await blocked({}, "home_services");
    await text(s.line, s.caller, "basement is flooding!!");
    await eventually(async () => (await inboundFrom(s)).length === 1);
    await settle(200);
    expect(s.carrier.to(s.owner)).toHaveLength(1);
    expect(bodies(s, s.caller)).toHaveLength(1);
  });

  it.each([
    ["HELP", /help/i],
    ["STOP", /unsubscribed/i],
  ])("%s still gets its answer, and the owner hears nothing of it", async (word, answer) => {
    const s = await blocked();
    await text(s.line, s.caller, word);
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect(bodies(s, s.caller)[1]).toMatch(answer);
    await settle(200);
    expect(s.carrier.to(s.owner)).toHaveLength(1);
  });

  it("a voicemail of theirs is not read to the owner", async () => {
    const s = await blocked();
    const params = { AccountSid: s.line.accountSid, CallSid: `CA${crypto.randomUUID().replace(/-/g, "")}`, From: s.caller, To: s.line.e164, TranscriptionStatus: "completed", TranscriptionText: "Call me back or else" };
    expect((await twilioWebhook("/webhooks/twilio/voicemail-transcription", params, s.line.authToken)).status).toBe(200);
    await eventually(async () => (await inboundFrom(s)).length === 1);
    await settle(200);
    expect(s.carrier.to(s.owner)).toHaveLength(1);
  });
});
