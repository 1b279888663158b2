import { describe, expect, it } from "vitest";
import { formatDollars, parseDollars } from "../../src/rules/amount";

describe("parseDollars", () => {
  it.each([
    ["450", 45_000],
    ["$450", 45_000],
    ["$1,200", 120_000],
    ["1200.50", 120_050],
    ["300", 30_000],
    ["$ 99.9", 9_990],
    ["1,250,000", 125_000_000],
    ["1,200.5", 120_050],
    ["0450", 45_000],
    ["9999999.99", 999_999_999],
  ])("%j is %i cents", (typed, cents) => {
    expect(parseDollars(typed)).toBe(cents);
  });

  it.each([
    ["12,34", "a decimal comma, or a slip for 1,234"],
    ["1.200", "European thousands, or 1.2"],
    ["12.345,67", "European grouping"],
    ["1,2000", "a comma in the wrong place"],
    ["1 200", "a space for thousands"],
    ["2k", "shorthand"],
    ["1.234.567", "two decimal points"],
    ["10000000", "more than seven digits of dollars"],
    ["12,345,678", "more than seven digits of dollars"],
    [".50", "no dollars"],
    ["$", "no figure"],
    ["450.", "a point with nothing after it"],
    ["1.505", "three decimals"],
  ])("%j cannot be read one way (%s)", (typed) => {
    expect(parseDollars(typed)).toBeNull();
  });
});

describe("formatDollars", () => {
  it("writes cents only when there are some", () => {
    expect(formatDollars(30_000)).toBe("$300");
    expect(formatDollars(120_000)).toBe("$1,200");
    expect(formatDollars(120_050)).toBe("$1,200.50");
    expect(formatDollars(9_990)).toBe("$99.90");
  });
});
