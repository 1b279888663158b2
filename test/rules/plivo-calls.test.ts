import { describe, expect, it } from "vitest";
import { plivoCallStatus, plivoElements, plivoXml } from "../../src/carriers/plivo-calls";
import { classifyPlivoError } from "../../src/carriers/plivo";
import { classifyOutcome } from "../../src/rules/outcome";
import { recipientProblem } from "../../src/rules/delivery";

describe("plivoCallStatus: DialStatus (the <Dial action>) and CallStatus (the Hangup URL) with their cause", () => {
  it.each([
    ["completed", "NORMAL_CLEARING", "completed"],
    ["completed", "ORIGINATOR_CANCEL", "completed"],
    ["busy", "USER_BUSY", "busy"],
    ["no-answer", "NO_ANSWER", "no-answer"],
    ["timeout", "NO_ANSWER", "no-answer"],
    ["timeout", undefined, "no-answer"],
    ["failed", "UNALLOCATED_NUMBER", "failed"],
    ["cancel", "ORIGINATOR_CANCEL", "canceled"],
    ["no-answer", "ORIGINATOR_CANCEL", "canceled"],
    ["busy", "ORIGINATOR_CANCEL", "canceled"],
    ["ringing", undefined, null],
    ["in-progress", undefined, null],
    ["hangup", "USER_BUSY", "busy"],
    ["hangup", "CALL_REJECTED", "busy"],
    ["hangup", "NO_USER_RESPONSE", "no-answer"],
    ["hangup", "ALLOTTED_TIMEOUT", "no-answer"],
    ["hangup", "NORMAL_CLEARING", "failed"],
    ["hangup", "NETWORK_OUT_OF_ORDER", "failed"],
  ] as const)("%s with %s → %s", (status, cause, expected) => {
    expect(plivoCallStatus(status, cause)).toBe(expected);
  });

  it.each([
    [{ status: "no-answer", cause: "NO_ANSWER" }, undefined, "no_answer"],
    [{ status: "cancel", cause: "ORIGINATOR_CANCEL" }, undefined, "canceled"],
    [{ status: "completed", cause: "NORMAL_CLEARING" }, 2, "short_call"],
    [{ status: "completed", cause: "NORMAL_CLEARING" }, 120, "answered"],
  ])("feeds the outcome rules: %o for %s s → %s", ({ status, cause }, duration, outcome) => {
    expect(classifyOutcome({ source: "dial", status: plivoCallStatus(status, cause)!, durationSeconds: duration }, 5)).toBe(outcome);
  });
});

describe("Plivo send errors and delivery report codes", () => {
  it.each([
    [429, "retry"],
    [500, "retry"],
    [503, "retry"],
    [400, "permanent"],
    [401, "permanent"],
    [404, "permanent"],
  ] as const)("HTTP %s → %s", (status, kind) => {
    expect(classifyPlivoError(status)).toBe(kind);
  });

  it.each([
    ["plivo-200", "opted_out"],
    ["plivo-50", "undeliverable"],
    ["plivo-70", "undeliverable"],
    ["plivo-20", null],
    ["plivo-80", null],
    // The bare number is another carrier's code, never Plivo's.
    ["200", null],
  ])("%s → %s", (code, problem) => {
    expect(recipientProblem(code)).toBe(problem);
  });
});

describe("Plivo XML", () => {
  it("forwards with <Dial action> and escapes what it writes", () => {
    expect(plivoXml(plivoElements.dial("+13125550100", { action: "https://x.test/webhooks/plivo/dial-status?a=1&b=2", timeout: 20 }))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="https://x.test/webhooks/plivo/dial-status?a=1&amp;b=2" method="POST" timeout="20"><Number>+13125550100</Number></Dial></Response>',
    );
    expect(plivoElements.speak("Tom & Jerry's <Plumbing>")).toBe("<Speak>Tom &amp; Jerry&apos;s &lt;Plumbing&gt;</Speak>");
  });
});
