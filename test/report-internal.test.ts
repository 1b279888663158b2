/**
 * A salesperson or a subcontractor who called and was closed as lost is no lost customer: once the
 * owner tags their number `internal`, the report leaves their leads out of the funnel, the money and
 * the lost, as it already leaves them out of the callers it could recover.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, inboundSms, twilioWebhook } from "./support/app";
import { missedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

describe("the report and a caller who is no customer", () => {
  it("counts their lost lead until their number is tagged internal, then none of it", async () => {
    const s = await missedCaller({ name: "Lone Star Roofing", preset: "home_services", bookingUrl: null });
    const report = () => apiJson("GET", `/businesses/${s.line.businessId}/report`);
    const reply = inboundSms(s.line, s.caller, "Hi, this is Dave from ABC Supply about your shingle order");
    expect((await twilioWebhook("/webhooks/twilio/sms", reply, s.line.authToken)).status).toBe(200);
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.owner, `${s.caller} L other: our supplier`), s.line.authToken)).status).toBe(200);
    await eventually(async () => (await report()).lost?.count === 1);
    expect((await report()).funnel).toMatchObject({ missed: 1, texted: 1, engaged: 1 });

    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`, { name: "Dave (ABC Supply)", tags: ["internal"] });
    const after = await report();
    expect(after.lost).toMatchObject({ count: 0, valueCents: 0 });
    expect(after.funnel).toMatchObject({ missed: 0, texted: 0, engaged: 0 });
    expect(after.revenue).toEqual({ estimatedCents: 0, wonCents: 0 });
    expect(after.callers.recoverable).toBe(0);
  });
});
