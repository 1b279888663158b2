/**
 * A new-user trial's callers through the real webhook (DESIGN.md §6.2, §6.3): a dental office and
 * a law firm, each answer stored against the question it answers, and the next question texted.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PRESETS, type PresetId } from "../src/presets";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

type Setup = MissedCaller & { onCall: string };

/** A business of `preset` with one person on call, and a caller it missed who got the text-back. */
async function missedBy(preset: PresetId, name: string): Promise<Setup> {
  const onCall = uniquePhone("737");
  const settings = { urgent: { ...PRESETS[preset].settings.urgent, onCall: [{ phone: onCall, name: "On call" }] } };
  return { ...(await missedCaller({ name, preset, settings, bookingUrl: null })), onCall };
}

async function text(s: Setup, body: string) {
  const before = s.carrier.to(s.caller).length;
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, body), s.line.authToken)).status).toBe(200);
  // One automated text answers each reply.
  await eventually(async () => s.carrier.to(s.caller).length === before + 1);
  return s.carrier.to(s.caller)[before]!.form.get("Body") ?? "";
}

const asks = (preset: PresetId, key: string) => PRESETS[preset].settings.qualify.questions.find((q) => q.key === key)!.ask;
const leadOf = async (s: Setup) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];

describe("a dental patient", () => {
  it("who answers the name question \"Maria Santos, I'm an existing patient\" is named Maria Santos, an existing patient, and asked when to come", async () => {
    const s = await missedBy("dental", "Bright Smiles");
    expect(await text(s, "I need a cleaning")).toBe(asks("dental", "name"));
    expect(await text(s, "Maria Santos, I'm an existing patient")).toBe(asks("dental", "preferredTime"));
    expect(await leadOf(s)).toMatchObject({ name: "Maria Santos", fields: { service: "I need a cleaning", name: "Maria Santos", patientStatus: "Existing patient" } });
    expect(await text(s, "tomorrow after 3")).toBe(PRESETS.dental.settings.qualify.doneMessage);
    expect(await leadOf(s)).toMatchObject({ status: "qualified", name: "Maria Santos", fields: { preferredTime: "tomorrow after 3" } });
    // The owner's one text names her (the practice keeps patients' words off phones: first name and initial).
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(s.carrier.to(s.owner)[0]!.form.get("Body")).toMatch(/new lead qualified: Maria S\. /);
  });

  it("whose emergency answered instead of the name question is not named after their next text; the name is asked with the next automated text", async () => {
    const s = await missedBy("dental", "Bright Smiles");
    const { callerMessage, safetyMessage } = PRESETS.dental.settings.urgent;
    // The urgent answer goes instead of the name question: it was never sent.
    expect(await text(s, "My jaw is swollen and the pain is unbearable")).toBe(callerMessage);
    // A danger on the same emergency: the safety message, and still no question.
    expect(await text(s, "Now the swelling is spreading to my eye")).toBe(safetyMessage);
    const lead = await leadOf(s);
    expect(lead).toMatchObject({ urgent: true, fields: { service: "My jaw is swollen and the pain is unbearable" } });
    expect(lead.name).toBeNull();
    expect(lead.fields).not.toHaveProperty("name");
    // Their next text that is no emergency gets the question that was waiting.
    expect(await text(s, "ok thank you")).toBe(asks("dental", "name"));
    expect(await text(s, "maria santos")).toBe(asks("dental", "patientStatus"));
    expect(await leadOf(s)).toMatchObject({ name: "Maria Santos", fields: { name: "Maria Santos" } });
  });

  it("who answers the name question with a complaint is asked it once more, then the rest, and a person gets their words", async () => {
    const s = await missedBy("dental", "Bright Smiles");
    expect(await text(s, "I need a cleaning")).toBe(asks("dental", "name"));
    expect(await text(s, "why do you need that")).toBe(asks("dental", "name"));
    expect(await text(s, "I would just like somebody to call me back about the cleaning please")).toBe(asks("dental", "patientStatus"));
    expect(await text(s, "new patient")).toBe(asks("dental", "preferredTime"));
    expect(await text(s, "Friday morning")).toBe(PRESETS.dental.settings.qualify.doneMessage);
    const lead = await leadOf(s);
    expect(lead).toMatchObject({ status: "engaged", fields: { service: "I need a cleaning", patientStatus: "New patient", preferredTime: "friday morning" } });
    expect(lead.fields).not.toHaveProperty("name");
    // Not qualified, so no summary: the reply that ended the questions reaches the owner.
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(s.carrier.to(s.owner)[0]!.form.get("Body")).not.toMatch(/new lead/);
  });

  it("whose toothache throbs and kept them up all night is urgent: the on-call is paged", async () => {
    const s = await missedBy("dental", "Bright Smiles");
    expect(await text(s, "really bad toothache, throbbing, kept me up all night")).toBe(PRESETS.dental.settings.urgent.callerMessage);
    await eventually(async () => s.carrier.to(s.onCall).length === 1);
    expect(await leadOf(s)).toMatchObject({ urgent: true });
  });
});

describe("a law firm's caller", () => {
  async function toTheDeadlineQuestion(): Promise<Setup> {
    const s = await missedBy("legal", "Chen & Ortiz Law");
    expect(await text(s, "Car accident, the other driver ran a red light")).toBe(asks("legal", "name"));
    expect(await text(s, "Robert Chen")).toBe(asks("legal", "urgency"));
    return s;
  }

  it("whose deadline is a recorded statement by Friday is still asked when an attorney should call", async () => {
    const s = await toTheDeadlineQuestion();
    expect(await text(s, "the adjuster wants a recorded statement from me by Friday")).toBe(asks("legal", "preferredTime"));
    const lead = await leadOf(s);
    expect(lead).toMatchObject({ name: "Robert Chen", fields: { urgency: "the adjuster wants a recorded statement from me by Friday" } });
    expect(lead.fields).not.toHaveProperty("preferredTime");
    expect(await text(s, "after 5pm any weekday")).toBe(PRESETS.legal.settings.qualify.doneMessage.replace("{business}", "Chen & Ortiz Law"));
    expect(await leadOf(s)).toMatchObject({ status: "qualified", fields: { preferredTime: "after 5pm" } });
  });

  it("with court tomorrow is urgent and has no callback time: the time question goes with their next text", async () => {
    const s = await toTheDeadlineQuestion();
    expect(await text(s, "court tomorrow")).toBe(PRESETS.legal.settings.urgent.callerMessage);
    const lead = await leadOf(s);
    expect(lead).toMatchObject({ urgent: true, fields: { urgency: "urgent" } });
    expect(lead.fields).not.toHaveProperty("preferredTime");
    expect(await text(s, "ok")).toBe(asks("legal", "preferredTime"));
    await settle(100);
    expect(await leadOf(s)).toMatchObject({ status: "engaged" });
  });
});
