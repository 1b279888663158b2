/** Qualification by text (DESIGN.md §6.2), in workerd: question by question, hand-over, STOP, redelivery. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, inboundSms, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

type Setup = MissedCaller;

/** A plumber set up from the home_services preset, and a caller who missed them and got the text-back. */
const missedPlumber = (settings: Record<string, unknown> = {}) => missedCaller({ name: "Drip Plumbing", preset: "home_services", settings, bookingUrl: null });

async function reply(s: Setup, body: string, params = inboundSms(s.line, s.caller, body)) {
  expect((await twilioWebhook("/webhooks/twilio/sms", params, s.line.authToken)).status).toBe(200);
}

const texts = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const lead = async (s: Setup) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];

/** Wait for the caller's `n`th text and return its body. */
async function nthTo(s: Setup, to: string, n: number): Promise<string> {
  await eventually(async () => s.carrier.to(to).length >= n);
  return texts(s, to)[n - 1]!;
}

describe("qualification by text", () => {
  it("asks one question at a time, then thanks the caller, qualifies the lead and sends the owner one summary", async () => {
    const s = await missedPlumber();
    expect(texts(s, s.caller)[0]).toContain("What do you need done?");
    await reply(s, "I need my water heater looked at");
    expect(await nthTo(s, s.caller, 2)).toBe("Thanks. What's the address of the job?");
    await reply(s, "It's 12 Oak St, Austin TX 78701");
    expect(await nthTo(s, s.caller, 3)).toBe("When would be a good time for us to come?");
    await reply(s, "no rush, tomorrow morning is fine");
    expect(await nthTo(s, s.caller, 4)).toBe("Thanks, that's everything we need. Someone from Drip Plumbing will call you shortly.");
    const summary = await nthTo(s, s.owner, 1);
    expect(summary).toMatch(/^Textback: new lead \(\d{3}\) \d{3}-\d{4}\. Need: I need my water heater looked at; Address: 12 Oak St, Austin TX 78701; Urgency: not urgent; When: tomorrow morning\./);
    expect(await lead(s)).toMatchObject({
      status: "qualified",
      estimatedCents: 180_000,
      fields: { service: "I need my water heater looked at", address: "12 Oak St, Austin TX 78701", zip: "78701", urgency: "not urgent", preferredTime: "tomorrow morning" },
    });
    expect(s.carrier.to(s.owner)).toHaveLength(1);
    // The summary is a relay: the owner's answer goes to this caller.
    await reply(s, "See you tomorrow at 9", inboundSms(s.line, s.owner, "See you tomorrow at 9"));
    expect(await nthTo(s, s.caller, 5)).toBe("See you tomorrow at 9");
  });

  it("takes several answers from one reply", async () => {
    const s = await missedPlumber();
    await reply(s, "My water heater is leaking");
    // "leaking" is urgent: the caller hears help is coming (the one automated text for this reply),
    // and it answered how urgent it is, so the address is all that is left.
    expect(await nthTo(s, s.caller, 2)).toMatch(/This sounds urgent/);
    expect(await lead(s)).toMatchObject({ urgent: true, fields: { service: "My water heater is leaking", urgency: "urgent" } });
    await reply(s, "12 Oak St");
    await nthTo(s, s.caller, 3);
    expect(texts(s, s.caller)[2]).toMatch(/everything we need/);
    const t = await missedPlumber();
    await reply(t, "Burst pipe in the basement at 9 Pine Ave, please come asap");
    Object.assign(s, t);
    // Every question answered at once, and urgent: the caller hears help is coming.
    expect(await nthTo(s, s.caller, 2)).toMatch(/This sounds urgent/);
    expect(await lead(s)).toMatchObject({ status: "qualified", urgent: true, fields: { address: "9 Pine Ave", urgency: "urgent", preferredTime: "asap" } });
  });

  it("a ZIP outside the service area: the caller is told, and the lead is lost", async () => {
    const s = await missedPlumber({ qualify: { enabled: true, questions: [{ key: "service", ask: "What do you need?" }, { key: "address", ask: "Address?" }], serviceArea: { zips: ["78701"] } } });
    await reply(s, "Clogged drain at 40 Hill Rd 78610");
    expect(await nthTo(s, s.caller, 2)).toMatch(/outside the area we serve/);
    expect(await lead(s)).toMatchObject({ status: "lost", lostReason: "out_of_area" });
  });

  it("stops for good once a person writes to the caller, and relays their replies from then on", async () => {
    const s = await missedPlumber();
    await reply(s, "Toilet won't stop running");
    await nthTo(s, s.caller, 2);
    await apiJson("POST", `/businesses/${s.line.businessId}/messages`, { to: s.caller, body: "Hi, this is Sam, I can come at 3" });
    await nthTo(s, s.caller, 3);
    await reply(s, "Great, thanks!");
    expect(await nthTo(s, s.owner, 1)).toMatch(/replied: Great, thanks!/);
    expect(texts(s, s.caller)).toEqual([expect.any(String), "Thanks. What's the address of the job?", "Hi, this is Sam, I can come at 3"]);
  });

  it("STOP ends it: a later reply gets no question", async () => {
    const s = await missedPlumber();
    await reply(s, "Need a drain cleaned");
    await nthTo(s, s.caller, 2);
    await reply(s, "STOP");
    await nthTo(s, s.caller, 3);
    await reply(s, "start");
    await nthTo(s, s.caller, 4);
    await reply(s, "12 Oak St");
    // The owner heard of the STOP and of the START, then of the reply (no question asks for it).
    await eventually(async () => s.carrier.to(s.owner).length === 3);
    expect(texts(s, s.caller)).toHaveLength(4);
  });

  it("a reply delivered 20 times at once is answered once", async () => {
    const s = await missedPlumber();
    const params = inboundSms(s.line, s.caller, "AC is broken");
    await Promise.all(Array.from({ length: 20 }, () => reply(s, "AC is broken", params)));
    await nthTo(s, s.caller, 2);
    expect(texts(s, s.caller)).toHaveLength(2);
    expect(await lead(s)).toMatchObject({ fields: { service: "AC is broken" } });
  });

  it("with relay every_reply the owner gets every reply as before", async () => {
    const s = await missedPlumber({ relay: "every_reply" });
    await reply(s, "Leaky faucet");
    expect(await nthTo(s, s.owner, 1)).toMatch(/replied: Leaky faucet/);
    expect(await nthTo(s, s.caller, 2)).toMatch(/address/);
  });
});

describe("a caller who texted first", () => {
  it("is told who is writing and how to stop, and asked the first question; their hello is not taken as its answer", async () => {
    const s = await missedPlumber();
    const texter = uniquePhone();
    await reply({ ...s, caller: texter }, "Hi there");
    expect(await nthTo(s, texter, 1)).toBe("This is Drip Plumbing. What do you need help with?\nReply STOP to opt out.");
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    expect(leads.find((l: { phone: string }) => l.phone === texter)).toMatchObject({ status: "engaged", source: "inbound_text", fields: {} });
  });
});

describe("the lead's status follows the state machine", () => {
  it("a lead a person already booked is asked nothing more and never moved back to qualified; the reply reaches the owner", async () => {
    const s = await missedPlumber();
    await reply(s, "I need my water heater looked at");
    await nthTo(s, s.caller, 2);
    await apiJson("PATCH", `/leads/${(await lead(s)).id}`, { status: "booked" });
    await reply(s, "12 Oak St, Austin TX 78701, no rush");
    expect(await nthTo(s, s.owner, 1)).toMatch(/replied: 12 Oak St/);
    expect(texts(s, s.caller)).toHaveLength(2);
    expect(await lead(s)).toMatchObject({ status: "booked", qualifiedAt: null });
  });
});
