/**
 * A dental practice's patients through a real Twilio webhook (DESIGN.md §6.3): a danger typed on an
 * iPhone (its curly ’) gets the ER/911 message first, a remedy that fails ("Advil doesn't touch the
 * pain") is urgent, not a negation, and the patient's words reach the on-call as they typed them.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PRESETS } from "../src/presets";
import { formatPhone } from "../src/rules/display";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

const { safetyMessage, callerMessage } = PRESETS.dental.settings.urgent;

type Setup = MissedCaller & { dentist: string };

/**
 * A dental practice (its preset) with Dr. Lee on call, and a patient it missed who got the text-back.
 * The preset keeps patients' words off staff phones (privateTexts); these tests read the words a page
 * quotes, so this practice has it off (test/private-texts.test.ts has it on).
 */
async function dentalPractice(): Promise<Setup> {
  const dentist = uniquePhone("737");
  const settings = { privateTexts: false, urgent: { ...PRESETS.dental.settings.urgent, onCall: [{ phone: dentist, name: "Dr. Lee" }] } };
  return { ...(await missedCaller({ name: "Bright Smiles Dental", preset: "dental", settings, bookingUrl: null })), dentist };
}

async function text(s: Setup, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, body), s.line.authToken)).status).toBe(200);
}

const bodies = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const lead = async (s: Setup) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];

describe("a dental patient's emergency", () => {
  it("typed with iPhone's curly apostrophe, trouble breathing gets the ER/911 message first, and the dentist is paged with the words as typed", async () => {
    const s = await dentalPractice();
    const words = "My face is swelling and I can\u2019t breathe";
    await text(s, words);
    await eventually(async () => s.carrier.to(s.caller).length === 2 && s.carrier.to(s.dentist).length === 1);
    expect(bodies(s, s.caller)[1]).toBe(`${safetyMessage} ${callerMessage}`);
    expect(safetyMessage).toMatch(/call 911 or go to the ER/);
    // A danger: the page says so first, and that the patient got the safety message.
    expect(bodies(s, s.dentist)[0]).toBe(`URGENT, DANGER (can't breathe) ${formatPhone(s.caller)}: "${words}". They got the safety message. Reply OK to take it.`);
    expect(await lead(s)).toMatchObject({ urgent: true });
    // The conversation keeps the patient's own characters.
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    expect(messages.some((m: { direction: string; body: string }) => m.direction === "inbound" && m.body === words)).toBe(true);
  });

  it("a painkiller that doesn't touch the pain is urgent, not a negation: the dentist is paged, no 911 message, no next question", async () => {
    const s = await dentalPractice();
    await text(s, "Advil doesn't touch the severe pain");
    await eventually(async () => s.carrier.to(s.dentist).length === 1);
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    await settle(200);
    expect(bodies(s, s.caller).slice(1)).toEqual([callerMessage]);
    expect(await lead(s)).toMatchObject({ urgent: true });
  });

  it("no pain anymore is no emergency: the next question, nobody paged", async () => {
    const s = await dentalPractice();
    await text(s, "No pain anymore, no swelling either, just want a cleaning");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    await settle(200);
    expect(bodies(s, s.caller)[1]).toBe(PRESETS.dental.settings.qualify.questions[1]!.ask);
    expect(s.carrier.to(s.dentist)).toHaveLength(0);
    expect(await lead(s)).toMatchObject({ urgent: false });
  });
});
