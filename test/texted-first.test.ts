/**
 * A dental practice's callers through the real SMS webhook (DESIGN.md §6.2), the texts read at the
 * carrier: someone who texts first is told who is writing and how to stop, once; what a text
 * already says (a service asked for, a name, "already a patient", the contact's name) is not asked
 * again; a caller's question is promised a person and reaches the owner; every preset question is asked.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { missedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

interface Practice {
  line: TwilioLine;
  owner: string;
  carrier: ReturnType<typeof mockTwilio>;
}

const NAME = "Bright Smiles Dental";

/** The dental preset keeps callers' words off the owner's phone; these read them there. */
const WORDS_ON_PHONE = { privateTexts: false };

async function practice(settings: Record<string, unknown> = WORDS_ON_PHONE): Promise<Practice> {
  const carrier = mockTwilio();
  const owner = uniquePhone("312");
  const line = await createTwilioLine({ name: NAME, preset: "dental", notifyPhone: owner, bookingUrl: null, settings });
  return { line, owner, carrier };
}

async function text(p: Pick<Practice, "line">, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(p.line, from, body), p.line.authToken)).status).toBe(200);
}

const bodies = (p: Pick<Practice, "carrier">, to: string) => p.carrier.to(to).map((r) => r.form.get("Body") ?? "");

/** The `n`th text the carrier got for `to`. */
async function nth(p: Pick<Practice, "carrier">, to: string, n: number): Promise<string> {
  await eventually(async () => p.carrier.to(to).length >= n);
  return bodies(p, to)[n - 1]!;
}

const leadOf = async (p: Pick<Practice, "line">, phone: string) =>
  (await apiJson("GET", `/businesses/${p.line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === phone);

describe("someone who texts a dental practice first", () => {
  it("is introduced once, their question reaches the owner, the cleaning they asked for is not asked about, and every question is asked", async () => {
    const p = await practice();
    const texter = uniquePhone();
    await text(p, texter, "Do you take Delta Dental? I'd like to book a cleaning");
    expect(await nth(p, texter, 1)).toBe(`This is ${NAME}. Someone from our team will answer your question. Thanks! What's the patient's full name?\nReply STOP to opt out.`);
    expect(await nth(p, p.owner, 1)).toMatch(/^Textback: \(\d{3}\) \d{3}-\d{4} replied: Do you take Delta Dental\? I'd like to book a cleaning\n\(They asked a question: we told them someone will answer it\.\)/);

    await text(p, texter, "Ana Ruiz");
    expect(await nth(p, texter, 2)).toBe("Are you a new or an existing patient?");
    await text(p, texter, "new patient");
    // The preset's last question is asked now: it is required.
    expect(await nth(p, texter, 3)).toBe("When would you like to come in?");
    await text(p, texter, "friday at 10");
    expect(await nth(p, texter, 4)).toBe("Thank you! Our front desk will text or call you to confirm a time.");
    const summary = await nth(p, p.owner, 2);
    expect(summary).toMatch(/Name: Ana Ruiz; Need: I'd like to book a cleaning; When: friday at 10; Patient status: New patient\./);
    expect(bodies(p, p.owner)).toHaveLength(2);
    expect(await leadOf(p, texter)).toMatchObject({ status: "qualified", source: "inbound_text", name: "Ana Ruiz", estimatedCents: 15_000 });
  });

  it("with callers' words kept off the owner's phone, the owner is still told of the question at once", async () => {
    const p = await practice({});
    const texter = uniquePhone();
    await text(p, texter, "Are you open Saturday?");
    expect(await nth(p, texter, 1)).toBe(`This is ${NAME}. Someone from our team will answer your question. What can we help you with: a check-up, a cleaning, or pain or an emergency?\nReply STOP to opt out.`);
    const notice = await nth(p, p.owner, 1);
    expect(notice).not.toContain("Saturday");
    expect(notice).toContain("(They asked a question: we told them someone will answer it.)");
  });

  it("a hello gets the introduction and the first question as the business wrote it", async () => {
    const p = await practice();
    const texter = uniquePhone();
    await text(p, texter, "Hi there");
    expect(await nth(p, texter, 1)).toBe(`This is ${NAME}. What can we help you with: a check-up, a cleaning, or pain or an emergency?\nReply STOP to opt out.`);
  });

  it("an emergency in the first text: the urgent answer carries the introduction", async () => {
    const p = await practice();
    const texter = uniquePhone();
    await text(p, texter, "My son's tooth got knocked out");
    expect(await nth(p, texter, 1)).toMatch(new RegExp(`^This is ${NAME}\\. We're sorry you're in pain\\..*\\nReply STOP to opt out\\.$`, "s"));
  });

  it("a contact's name answers the name question", async () => {
    const p = await practice();
    const texter = uniquePhone();
    await apiJson("PUT", `/businesses/${p.line.businessId}/contacts/${encodeURIComponent(texter)}`, { name: "Maria Lopez", tags: [] });
    await text(p, texter, "I need a cleaning");
    expect(await nth(p, texter, 1)).toBe(`This is ${NAME}. Are you a new or an existing patient?\nReply STOP to opt out.`);
  });
});

describe("a missed caller of a dental practice", () => {
  it("who writes \"Hi it's Tom Nguyen, I'm already a patient\" is asked neither their name nor whether they are a patient, only what they need", async () => {
    const s = await missedCaller({ name: NAME, preset: "dental", bookingUrl: null, settings: WORDS_ON_PHONE });
    expect(bodies(s, s.caller)[0]).toMatch(new RegExp(`^${NAME}: `));
    await text(s, s.caller, "Hi it's Tom Nguyen, I'm already a patient");
    // The text-back introduced the business: no second introduction. It says nothing of the service: that is asked.
    expect(await nth(s, s.caller, 2)).toBe("What can we help you with: a check-up, a cleaning, or pain or an emergency?");
    await text(s, s.caller, "a cleaning");
    expect(await nth(s, s.caller, 3)).toBe("When would you like to come in?");
    await text(s, s.caller, "tomorrow morning");
    expect(await nth(s, s.caller, 4)).toBe("Thank you! Our front desk will text or call you to confirm a time.");
    expect(await leadOf(s, s.caller)).toMatchObject({
      status: "qualified",
      name: "Tom Nguyen",
      fields: { service: "a cleaning", patientStatus: "Existing patient", preferredTime: "tomorrow morning" },
    });
    expect(await nth(s, s.owner, 1)).toMatch(/Name: Tom Nguyen; .*Patient status: Existing patient\./);
  });
});
