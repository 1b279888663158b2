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
  ])("%s + report %s → %s", (current, reported, expected) => {
    expect(nextDeliveryStatus(current, reported)).toBe(expected);
  });
});
