import { describe, expect, it } from "vitest";
import { toCsv } from "../../src/reports/csv";

describe("toCsv", () => {
  it.each([
    ["+14155552671", "+14155552671"],
    ["-3", "-3"],
    ["12.5", "12.5"],
    ["=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""],
    ["+1 415 555 2671", "'+1 415 555 2671"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["Smith, Jane", "\"Smith, Jane\""],
  ])("writes %j as %s", (value, cell) => {
    expect(toCsv(["a"], [[value]])).toBe(`a\r\n${cell}\r\n`);
  });
});
