import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, settle, twilioWebhook, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

describe("BusinessLine reservations", () => {
  it("gives the reservation back when enqueueing fails, so the carrier's redelivery texts once", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const params = dialStatus(line, caller, "no-answer");
    const send = vi.spyOn(env.SMS_OUT, "send").mockRejectedValueOnce(new Error("queue unavailable"));

    const first = await twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken);
    expect(first.status).toBe(500);
    expect(send).toHaveBeenCalledOnce();

    const retry = await twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken);
    expect(retry.status).toBe(200);
    await eventually(async () => carrier.to(caller).length === 1);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls).toHaveLength(1);
    expect(calls[0].decision).toBe("texted:no_answer");
    // The consent evidence of the call is recorded once, not once per attempt.
    const consent = await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(caller)}`);
    expect(consent.events.filter((e: { kind: string }) => e.kind === "implied_by_call")).toHaveLength(1);
  });

  it("a redelivery that arrives while the first delivery's enqueue is failing is not answered 200 for a text never queued", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const params = dialStatus(line, caller, "no-answer");
    // The first send hangs until both deliveries are in the line, then fails; later sends go through.
    let fail!: () => void;
    const failing = new Promise<never>((_, reject) => (fail = () => reject(new Error("queue unavailable"))));
    const realSend = env.SMS_OUT.send.bind(env.SMS_OUT);
    const send = vi.spyOn(env.SMS_OUT, "send").mockImplementationOnce(() => failing).mockImplementation(realSend);
    const first = twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken);
    await eventually(async () => send.mock.calls.length === 1);
    const second = twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken);
    await new Promise((r) => setTimeout(r, 50)); // the redelivery is now waiting in the line
    fail();
    const statuses = [(await first).status, (await second).status];
    expect(statuses).toEqual([500, 200]);
    await eventually(async () => carrier.to(caller).length === 1);
    await settle(200);
    expect(carrier.to(caller)).toHaveLength(1);
  });

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
