import { describe, expect, it } from "vitest";
import { commandConfirmation, parseOwnerCommand } from "../../src/rules/owner-commands";

describe("parseOwnerCommand", () => {
  it.each([
    ["W 450", { kind: "won", cents: 45_000 }],
    ["won 450", { kind: "won", cents: 45_000 }],
    ["WON $1,250.50", { kind: "won", cents: 125_050 }],
    ["w $ 99.9", { kind: "won", cents: 9_990 }],
    ["W", { kind: "won", cents: null }],
    ["Won.", { kind: "won", cents: null }],
    ["  l ", { kind: "lost" }],
    ["LOST", { kind: "lost" }],
    ["lost!", { kind: "lost" }],
    ["B", { kind: "booked" }],
    ["booked", { kind: "booked" }],
    ["BLOCK", { kind: "block" }],
    ["block.", { kind: "block" }],
  ])("%j is a shortcut", (text, command) => {
    expect(parseOwnerCommand(text)).toEqual(command);
  });

  it.each([
    "Will be there at 4",
    "W 450 tomorrow",
    "L 450",
    "B 200",
    "won't make it today",
    "Lost my keys, running late",
    "Booked you for Friday at 9",
    "block party",
    "W 45000000",
    "OK",
    "",
  ])("%j is an answer to the caller", (text) => {
    expect(parseOwnerCommand(text)).toBeNull();
  });
});

describe("commandConfirmation", () => {
  it("says what happened and to whom, or that nothing changed", () => {
    expect(commandConfirmation({ kind: "won", cents: 45_000 }, "+14155552671", true)).toBe("Textback: won $450.00 for +14155552671. Reply L if that was a mistake.");
    expect(commandConfirmation({ kind: "lost" }, "+14155552671", false)).toMatch(/no open lead/);
  });
});
