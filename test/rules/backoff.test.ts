import { describe, expect, it } from "vitest";
import { backoffSeconds, MAX_BACKOFF_SECONDS } from "../../src/outbox/backoff";
import { classifyTwilioError } from "../../src/carriers/twilio";

describe("backoffSeconds", () => {
  it.each([
    [1, 2, undefined, 2],
    [2, 2, undefined, 4],
    [3, 2, undefined, 8],
    [6, 2, undefined, 64],
    [20, 2, undefined, MAX_BACKOFF_SECONDS],
    [1, 2, 30, 30],
    [1, 2, 10_000, MAX_BACKOFF_SECONDS],
    [3, 0, undefined, 0],
  ])("attempt %i, base %i, Retry-After %s → %i s", (attempts, base, retryAfter, expected) => {
    expect(backoffSeconds(attempts, base, retryAfter)).toBe(expected);
  });
});

describe("classifyTwilioError", () => {
  it.each([
    [400, "21610", "opted_out"],
    [400, "21211", "permanent"],
    [400, "21408", "permanent"],
    [400, "21612", "permanent"],
    [400, "21614", "permanent"],
    [400, "21635", "permanent"],
    [400, "21606", "permanent"],
    [400, "21617", "permanent"],
    [401, "20003", "permanent"],
    [429, "20429", "retry"],
    [400, "21611", "retry"],
    [500, undefined, "retry"],
    [503, undefined, "retry"],
    [429, undefined, "retry"],
    [400, undefined, "permanent"],
  ] as const)("HTTP %i code %s → %s", (status, code, kind) => {
    expect(classifyTwilioError(status, code)).toBe(kind);
  });
});
