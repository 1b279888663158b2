/**
 * A caller who got the text-back and calls again within the cooldown (rules/repeat-call.ts),
 * through Twilio's webhooks in workerd: no second text, and one alert to the owner (and the first
 * person on call where the business pages) per repeat call, at most one per caller every 10
 * minutes, saying who, how many calls in how long, their lead and what they said (never their
 * words under privateTexts), and the link. A blocked caller alerts nobody.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";
import { formatPhone } from "../src/rules/display";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

async function callAgain(s: MissedCaller): Promise<void> {
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(s.line, s.caller, "no-answer"), s.line.authToken)).status).toBe(200);
}

async function reply(s: MissedCaller, body: string): Promise<void> {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, body), s.line.authToken)).status).toBe(200);
}

const repeatAlerts = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "").filter((b) => b.includes("called again"));

async function skippedCalls(s: MissedCaller): Promise<number> {
  const { calls } = await apiJson("GET", `/businesses/${s.line.businessId}/calls`);
  return (calls as { from: string; decision: string }[]).filter((c) => c.from === s.caller && c.decision === "skipped:cooldown").length;
}

describe("a caller texted back who calls again within the cooldown", () => {
  it("gets no second text; the owner is alerted once, with who, how many calls, their lead and words, and the link", async () => {
    const s = await missedCaller({ settings: { qualify: { enabled: false } } });
    await reply(s, "Hail went through the roof, water coming in");
    await callAgain(s);
    await eventually(async () => repeatAlerts(s, s.owner).length === 1);
    const [alert] = repeatAlerts(s, s.owner);
    expect(alert).toContain(`Textback: ${formatPhone(s.caller)} called again: 2 calls in under a minute, still waiting.`);
    expect(alert).toContain('said "Hail went through the roof, water coming in"');
    expect(alert).toContain(`/admin/businesses/${s.line.businessId}/conversations/${s.caller}`);
    expect(s.carrier.to(s.caller)).toHaveLength(1);

    // Two more calls inside the 10 minutes: recorded, but nobody is alerted again.
    await callAgain(s);
    await callAgain(s);
    await eventually(async () => (await skippedCalls(s)) === 3);
    await settle(200);
    expect(repeatAlerts(s, s.owner)).toHaveLength(1);
    expect(s.carrier.to(s.caller)).toHaveLength(1);
  });

  it("privateTexts: the alert keeps the caller's words off the owner's phone", async () => {
    const s = await missedCaller({ settings: { privateTexts: true, qualify: { enabled: false } } });
    await reply(s, "Hail went through the roof");
    await callAgain(s);
    await eventually(async () => repeatAlerts(s, s.owner).length === 1);
    const [alert] = repeatAlerts(s, s.owner);
    expect(alert).toContain("they replied");
    expect(alert).not.toContain("Hail");
  });

  it("where the business pages, the first person on call is alerted too", async () => {
    const sam = uniquePhone("512");
    const s = await missedCaller({ settings: { urgent: { enabled: true, onCall: [{ phone: sam, name: "Sam" }] } } });
    await callAgain(s);
    await eventually(async () => repeatAlerts(s, sam).length === 1 && repeatAlerts(s, s.owner).length === 1);
  });

  it("a caller whose text-back the line still holds (a delay) has not had it: calling again alerts nobody yet", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("312");
    const line = await createTwilioLine({ settings: { textDelaySeconds: 300 }, notifyPhone: owner });
    const s: MissedCaller = { line, owner, caller: uniquePhone(), carrier };
    await callAgain(s);
    await callAgain(s);
    await eventually(async () => (await skippedCalls(s)) === 1);
    await settle(200);
    expect(repeatAlerts(s, s.owner)).toEqual([]);
  });

  it("a caller blocked since their text-back alerts nobody", async () => {
    const s = await missedCaller();
    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`, { name: null, tags: ["blocked"] });
    await callAgain(s);
    await eventually(async () => {
      const { calls } = await apiJson("GET", `/businesses/${s.line.businessId}/calls`);
      return (calls as { decision: string }[]).some((c) => c.decision === "skipped:blocked");
    });
    await settle(200);
    expect(repeatAlerts(s, s.owner)).toEqual([]);
  });
});
