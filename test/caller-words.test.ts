/**
 * How the line reads a caller's words (compliance.md §1), in workerd: plain-English opt-outs opt out
 * like STOP, in qualification and in relay mode; a reply that may be an opt-out goes to a person
 * instead of the next question; "YES" from someone who never opted out is an answer, not an opt-in.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, eventually, inboundSms, settle, twilioWebhook } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

/** A plumber that asks questions (home_services), or one that relays every reply to the owner. */
const asking = () => missedCaller({ name: "Drip Plumbing", preset: "home_services", bookingUrl: null });
const relaying = () => missedCaller({ name: "Drip Plumbing", settings: {}, bookingUrl: null });

async function reply(s: MissedCaller, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, body), s.line.authToken)).status).toBe(200);
}

const texts = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const consentOf = (s: MissedCaller) => apiJson("GET", `/businesses/${s.line.businessId}/consent/${encodeURIComponent(s.caller)}`);
const leadOf = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];

describe("a plain-English opt-out", () => {
  const modes = [
    ["asking questions", asking],
    ["relaying every reply", relaying],
  ] as const;
  const cases = modes.flatMap(([mode, setup]) => ["Don't text", "No more", "Do not contact me", "Stop sending"].map((body) => [body, mode, setup] as const));

  it.each(cases)("%j while %s opts out with one confirmation, recorded as intent, and the owner is told", async (body, _mode, setup) => {
    const s = await setup();
    await reply(s, body);
    await eventually(async () => s.carrier.to(s.caller).length === 2 && s.carrier.to(s.owner).length === 1);
    expect(texts(s, s.caller)[1]).toMatch(/unsubscribed/i);
    expect(texts(s, s.owner)).toEqual([`Textback: ${formatPhone(s.caller)} texted ${body} and is opted out: no more texts to them from Drip Plumbing, from any of its numbers.`]);
    const consent = await consentOf(s);
    expect(consent.status).toBe("opted_out");
    expect(consent.events.filter((e: { kind: string }) => e.kind === "opt_out").map((e: { source: string }) => e.source)).toEqual(["intent"]);
    // A second one is not confirmed again.
    await reply(s, body);
    await settle(200);
    expect(s.carrier.to(s.caller)).toHaveLength(2);
  });
});

describe("an opt-in after an opt-out", () => {
  it("START is confirmed to the caller and the owner is told, as they were of the STOP", async () => {
    const s = await relaying();
    await reply(s, "STOP");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    await reply(s, "START");
    await eventually(async () => s.carrier.to(s.caller).length === 3 && s.carrier.to(s.owner).length === 2);
    expect(texts(s, s.owner)[1]).toBe(`Textback: ${formatPhone(s.caller)} texted START and is opted back in: texts to them from Drip Plumbing can go out again.`);
    expect((await consentOf(s)).status).toBe("opted_in");
  });
});

describe("a reply that may be an opt-out", () => {
  it("gets no question: the owner reads it, told why, and the caller stays subscribed", async () => {
    const s = await asking();
    await reply(s, "Stop. I already found someone");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(texts(s, s.owner)[0]).toMatch(/replied: Stop\. I already found someone\n\(They may be asking for no more texts\. If so, opt them out under Consent on the admin page\.\)/);
    await settle(200);
    expect(s.carrier.to(s.caller)).toHaveLength(1);
    expect((await consentOf(s)).status).toBe("implied");
  });

  it("'can you stop by tomorrow?' is an ordinary answer: the next question follows, the caller told a person will answer theirs", async () => {
    const s = await asking();
    await reply(s, "Dripping faucet");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    await reply(s, "can you stop by tomorrow? 12 Oak St");
    await eventually(async () => s.carrier.to(s.caller).length === 3);
    expect(texts(s, s.caller)[2]).toBe("Someone from our team will answer your question. How urgent is it: an emergency, this week, or no rush?");
    expect(await leadOf(s)).toMatchObject({ fields: { address: "12 Oak St", preferredTime: "tomorrow" } });
    expect((await consentOf(s)).status).toBe("implied");
  });
});

describe("YES from someone who never opted out", () => {
  it("answers the question asked: kept as the answer, the next question follows, and consent stays implied with no opt-in recorded", async () => {
    const s = await missedCaller({ name: "Drip Plumbing", preset: "home_services", bookingUrl: null, settings: { qualify: { enabled: true, questions: [{ key: "emergency", ask: "Is it an emergency?" }, { key: "address", ask: "What's the address?" }] } } });
    await reply(s, "Yes");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect(texts(s, s.caller)[1]).toBe("What's the address?");
    expect(await leadOf(s)).toMatchObject({ fields: { emergency: "Yes" } });
    const consent = await consentOf(s);
    expect({ status: consent.status, kinds: consent.events.map((e: { kind: string }) => e.kind) }).toEqual({ status: "implied", kinds: ["implied_by_call"] });
  });

  it("in relay mode reaches the owner as a reply; after a STOP it opts back in as before", async () => {
    const s = await relaying();
    await reply(s, "YES");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(texts(s, s.owner)[0]).toMatch(/replied: YES/);
    expect((await consentOf(s)).status).toBe("implied");
    await reply(s, "STOP");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    await reply(s, "yes");
    await eventually(async () => s.carrier.to(s.caller).length === 3);
    expect((await consentOf(s)).status).toBe("opted_in");
  });
});
