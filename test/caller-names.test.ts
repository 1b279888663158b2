/**
 * `{callerFirstName}` in a missed call's text (DESIGN.md §6.4), through the carriers' webhooks in
 * workerd: the contact's name first, else the carrier's caller ID name (Twilio `CallerName`,
 * Telnyx `caller_id_name`) when it is a person's, else a text that reads cleanly without one.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { createLine, mockCarriers, mockTwilio, telnyxEvent } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const GREETING = "Hi {callerFirstName}, it's {business}. Sorry we missed your call!\nReply STOP to opt out.";
const greeted = (name: string) => `Hi ${name}, it's Acme Plumbing. Sorry we missed your call!\nReply STOP to opt out.`;

async function greetingLine(): Promise<{ line: TwilioLine; carrier: ReturnType<typeof mockTwilio> }> {
  const carrier = mockTwilio();
  const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
  await apiJson("PUT", `/businesses/${line.businessId}/templates/missed_call`, { body: GREETING });
  return { line, carrier };
}

/** A missed call through Twilio's dial-status webhook; the body of the text the caller got. */
async function textAfterCall(s: { line: TwilioLine; carrier: ReturnType<typeof mockTwilio> }, caller: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(s.line, caller, "no-answer", extra), s.line.authToken);
  expect(res.status).toBe(200);
  await eventually(async () => s.carrier.to(caller).length === 1);
  return s.carrier.to(caller)[0]!.form.get("Body")!;
}

describe("the caller's first name in a missed call's text", () => {
  it("comes from Twilio's caller ID name (CallerName) for a stranger", async () => {
    const s = await greetingLine();
    expect(await textAfterCall(s, uniquePhone(), { CallerName: "SMITH,JOHN" })).toBe(greeted("John"));
  });

  it.each([["WIRELESS CALLER"], ["DALLAS TX"], ["+14155550123"], ["UNKNOWN"]])("is left out for a caller ID name that is no name (%s): \"Hi there\"", async (cnam) => {
    const s = await greetingLine();
    expect(await textAfterCall(s, uniquePhone(), { CallerName: cnam })).toBe(greeted("there"));
  });

  it("is left out when there is none at all: \"Hi there\", never \"Hi ,\"", async () => {
    const s = await greetingLine();
    expect(await textAfterCall(s, uniquePhone())).toBe(greeted("there"));
  });

  it("comes from the contact before caller ID: a customer is greeted by their contact's first name", async () => {
    const s = await greetingLine();
    const caller = uniquePhone();
    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(caller)}`, { name: "Lopez, Maria", tags: ["customer"] });
    await apiJson("PUT", `/businesses/${s.line.businessId}/templates/existing_customer`, { body: GREETING });
    expect(await textAfterCall(s, caller, { CallerName: "SMITH,JOHN" })).toBe(greeted("Maria"));
  });

  it("falls back to caller ID for a customer whose contact has no name", async () => {
    const s = await greetingLine();
    const caller = uniquePhone();
    await apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(caller)}`, { name: null, tags: ["customer"] });
    await apiJson("PUT", `/businesses/${s.line.businessId}/templates/existing_customer`, { body: GREETING });
    expect(await textAfterCall(s, caller, { CallerName: "SMITH,JOHN" })).toBe(greeted("John"));
  });

  it.each<[string, Record<string, unknown>]>([
    ["written behind", {}],
    ["recorded by the line", { followUp: { enabled: true, afterHours: 24 } }],
  ])("comes from any contact with a name before caller ID, one with only the business's own tags too (%s)", async (_how, settings) => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0, ...settings } });
    await apiJson("PUT", `/businesses/${line.businessId}/templates/missed_call`, { body: GREETING });
    const s = { line, carrier };
    const [named, unnamed] = [uniquePhone(), uniquePhone()];
    await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(named)}`, { name: "Dr. Jane Smith", tags: ["garden"] });
    await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(unnamed)}`, { name: null, tags: ["garden"] });
    expect(await textAfterCall(s, named, { CallerName: "SMITH,JOHN" })).toBe(greeted("Jane"));
    expect(await textAfterCall(s, unnamed, { CallerName: "SMITH,JOHN" })).toBe(greeted("John"));
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls.map((c: { decision: string }) => c.decision)).toEqual(["texted:no_answer", "texted:no_answer"]);
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(messages.filter((m: { kind: string }) => m.kind === "missed_call").map((m: { body: string }) => m.body).sort()).toEqual([greeted("Jane"), greeted("John")]);
  });

  it("comes from Telnyx's caller_id_name when the hangup carries it", async () => {
    const carrier = mockCarriers();
    const line = await createLine("telnyx", { cooldownHours: 0 });
    await apiJson("PUT", `/businesses/${line.businessId}/templates/missed_call`, { body: GREETING });
    const caller = uniquePhone();
    const session = crypto.randomUUID();
    const inbound = { call_control_id: `v3:in-${session}`, call_session_id: session, from: caller, to: line.e164, direction: "incoming", caller_id_name: "MARIA LOPEZ" };
    const t0 = Date.now();
    await telnyxEvent(line, "call.initiated", { ...inbound, state: "parked" }, t0);
    const res = await telnyxEvent(line, "call.hangup", { ...inbound, hangup_cause: "originator_cancel", hangup_source: "caller" }, t0 + 8_000);
    expect(res.status).toBe(200);
    await eventually(async () => carrier.to(caller).length === 1);
    expect(carrier.to(caller)[0]!.body).toBe(greeted("Maria"));
  });
});
