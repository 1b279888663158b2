import { describe, expect, it } from "vitest";
import { nextDeliveryStatus } from "../../src/rules/delivery";

describe("nextDeliveryStatus", () => {
  it.each([
    ["sent", "delivered", "delivered"],
    ["delivered", "sent", null],
    ["sent", "sending", null],
    ["sent", "undelivered", "undelivered"],
    ["queued", "sent", "sent"],
    ["sent", "read", "delivered"],
    ["delivered", "failed", null],
    ["suppressed", "delivered", null],
    ["dead", "sent", null],
    ["sent", "bogus", null],
  ] as const)("%s + report %s → %s", (current, reported, expected) => {
    expect(nextDeliveryStatus(current, reported)).toBe(expected);
  });
});

describe("recipientProblem", () => {
  it.each([
    ["21610", "opted_out"],
    ["30006", "undeliverable"],
    ["30005", "undeliverable"],
    ["30004", "undeliverable"],
    ["21614", "undeliverable"],
    ["21211", "undeliverable"],
    ["30007", null],
    ["30008", null],
    ["20429", null],
    [null, null],
  ])("%s → %s", async (code, problem) => {
    const { recipientProblem } = await import("../../src/rules/delivery");
    expect(recipientProblem(code)).toBe(problem);
  });
});
