/**
 * What a missed call from a contact does (DESIGN.md §6.4), each row of the table through Twilio's
 * dial-status webhook in workerd: staff and blocked numbers are not texted and open no lead, a
 * VIP's call alerts the owner at once instead, a customer gets the existing_customer text and no
 * questions, a stranger the usual text and qualification. Tags changed between two calls count at
 * the next one. The line decides before it reads the caller's contact (no D1 round trip on the
 * webhook's path), so each row is also taken through every way a call is recorded: written behind
 * by the outbox, recorded by the line (a follow-up planned), a skip the line recorded.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { formatPhone } from "../src/rules/display";

afterEach(() => vi.restoreAllMocks());

const OWNER = "+13122347000";
const PRIORITY = "+13122347001";

interface Setup {
  line: TwilioLine;
  carrier: ReturnType<typeof mockTwilio>;
  caller: string;
}

async function business(settings: Record<string, unknown> = {}, owner: string | null = OWNER): Promise<Setup> {
  const carrier = mockTwilio();
  const line = await createTwilioLine({ settings: { cooldownHours: 0, ...settings }, ...(owner ? { notifyPhone: owner } : {}) });
  await apiJson("PATCH", `/businesses/${line.businessId}`, { priorityPhone: PRIORITY });
  return { line, carrier, caller: uniquePhone() };
}

function tag(s: Setup, tags: string[], name: string | null = "Maria Lopez") {
  return apiJson("PUT", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`, { name, tags });
}

async function missedCall(s: Setup): Promise<string> {
  const params = dialStatus(s.line, s.caller, "no-answer");
  expect((await twilioWebhook("/webhooks/twilio/dial-status", params, s.line.authToken)).status).toBe(200);
  return params.CallSid;
}

/** The call's decision once D1 has it (a call written behind is recorded by the outbox a moment later). */
async function decisionOf(s: Setup, sid: string, expected: string): Promise<void> {
  await eventually(async () => {
    const { calls } = await apiJson("GET", `/businesses/${s.line.businessId}/calls`);
    return calls.find((c: { carrierCallId: string }) => c.carrierCallId === sid)?.decision === expected;
  });
}

const bodies = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body"));
const leadsOf = async (s: Setup) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads as { phone: string }[];

async function messagesTo(s: Setup, to: string) {
  const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
  return (messages as { to: string; kind: string; status: string; body: string }[]).filter((m) => m.to === to);
}

const VIP_ALERT = (s: Setup) => `Textback: VIP Maria Lopez (${formatPhone(s.caller)}) called and got no answer: call back`;
const CUSTOMER_TEXT = "Hi Maria, it's Acme Plumbing. Sorry we missed you! We'll call back soon, or reply here.\nPriority line: (312) 234-7001\nReply STOP to opt out.";

/** How the call's text is recorded: written behind by the outbox, or by the line with a follow-up planned. */
const RECORDINGS: [string, Record<string, unknown>][] = [
  ["written behind", {}],
  ["recorded by the line", { followUp: { enabled: true, afterHours: 24 } }],
];

describe.each(RECORDINGS)("a missed call from a contact (%s)", (_how, settings) => {
  it("internal: skipped:internal, no text, no lead, nothing to the owner", async () => {
    const s = await business(settings);
    await tag(s, ["internal"]);
    await decisionOf(s, await missedCall(s), "skipped:internal");
    await settle(150);
    expect(s.carrier.to(s.caller)).toHaveLength(0);
    expect(s.carrier.to(OWNER)).toHaveLength(0);
    expect(await leadsOf(s)).toEqual([]);
    expect(await messagesTo(s, s.caller)).toEqual([]);
  });

  it("blocked: skipped:blocked, no text, no lead", async () => {
    const s = await business(settings);
    await tag(s, ["blocked"], null);
    await decisionOf(s, await missedCall(s), "skipped:blocked");
    await settle(150);
    expect(s.carrier.to(s.caller)).toHaveLength(0);
    expect(await leadsOf(s)).toEqual([]);
  });

  it("vip: skipped:vip, and the owner is told at once from the business number to call back", async () => {
    const s = await business(settings);
    await tag(s, ["vip"]);
    await decisionOf(s, await missedCall(s), "skipped:vip");
    await eventually(async () => s.carrier.to(OWNER).length === 1);
    expect(bodies(s, OWNER)).toEqual([VIP_ALERT(s)]);
    expect(s.carrier.to(OWNER)[0]!.form.get("From")).toBe(s.line.e164);
    await settle(150);
    expect(s.carrier.to(s.caller)).toHaveLength(0);
    expect(await messagesTo(s, OWNER)).toMatchObject([{ kind: "alert", status: "sent" }]);
    expect((await leadsOf(s)).map((l) => l.phone)).toEqual([s.caller]);
  });

  it("customer: texted with existing_customer by first name and the priority line", async () => {
    const s = await business(settings);
    await tag(s, ["customer"]);
    await decisionOf(s, await missedCall(s), "texted:no_answer");
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    expect(bodies(s, s.caller)).toEqual([CUSTOMER_TEXT]);
    const texts = await eventually(async () => {
      const m = await messagesTo(s, s.caller);
      return m.some((t) => t.status === "sent") && m;
    });
    expect(texts.map((t) => t.kind).sort()).toEqual(settings.followUp ? ["existing_customer", "follow_up"] : ["existing_customer"]);
    await settle(150);
    expect(s.carrier.to(s.caller)).toHaveLength(1);
    expect(s.carrier.to(OWNER)).toHaveLength(0);
  });

  it("vip and customer: the VIP row wins", async () => {
    const s = await business(settings);
    await tag(s, ["customer", "vip"]);
    await decisionOf(s, await missedCall(s), "skipped:vip");
    await eventually(async () => s.carrier.to(OWNER).length === 1);
    await settle(150);
    expect(s.carrier.to(s.caller)).toHaveLength(0);
  });

  it("a contact with only the business's own tags is a stranger: the usual text", async () => {
    const s = await business(settings);
    await tag(s, ["plumbing supplier"]);
    await decisionOf(s, await missedCall(s), "texted:no_answer");
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    expect(bodies(s, s.caller)[0]).toMatch(/^Acme Plumbing: sorry we missed your call!/);
  });
});

