import { describe, expect, it } from "vitest";
import { optedOutNow, planCall, type CallPlanInput } from "../../src/line/plan-call";
import { CALLER, callEvent, lineContext } from "./fixtures";

const NOW = Date.UTC(2026, 11, 7, 16, 0, 5);
const fresh = { lastTextedAt: null, textedToday: 0, consent: null, repeatAlertAt: null };

function plan(over: Partial<CallPlanInput> = {}) {
  return planCall({ event: callEvent(), ctx: lineContext(), outcome: "no_answer", facts: { source: "dial", status: "no-answer" }, caller: fresh, now: NOW, day: "2026-12-07", ...over });
}

describe("planCall", () => {
  it("texts a missed caller now, leaving the records to the outbox's batch (write-behind)", () => {
    const p = plan({ caller: { ...fresh, lastTextedAt: NOW - 13 * 3_600_000 } });
    expect(p).toMatchObject({ eventId: "twilio:CA1", callId: "c_n_1_CA1", code: "texted:no_answer", messageId: "m_n_1_CA1", verify: false });
    expect(p.reservation).toEqual({ caller: CALLER, day: "2026-12-07", previousTextAt: NOW - 13 * 3_600_000 });
    expect(p.recording.how).toBe("write_behind");
    if (p.recording.how !== "write_behind") return;
    expect(p.recording.job).toMatchObject({
      messageId: "m_n_1_CA1",
      businessId: "b_1",
      callbackOrigin: "https://textback.example",
      record: {
        call: { id: "c_n_1_CA1", fromPhone: CALLER, decision: "texted:no_answer", reason: "no_answer" },
        message: { id: "m_n_1_CA1", toPhone: CALLER, status: "queued", kind: "missed_call", body: expect.stringMatching(/^Sorry we missed you! Acme Plumbing https:\/\/textback\.example\/l\/[0-9A-Za-z]{12} Reply STOP to opt out\.$/) },
        consent: { kind: "implied_by_call", evidenceId: "CA1", evidenceText: "texted:no_answer" },
        line: "+13125550123",
        eventId: "twilio:CA1",
        day: "2026-12-07",
        previousTextAt: NOW - 13 * 3_600_000,
        notify: false,
      },
    });
  });

  it("gives each text its own tracked link, stored with the text, and the plain booking URL with trackLinks off", () => {
    const templates = { missed_call: "{business} {bookingUrl} Reply STOP to opt out.", follow_up: "{business}: {bookingUrl}" };
    const p = plan({ ctx: lineContext({ templates, settings: { followUp: { enabled: true, afterHours: 2 } } }) });
    if (p.recording.how !== "record_now") throw new Error(p.recording.how);
    const [text, followUp] = [p.recording.text.row, p.recording.followUp!.text.row];
    expect(text.linkCode).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(text.body).toContain(`https://textback.example/l/${text.linkCode}`);
    expect(followUp.body).toBe(`Acme Plumbing: https://textback.example/l/${followUp.linkCode}`);
    expect(followUp.linkCode).not.toBe(text.linkCode);

    const off = plan({ ctx: lineContext({ templates, settings: { trackLinks: false } }) });
    if (off.recording.how !== "write_behind") throw new Error(off.recording.how);
    expect(off.recording.job.record?.message).toMatchObject({ body: "Acme Plumbing https://book.example/acme Reply STOP to opt out." });
    expect(off.recording.job.record?.message.linkCode).toBeUndefined();
  });

  it("appends the opt-out line to a text-back whose template was saved without one, and to no other text", () => {
    const templates = { missed_call: "Sorry we missed you! {business}", follow_up: "Still need help from {business}?" };
    const p = plan({ ctx: lineContext({ templates, settings: { followUp: { enabled: true, afterHours: 2 } } }) });
    expect(p.recording).toMatchObject({
      how: "record_now",
      text: { row: { body: "Sorry we missed you! Acme Plumbing\nReply STOP to opt out." } },
      followUp: { text: { row: { body: "Still need help from Acme Plumbing?" } } },
    });
  });

  it("records a delayed text now and holds it until its time", () => {
    const p = plan({ ctx: lineContext({ settings: { textDelaySeconds: 90 } }) });
    expect(p.recording).toMatchObject({ how: "record_now", textDue: NOW + 90_000, followUp: null, text: { row: { status: "scheduled" } } });
  });

  it("sends the text now and schedules the follow-up when follow-ups are on", () => {
    const p = plan({ ctx: lineContext({ settings: { followUp: { enabled: true, afterHours: 2 } } }) });
    expect(p.recording).toMatchObject({
      how: "record_now",
      textDue: null,
      text: { row: { status: "queued" } },
      followUp: { due: NOW + 2 * 3_600_000, text: { row: { id: "m_n_1_CA1_fu", kind: "follow_up", status: "scheduled", body: "Still need help from Acme Plumbing?" } } },
    });
  });

  it("does not plan a follow-up the business has no template for", () => {
    const p = plan({ ctx: lineContext({ settings: { followUp: { enabled: true } }, templates: { missed_call: "Hi" } }) });
    expect(p.recording.how).toBe("write_behind");
  });

  it("records an answered call alone, with no reservation and nothing to verify", () => {
    const p = plan({ outcome: "answered", ctx: lineContext({ callerStatus: "deferred" }) });
    expect(p).toMatchObject({ code: "skipped:answered", messageId: null, reservation: null, verify: false, recording: { how: "call_only" } });
  });

  it("asks D1 to check the caller when it decided without their status, and the status could matter", () => {
    expect(plan({ ctx: lineContext({ callerStatus: "deferred" }) }).verify).toBe(true);
    const cooldown = plan({ ctx: lineContext({ callerStatus: "deferred" }), caller: { ...fresh, lastTextedAt: NOW - 60_000 } });
    expect(cooldown).toMatchObject({ code: "skipped:cooldown", verify: true, recording: { how: "call_only" } });
  });

  it("reads the caller's status before answering only for a written-behind text whose caller is told what happens, unknown to the line", () => {
    const deferred = lineContext({ callerStatus: "deferred" });
    expect(plan({ event: callEvent({ tellsCaller: true }), ctx: deferred }).recording).toMatchObject({ how: "write_behind", foresee: true });
    expect(plan({ ctx: deferred }).recording).not.toHaveProperty("foresee");
    expect(plan({ event: callEvent({ tellsCaller: true }) }).recording).not.toHaveProperty("foresee");
    const delayed = plan({ event: callEvent({ tellsCaller: true }), ctx: lineContext({ callerStatus: "deferred", settings: { textDelaySeconds: 60 } }) });
    expect(delayed.recording.how).toBe("record_now");
  });

  it("skips a caller the line saw opt out after D1's last record", () => {
    const p = plan({ ctx: lineContext({ optedOut: false, consentAt: NOW - 10_000 }), caller: { ...fresh, consent: { optedOut: true, at: NOW - 5_000 } } });
    expect(p.code).toBe("skipped:opted_out");
  });

  it("skips at the daily cap and explains why in words", () => {
    const p = plan({ ctx: lineContext({ settings: { dailyCap: 3 } }), caller: { ...fresh, textedToday: 3 } });
    expect(p.code).toBe("skipped:daily_cap");
    expect(p.explanation).toMatch(/daily/i);
  });
});

