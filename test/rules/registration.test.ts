import { describe, expect, it } from "vitest";
import { registrationKind, registrationWords } from "../../src/rules/registration";

describe("registration", () => {
  it("US numbers are 10DLC or toll-free; others need neither", () => {
    expect(registrationKind("+13125550100")).toBe("10dlc");
    expect(registrationKind("+18885550100")).toBe("tollfree");
    expect(registrationKind("+447700900123")).toBeNull();
  });

  it.each([
    ["10dlc", "VERIFIED", true, /approved/],
    ["10dlc", "IN_PROGRESS", false, /under review/],
    ["10dlc", "FAILED", false, /not approved \(FAILED\)/],
    ["tollfree", "TWILIO_APPROVED", true, /approved/],
    ["tollfree", "TWILIO_REJECTED", false, /not approved/],
    ["tollfree", null, false, /Not registered for toll-free verification/],
  ] as const)("%s %s", (kind, status, ok, words) => {
    const r = registrationWords(kind, status);
    expect(r.ok).toBe(ok);
    expect(r.words).toMatch(words);
  });
});
