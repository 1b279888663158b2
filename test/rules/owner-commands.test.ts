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
    ["  l ", { kind: "lost", reason: null, note: null }],
    ["LOST", { kind: "lost", reason: null, note: null }],
    ["lost!", { kind: "lost", reason: null, note: null }],
    ["L price", { kind: "lost", reason: "price", note: null }],
    ["lost: too expensive.", { kind: "lost", reason: "price", note: null }],
    ["L no response", { kind: "lost", reason: "no_response", note: null }],
    ["LOST out of area", { kind: "lost", reason: "out_of_area", note: null }],
    ["L other: went with a cheaper quote", { kind: "lost", reason: "other", note: "went with a cheaper quote" }],
    ["L other", { kind: "lost", reason: "other", note: null }],
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
    "L is on his way",
    "Lost the address, can you resend?",
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
    expect(commandConfirmation({ kind: "lost", reason: null, note: null }, "+14155552671", false)).toMatch(/no open lead/);
    expect(commandConfirmation({ kind: "lost", reason: "no_response", note: null }, "+14155552671", true)).toBe("Textback: +14155552671 marked lost (no response).");
  });
});