describe("optedOutNow", () => {
  it.each([
    ["no local record: D1's", null, { optedOut: true, consentAt: 5 }, true],
    ["local newer than D1: local", { optedOut: false, at: 10 }, { optedOut: true, consentAt: 5 }, false],
    ["local as new as D1: local", { optedOut: true, at: 5 }, { optedOut: false, consentAt: 5 }, true],
    ["D1 newer than local: D1's", { optedOut: true, at: 4 }, { optedOut: false, consentAt: 5 }, false],
    ["D1 has none: local", { optedOut: true, at: 4 }, { optedOut: false, consentAt: null }, true],
  ] as const)("%s", (_name, local, ctx, expected) => {
    expect(optedOutNow(local, ctx)).toBe(expected);
  });
});

describe("planCall: a caller texted within the cooldown calling again", () => {
  const texted = { ...fresh, lastTextedAt: NOW - 5 * 60_000 };
  const owner = "+13125550199";
  const ctx = (settings: Record<string, unknown> = {}) => lineContext({ settings, business: { notifyPhone: owner } });

  it("is due the owner's alert, with when their text-back was decided", () => {
    const p = plan({ ctx: ctx(), caller: texted });
    expect(p.code).toBe("skipped:cooldown");
    expect(p.repeatAlert).toEqual({ to: [owner], textedAt: texted.lastTextedAt });
  });

  it("not again within 10 minutes of the last alert, nor while the line holds their text-back, nor in test mode", () => {
    expect(plan({ ctx: ctx(), caller: { ...texted, repeatAlertAt: NOW - 9 * 60_000 } }).repeatAlert).toBeUndefined();
    expect(plan({ ctx: ctx(), caller: { ...texted, repeatAlertAt: NOW - 10 * 60_000 } }).repeatAlert).toBeDefined();
    expect(plan({ ctx: ctx(), caller: texted, textBackHeld: () => true }).repeatAlert).toBeUndefined();
    expect(plan({ ctx: ctx({ shadow: true }), caller: texted }).repeatAlert).toBeUndefined();
  });

  it("a call texted, or skipped for another reason, is due none", () => {
    expect(plan({ ctx: ctx(), caller: fresh }).repeatAlert).toBeUndefined();
    expect(plan({ ctx: ctx(), caller: texted, outcome: "answered" }).repeatAlert).toBeUndefined();
  });
});