describe("tags changed between two calls", () => {
  it("the next call follows the new tags at once: customer, then VIP, then forgotten", async () => {
    const s = await business();
    await tag(s, ["customer"]);
    await decisionOf(s, await missedCall(s), "texted:no_answer");
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    expect(bodies(s, s.caller)).toEqual([CUSTOMER_TEXT]);

    await tag(s, ["customer", "vip"]);
    await decisionOf(s, await missedCall(s), "skipped:vip");
    await eventually(async () => s.carrier.to(OWNER).length === 1);

    expect((await api("DELETE", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`)).status).toBe(204);
    await decisionOf(s, await missedCall(s), "texted:no_answer");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect(bodies(s, s.caller)[1]).toMatch(/^Acme Plumbing: /);
    expect(s.carrier.to(OWNER)).toHaveLength(1);
  });

  it("a VIP tagged after a text, calling again inside the cooldown (a skip the line records itself), still alerts the owner", async () => {
    const s = await business({ cooldownHours: 12 });
    await decisionOf(s, await missedCall(s), "texted:no_answer");
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    await tag(s, ["vip"]);
    await decisionOf(s, await missedCall(s), "skipped:vip");
    await eventually(async () => s.carrier.to(OWNER).length === 1);
    expect(bodies(s, OWNER)).toEqual([VIP_ALERT(s)]);
  });

  it("a number blocked after its first call gets no text on the next, and opens no lead with it", async () => {
    const s = await business();
    await decisionOf(s, await missedCall(s), "texted:no_answer");
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    await tag(s, ["blocked"]);
    await decisionOf(s, await missedCall(s), "skipped:blocked");
    await settle(150);
    expect(s.carrier.to(s.caller)).toHaveLength(1);
    expect((await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0]).toMatchObject({ calls: 1 });
  });
});

describe("the VIP alert", () => {
  it("is a staff text to the guard: it reaches an owner abroad, outside allowedCountries", async () => {
    const s = await business({}, "+447400123456");
    await tag(s, ["vip"]);
    await decisionOf(s, await missedCall(s), "skipped:vip");
    await eventually(async () => s.carrier.to("+447400123456").length === 1);
    expect(bodies(s, "+447400123456")).toEqual([VIP_ALERT(s)]);
  });

  it("names the number alone when the contact has no name", async () => {
    const s = await business();
    await tag(s, ["vip"], null);
    await decisionOf(s, await missedCall(s), "skipped:vip");
    await eventually(async () => s.carrier.to(OWNER).length === 1);
    expect(bodies(s, OWNER)).toEqual([`Textback: VIP ${formatPhone(s.caller)} called and got no answer: call back`]);
  });

  it.each([
    ["in shadow mode", { shadow: true }, OWNER],
    ["with no notify phone", {}, null],
  ])("is not sent %s", async (_name, settings, owner) => {
    const s = await business(settings, owner);
    await tag(s, ["vip"]);
    await decisionOf(s, await missedCall(s), "skipped:vip");
    await settle(200);
    expect(s.carrier.requests).toHaveLength(0);
  });
});

describe("after the text-back", () => {
  const questions = [{ key: "service", ask: "What do you need help with?", required: true }, { key: "address", ask: "What is the address?", required: true }];
  const qualify = { qualify: { enabled: true, questions }, relay: "every_reply" };

  it("a stranger's reply is asked the first question; a customer's is not, and is relayed to the owner", async () => {
    const s = await business(qualify);
    await missedCall(s);
    await eventually(async () => s.carrier.to(s.caller).length === 1);
    await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, "My kitchen sink is leaking"), s.line.authToken);
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect(bodies(s, s.caller)[1]).toBe("What is the address?");

    const c = { ...s, caller: uniquePhone() };
    await tag(c, ["customer"]);
    await missedCall(c);
    await eventually(async () => s.carrier.to(c.caller).length === 1);
    await twilioWebhook("/webhooks/twilio/sms", inboundSms(c.line, c.caller, "My kitchen sink is leaking"), c.line.authToken);
    await eventually(async () => s.carrier.to(OWNER).some((r) => r.form.get("Body")?.includes(formatPhone(c.caller))));
    await settle(150);
    expect(s.carrier.to(c.caller)).toHaveLength(1);
  });
});
