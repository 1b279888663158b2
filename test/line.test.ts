import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, settle, twilioWebhook, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

describe("BusinessLine reservations", () => {
  it("keeps separate numbers independent: one caller missed by two businesses gets two texts", async () => {
    const carrier = mockTwilio();
    const a = await createTwilioLine({ name: "Acme Plumbing" });
    const b = await createTwilioLine({ name: "Bright Dental" });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(a, caller, "no-answer"), a.authToken);
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(b, caller, "busy"), b.authToken);
    await eventually(async () => carrier.to(caller).length === 2);
    expect(carrier.to(caller).map((r) => r.form.get("From")).sort()).toEqual([a.e164, b.e164].sort());
  });

  it("holds the daily cap exactly under 30 concurrent distinct callers", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { dailyCap: 7 } });
    const callers = Array.from({ length: 30 }, () => uniquePhone("646"));
    await Promise.all(
      callers.map((c) => twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, c, "no-answer"), line.authToken)),
    );
    await eventually(async () => carrier.requests.filter((r) => r.form.get("From") === line.e164).length === 7);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls?limit=100`);
    const decisions = calls.map((c: { decision: string }) => c.decision);
    expect(decisions.filter((d: string) => d === "texted:no_answer")).toHaveLength(7);
    expect(decisions.filter((d: string) => d === "skipped:daily_cap")).toHaveLength(23);
  });
});
