/** Someone who texts the business before it ever texted them (DESIGN.md §6.2), as the line plans it. */
import { describe, expect, it } from "vitest";
import { planInboundText, type InboundPlanInput } from "../../src/line/plan-inbound";
import { PRESETS } from "../../src/presets";
import { hasOptOutWording } from "../../src/rules/opt-out-wording";
import { CALLER, inboundText, lineContext } from "./fixtures";

const NOW = Date.UTC(2026, 11, 7, 16, 0, 5);
const OWNER = "+13125550199";
// Callers' words on the owner's phone (the preset keeps them off), so the relays read here quote them.
const dental = { ...PRESETS.dental.settings, privateTexts: false, urgent: { ...PRESETS.dental.settings.urgent, onCall: [] } };
const ctx = (over: Parameters<typeof lineContext>[0] = {}) => lineContext({ settings: dental, business: { name: "Bright Smiles Dental" }, ...over });

function plan(body: string, over: Partial<InboundPlanInput> = {}) {
  return planInboundText({ msg: inboundText(body), ctx: ctx(), consent: null, lastRelayedCaller: null, lastAnsweredCaller: null, ownerLastCaller: null, targetConsent: {}, pagedCaller: null, pagedCallers: [], openPages: [], pagesToTake: [], callerPages: { paged: [], taken: null }, pausedStaff: [], ownerChoice: { reached: [], held: null }, lastTextedAt: null, qualifying: null, warned: false, today: "2026-12-07", remindedToday: true, now: NOW, ...over });
}
/** A missed caller's lead, opened by the call the text-back answered. */
const LEAD = { id: "l_1", status: "new" as const, name: null, fields: {}, handedOver: false, urgent: false };
const sent = (p: ReturnType<typeof plan>) => p.texts.map((t) => [t.row.kind, t.row.toPhone, t.row.body]);

describe("someone who texts first", () => {
  it("is told who is writing and how to stop, their question is noted and reaches the owner, and what they said is not asked", () => {
    const p = plan("Do you take Delta Dental? I'd like to book a cleaning");
    expect(sent(p)).toEqual([
      ["qualify", CALLER, "This is Bright Smiles Dental. Someone from our team will answer your question. Thanks! What's the patient's full name?\nReply STOP to opt out."],
      ["relay", OWNER, "Textback: (415) 555-2671 replied: Do you take Delta Dental? I'd like to book a cleaning\n(They asked a question: we told them someone will answer it.)"],
    ]);
    expect(p).toMatchObject({ relayedCaller: CALLER, qualifying: { asked: "name", fields: { service: "I'd like to book a cleaning" } } });
  });

  it("is introduced once: their next text, with the questions' memo, gets the next question alone", () => {
    const first = plan("Hi there");
    expect(sent(first)).toEqual([["qualify", CALLER, "This is Bright Smiles Dental. What can we help you with: a check-up, a cleaning, or pain or an emergency?\nReply STOP to opt out."]]);
    const next = plan("A cleaning please", { msg: inboundText("A cleaning please", { carrierMessageId: "SM2" }), qualifying: { ...first.qualifying!, at: NOW } });
    expect(sent(next)).toEqual([["qualify", CALLER, "Thanks! What's the patient's full name?"]]);
  });

  it("a caller the line texted back gets no introduction: the text-back gave it", () => {
    const p = plan("I need a cleaning", { ctx: ctx({ lead: LEAD }), lastTextedAt: NOW - 60_000 });
    expect(sent(p)).toEqual([["qualify", CALLER, "Thanks! What's the patient's full name?"]]);
  });

  it("an emergency in the first text: the urgent answer is the one introduced", () => {
    const p = plan("My tooth is knocked out and bleeding");
    const [callerText] = sent(p);
    expect(callerText).toEqual(["urgent_reply", CALLER, `This is Bright Smiles Dental. ${dental.urgent.callerMessage}\nReply STOP to opt out.`]);
    expect(hasOptOutWording(callerText![2]!)).toBe(true);
    // An emergency opened is an answer given: a later text is not introduced again.
    const later = plan("still bleeding", { ctx: ctx({ lead: { id: "l_1", status: "engaged", name: null, fields: {}, handedOver: false, urgent: true } }), qualifying: null });
    expect(sent(later).filter(([, to]) => to === CALLER).every(([, , body]) => !body!.startsWith("This is"))).toBe(true);
  });

  it("with every_reply the question is relayed once, as every reply is", () => {
    const p = plan("Are you open Saturday?", { ctx: ctx({ settings: { ...dental, relay: "every_reply" } }) });
    expect(sent(p).filter(([kind]) => kind === "relay")).toHaveLength(1);
  });

  it("without a question, with relay summary, the owner waits for the summary", () => {
    expect(sent(plan("I'd like to book a cleaning")).map(([kind]) => kind)).toEqual(["qualify"]);
  });
  it("with a photo alone is introduced and asked the first question, and the owner (summary mode) still sees the photo", () => {
    const media = [{ url: "https://api.twilio.com/m/ME1", contentType: "image/jpeg" }];
    const first = plan("", { msg: inboundText("", { media }) });
    expect(sent(first)).toEqual([
      ["qualify", CALLER, "This is Bright Smiles Dental. What can we help you with: a check-up, a cleaning, or pain or an emergency?\nReply STOP to opt out."],
      ["relay", OWNER, expect.stringContaining("[1 photo]")],
    ]);
    // A second photo alone answers the question asked by then: nothing goes back, the question stays open.
    const next = plan("", { msg: inboundText("", { media, carrierMessageId: "SM2" }), qualifying: { ...first.qualifying!, at: NOW } });
    expect(sent(next)).toEqual([["relay", OWNER, expect.stringContaining("[1 photo]")]]);
    expect(next.qualify).toBeNull();
  });
});

describe("answers the line already has", () => {
  it("a contact's name answers the name question, and is the summary's name", () => {
    const known = ctx({ contact: { name: "Maria Lopez", tags: [] }, lead: LEAD });
    const p = plan("I'd like a cleaning", { ctx: known, lastTextedAt: NOW - 60_000 });
    expect(sent(p)).toEqual([["qualify", CALLER, "Are you a new or an existing patient?"]]);
    const memo = { ...p.qualifying!, at: NOW };
    const last = plan("existing patient, tomorrow morning is best", { ctx: known, lastTextedAt: NOW - 60_000, qualifying: memo, msg: inboundText("existing patient, tomorrow morning is best", { carrierMessageId: "SM2" }) });
    expect(last.qualify?.summary).toMatch(/^Textback: new lead \(415\) 555-2671\. Name: Maria Lopez; Need: I'd like a cleaning; When: tomorrow morning; Patient status: existing patient, tomorrow morning is best\./);
  });

  it("\"Hi it's Tom Nguyen, I'm already a patient\" answers the name and the patient questions, not the service one: it is asked", () => {
    const p = plan("Hi it's Tom Nguyen, I'm already a patient", { ctx: ctx({ lead: LEAD }), lastTextedAt: NOW - 60_000 });
    expect(sent(p)).toEqual([["qualify", CALLER, "What can we help you with: a check-up, a cleaning, or pain or an emergency?"]]);
    expect(p.qualify?.lead).toMatchObject({ name: "Tom Nguyen", answers: { name: "Tom Nguyen", patientStatus: "Existing patient" } });
    expect(p.qualify?.lead.answers).not.toHaveProperty("service");
  });
});
