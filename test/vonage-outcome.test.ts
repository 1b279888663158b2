import { describe, expect, it } from "vitest";
import { classifyVonageError, fromVonageNumber, vonageDeliveryStatus, vonageErrorCode } from "../src/carriers/vonage";
import { vonageLegFacts } from "../src/carriers/vonage-outcome";
import { classifyOutcome } from "../src/rules/outcome";

const MIN_ANSWERED = 10;

describe("a Vonage leg's status as a call outcome", () => {
  it.each<[string, number | undefined, string | null]>([
    ["timeout", undefined, "no_answer"],
    ["unanswered", undefined, "no_answer"],
    ["busy", undefined, "busy"],
    ["rejected", undefined, "busy"],
    ["failed", undefined, "failed"],
    ["cancelled", undefined, "canceled"],
    ["machine", undefined, "voicemail"],
    ["completed", 4, "short_call"],
    ["completed", 120, "answered"],
    ["COMPLETED", 120, "answered"],
    ["started", undefined, null],
    ["ringing", undefined, null],
    ["answered", undefined, null],
    ["human", undefined, null],
    ["disconnected", undefined, null],
  ])("%s (duration %s) is %s", (status, duration, outcome) => {
    for (const source of ["dial", "status"] as const) {
      const facts = vonageLegFacts(status, duration, source);
      expect(facts === null ? null : classifyOutcome(facts, MIN_ANSWERED)).toBe(outcome);
      if (facts) expect(facts.source).toBe(source);
    }
  });
});

describe("Vonage's errors", () => {
  it.each<[string, number, { type?: string; title?: string | number; detail?: string } | undefined, string, string]>([
    ["throttled", 429, { type: "https://developer.nexmo.com/api-errors/messages-olympus#1000", title: "Throttled" }, "1000", "retry"],
    ["an internal error", 500, { type: "https://developer.nexmo.com/api-errors/messages-olympus#1030" }, "1030", "retry"],
    ["a gateway error without a body", 502, undefined, "http_502", "retry"],
    ["refused credentials", 401, { type: "https://developer.vonage.com/api-errors#unauthorized", title: "Unauthorized" }, "unauthorized", "permanent"],
    ["no credit", 402, { type: "https://developer.vonage.com/api-errors#low-balance" }, "low-balance", "permanent"],
    ["a barred number", 422, { type: "https://developer.nexmo.com/api-errors/messages-olympus#1050" }, "1050", "permanent"],
    ["an opted-out recipient", 422, { title: "Rejected", detail: "The recipient has opted out" }, "9", "opted_out"],
    ["an opt-out in the title", 422, { title: "Opted-Out recipient" }, "9", "opted_out"],
    ["a numeric title", 422, { title: 1240 }, "1240", "permanent"],
  ])("%s is %s, %s", (_name, status, problem, code, kind) => {
    expect(vonageErrorCode(problem, status)).toBe(code);
    expect(classifyVonageError(status, code)).toBe(kind);
  });

  it("reads a delivery report's error without an HTTP status", () => {
    expect(vonageErrorCode({ type: "https://developer.nexmo.com/api-errors/messages-olympus#1250" }, null)).toBe("1250");
    expect(vonageErrorCode(undefined, null)).toBe("unknown");
  });
});

describe("Vonage's words", () => {
  it.each([
    ["submitted", "sent"],
    ["delivered", "delivered"],
    ["read", "delivered"],
    ["rejected", "failed"],
    ["undeliverable", "undelivered"],
    ["something-new", "something-new"],
  ])("message status %s is stored as %s", (vonage, ours) => {
    expect(vonageDeliveryStatus(vonage)).toBe(ours);
  });

  it.each([
    ["14155550100", "+14155550100"],
    ["+14155550100", "+14155550100"],
    ["447700900000", "+447700900000"],
    ["Unknown", ""],
    ["", ""],
    [undefined, ""],
    ["04155550100", ""],
  ])("number %s is %s", (vonage, e164) => {
    expect(fromVonageNumber(vonage)).toBe(e164);
  });
});
