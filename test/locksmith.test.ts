/**
 * A solo 24/7 locksmith's callers (DESIGN.md §6.2, §6.3), in workerd, with the locksmith preset: a
 * question typed without its "?" reaches the owner like one with it; an address corrected replaces the
 * lead's (its timeline keeps the one given first).
 */
import { describe, expect, it } from "vitest";
import { apiJson, eventually, twilioWebhook, inboundSms } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

const locksmith = () => missedCaller({ name: "Pop Lock", preset: "locksmith", bookingUrl: null });

async function reply(s: MissedCaller, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, body), s.line.authToken)).status).toBe(200);
}

const texts = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const leadOf = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];

describe("a locksmith's caller", () => {
  it("asking without a '?' reaches the owner, told it is a question, and hears a person will answer it", async () => {
    const s = await locksmith();
    expect(texts(s, s.caller)[0]).toContain("What happened?");
    await reply(s, "how much for a rekey");
    await eventually(async () => s.carrier.to(s.caller).length === 2 && s.carrier.to(s.owner).length === 1);
    expect(texts(s, s.caller)[1]).toMatch(/^Someone from our team will answer your question\./);
    expect(texts(s, s.owner)[0]).toContain("replied: how much for a rekey");
    expect(texts(s, s.owner)[0]).toContain("(They asked a question: we told them someone will answer it.)");
    expect(await leadOf(s)).toMatchObject({ status: "engaged" });
  });

  it("who corrects the address after the questions are over has the lead's address replaced; the timeline keeps the first", async () => {
    const s = await locksmith();
    for (const [i, body] of ["need a lock changed on the back door", "home", "214 Elm St"].entries()) {
      await reply(s, body);
      await eventually(async () => s.carrier.to(s.caller).length === i + 2);
    }
    expect(await leadOf(s)).toMatchObject({ status: "qualified", fields: { address: "214 Elm St", property: "home" } });
    await reply(s, "sorry, it's 412 Elm St not 214");
    await eventually(async () => (await leadOf(s)).fields.address === "412 Elm St");
    const lead = await apiJson("GET", `/leads/${(await leadOf(s)).id}`);
    const given = lead.timeline.filter((e: { event?: string }) => e.event === "fields").map((e: { detail: { answers: Record<string, string> } }) => e.detail.answers.address).filter(Boolean);
    expect(given).toEqual(["214 Elm St", "412 Elm St"]);
    // Nothing more is asked of them: the questions are over.
    expect(s.carrier.to(s.caller)).toHaveLength(4);
  });

  it("who corrects the address while still being asked has the new one kept, and the next question follows", async () => {
    const s = await locksmith();
    await reply(s, "need a rekey at 214 Elm St");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    await reply(s, "oops, it's 412 Elm St not 214. a house");
    await eventually(async () => (await leadOf(s)).fields.address === "412 Elm St");
  });
});
