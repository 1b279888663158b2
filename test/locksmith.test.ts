/**
 * A solo 24/7 locksmith's callers (DESIGN.md §6.2, §6.3), in workerd, with the locksmith preset: a
 * question typed without its "?" reaches the owner like one with it.
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
});
