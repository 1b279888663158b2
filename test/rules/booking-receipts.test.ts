import { describe, expect, it } from "vitest";
import { receiptOf, receiptWords, refusalWords, type ActedOn } from "../../src/rules/booking-receipts";
import { BOOKING_RECEIPTS, BOOKING_REFUSALS } from "../../src/vocabulary";

describe("what a verified booking webhook did", () => {
  it.each([
    [{ action: "booked", result: "matched" }, "booked"],
    [{ action: "rescheduled", result: "matched" }, "moved"],
    [{ action: "canceled", result: "matched" }, "canceled"],
    [{ action: "booked", result: "unmatched" }, "unmatched"],
    [{ action: "canceled", result: "unmatched" }, "unmatched"],
    [{ action: "canceled", result: "ignored", reason: "unknown_booking" }, "unknown_cancellation"],
    [{ action: "ignored", result: "ignored" }, "not_acted"],
    [{ action: "booked", result: "duplicate" }, "duplicate"],
    [{ action: "rescheduled", result: "unchanged" }, "unchanged"],
  ] satisfies [ActedOn, string][])("%o is %s", (acted, receipt) => {
    expect(receiptOf(acted)).toBe(receipt);
  });

  it("has words for every receipt and refusal, naming the provider where it helps", () => {
    for (const r of BOOKING_RECEIPTS) expect(receiptWords(r)).toMatch(/^[a-z]/);
    for (const r of BOOKING_REFUSALS) expect(refusalWords(r, "Cal.com")).toMatch(/^[a-z]/);
    expect(refusalWords("unsigned", "Cal.com")).toBe("it had no signature: give Cal.com the same secret as here");
  });
});
