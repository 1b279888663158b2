import { describe, expect, it } from "vitest";
import {
  bandwidthLineType,
  landlineAction,
  LINE_TYPE_TTL_MS,
  plivoLineType,
  signalwireLineType,
  telnyxLineType,
  twilioLineType,
  vonageInsightLineType,
  vonageLineType,
} from "../../src/rules/line-type";
import { digestText } from "../../src/rules/alerts";

describe("each carrier's line types in our words", () => {
  it.each([
    ["mobile", "mobile"],
    ["landline", "landline"],
    ["fixedVoip", "voip"],
    ["nonFixedVoip", "voip"],
    ["tollFree", "other"],
    ["unknown", "other"],
    [null, "other"],
  ])("Twilio %s → %s", (raw, ours) => expect(twilioLineType(raw)).toBe(ours));

  it.each([
    ["mobile", "mobile"],
    ["fixed line", "landline"],
    ["Fixed Line", "landline"],
    ["fixed line or mobile", "other"],
    ["voip", "voip"],
    ["toll free", "other"],
  ])("Telnyx %s → %s", (raw, ours) => expect(telnyxLineType(raw)).toBe(ours));

  it.each([
    ["wireless", "mobile"],
    ["landline", "landline"],
    ["voip", "voip"],
    ["", "other"],
  ])("SignalWire %s → %s", (raw, ours) => expect(signalwireLineType(raw)).toBe(ours));

  it.each([
    ["mobile", "mobile"],
    ["fixed", "landline"],
    ["Fixed", "landline"],
    ["voip", "voip"],
    ["toll-free", "other"],
    ["unknown", "other"],
    [null, "other"],
  ])("Plivo %s → %s", (raw, ours) => expect(plivoLineType(raw)).toBe(ours));

  it.each([
    ["MOBILE", "mobile"],
    ["LANDLINE", "landline"],
    ["VIRTUAL", "voip"],
    ["TOLLFREE", "other"],
    ["PREMIUM", "other"],
    ["mobile", "mobile"],
    ["landline", "landline"],
    ["virtual", "voip"],
    ["SATELLITE", "other"],
    [undefined, "other"],
  ])("Vonage %s → %s", (raw, ours) => expect(vonageLineType(raw)).toBe(ours));

  it.each([
    ["MOBILE", "mobile"],
    ["FIXED", "landline"],
    ["fixed", "landline"],
    ["VOIP", "voip"],
    ["VOIP-FIXED", "voip"],
    ["", "other"],
  ])("Bandwidth %s → %s", (raw, ours) => expect(bandwidthLineType(raw)).toBe(ours));
});

describe("Vonage's carrier insights", () => {
  const answered = (code: string, type: string | null) => ({ status: { code }, network_type: type });
  it.each([
    ["OK", "LANDLINE", "landline"],
    ["OK", "MOBILE", "mobile"],
    ["ok", "landline", "landline"],
    ["PARTIAL_SUCCESS", "VIRTUAL", "voip"],
  ])("Current Carrier with status %s and network_type %s is %s, whatever Original Carrier says", (code, type, ours) =>
    expect(vonageInsightLineType({ current_carrier: answered(code, type), original_carrier: answered("OK", "PREMIUM") })).toEqual({ lineType: ours }));

  it.each(["NOT_FOUND", "NO_COVERAGE", "UNSUPPORTED_NETWORK_TYPE", "SUPPLIER_ERROR", "INTERNAL_ERROR", "UNAUTHORIZED", "INVALID_NUMBER_FORMAT"])(
    "Current Carrier's %s leaves it to Original Carrier (a landline the current carrier insight does not cover)",
    (code) => expect(vonageInsightLineType({ current_carrier: answered(code, "MOBILE"), original_carrier: answered("OK", "LANDLINE") })).toEqual({ lineType: "landline" }),
  );

  it("cannot tell when neither answers, and says why for both", () => {
    expect(vonageInsightLineType({ current_carrier: answered("NOT_FOUND", null), original_carrier: answered("NO_COVERAGE", "LANDLINE") })).toEqual({
      why: "current_carrier not_found, original_carrier no_coverage",
    });
    expect(vonageInsightLineType(undefined)).toEqual({ why: "no current_carrier in the answer, no original_carrier in the answer" });
    expect(vonageInsightLineType({ current_carrier: { network_type: "LANDLINE" } })).toEqual({ why: "current_carrier without a status, no original_carrier in the answer" });
    expect(vonageInsightLineType({ original_carrier: answered("OK", null) })).toEqual({ why: "no current_carrier in the answer, original_carrier without a network_type" });
  });
});

describe("landlineAction", () => {
  const now = 1_800_000_000_000;
  const on = { lookupLineType: true };
  it("sends everything when the business does not ask", () => {
    expect(landlineAction("missed_call", { lookupLineType: false }, { lineType: "landline", checkedAt: now }, now)).toBe("send");
  });
  it("looks a text-back's number up when it has no answer, or one older than 90 days", () => {
    expect(landlineAction("missed_call", on, null, now)).toBe("lookup");
    expect(landlineAction("existing_customer", on, { lineType: "mobile", checkedAt: now - LINE_TYPE_TTL_MS }, now)).toBe("lookup");
  });
  it("skips a text-back or follow-up to a known landline, sends to a known mobile", () => {
    expect(landlineAction("after_hours", on, { lineType: "landline", checkedAt: now - 1000 }, now)).toBe("skip");
    expect(landlineAction("follow_up", on, { lineType: "landline", checkedAt: now - 1000 }, now)).toBe("skip");
    expect(landlineAction("missed_call", on, { lineType: "mobile", checkedAt: now - 1000 }, now)).toBe("send");
  });
  it("never asks for a reply or a follow-up with no answer", () => {
    expect(landlineAction("reply", on, null, now)).toBe("send");
    expect(landlineAction("follow_up", on, null, now)).toBe("send");
  });
});

describe("the digest's landline callers", () => {
  const day = { missedCalls: 9, missedCallers: 8, textedBack: 1, replied: 0 };
  it("names them to call back, five at most", () => {
    const phones = Array.from({ length: 7 }, (_, i) => `+1415555010${i}`);
    expect(digestText("Acme", { ...day, landlineCallers: phones.slice(0, 2) })).toBe(
      "Textback for Acme, yesterday: 9 missed calls from 8 people; 1 texted back, 0 replied. Landline callers to call back: (415) 555-0100, (415) 555-0101.",
    );
    expect(digestText("Acme", { ...day, landlineCallers: phones })).toMatch(/\(415\) 555-0104 and 2 more\.$/);
    expect(digestText("Acme", day)).toBe("Textback for Acme, yesterday: 9 missed calls from 8 people; 1 texted back, 0 replied.");
  });
});
