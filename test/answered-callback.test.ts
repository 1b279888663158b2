/**
 * A call from a caller that the business answers (DESIGN.md §6.2): a person talked to them on the
 * phone, so automation stops as after a person's text. The texts the line held for them (the
 * follow-up) are canceled with the reason on the conversation, their lead is handed over (the
 * questions stop), and its timeline says why.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, dialStatus, eventually, inboundSms, settle, twilioWebhook } from "./support/app";
import { get, newSession, type Session } from "./support/admin-session";
import { missedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());
let session: Session;
beforeAll(async () => {
  session = await newSession();
});

describe("a caller's call the business answers", () => {
  it("cancels their held follow-up, hands their lead over, and the admin pages say why", async () => {
    const s = await missedCaller({ settings: { followUp: { enabled: true, afterHours: 24 } } });
    const leadOf = async () => ((await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads as { id: string; phone: string; handedOver: boolean }[]).find((l) => l.phone === s.caller);
    const lead = await eventually(leadOf);
    expect(lead.handedOver).toBe(false);

    const answered = dialStatus(s.line, s.caller, "completed", { DialCallDuration: "95" });
    expect((await twilioWebhook("/webhooks/twilio/dial-status", answered, s.line.authToken)).status).toBe(200);

    await eventually(async () => (await leadOf())?.handedOver === true);
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    expect((messages as { to: string; kind: string; status: string; errorCode: string | null }[]).find((m) => m.to === s.caller && m.kind === "follow_up")).toMatchObject({ status: "canceled", errorCode: "answered_callback" });

    const card = await (await get(session, `/admin/businesses/${s.line.businessId}/leads/${lead.id}`)).text();
    expect(card).toContain("Answered on the phone: automatic questions and follow-ups stop");
    const conversation = await (await get(session, `/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(s.caller)}`)).text();
    expect(conversation).toContain("they called back and were answered");

    // The questions stop: the caller's reply reaches the owner, and nothing automatic answers it.
    const before = s.carrier.to(s.caller).length;
    expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, "Thanks, see you Tuesday"), s.line.authToken)).status).toBe(200);
    await settle(300);
    expect(s.carrier.to(s.caller)).toHaveLength(before);
  });

  it("a second copy of the carrier's webhook adds no second entry", async () => {
    const s = await missedCaller();
    const answered = dialStatus(s.line, s.caller, "completed", { DialCallDuration: "95" });
    for (let i = 0; i < 2; i++) expect((await twilioWebhook("/webhooks/twilio/dial-status", answered, s.line.authToken)).status).toBe(200);
    const lead = await eventually(async () => ((await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads as { id: string; phone: string; handedOver: boolean }[]).find((l) => l.phone === s.caller && l.handedOver));
    const { timeline } = await apiJson("GET", `/leads/${lead.id}`);
    expect((timeline as { type: string; event?: string }[]).filter((e) => e.event === "human_reply")).toHaveLength(1);
  });
});
