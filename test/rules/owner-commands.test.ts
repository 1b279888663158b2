import { describe, expect, it } from "vitest";
import { callerLabel, commandConfirmation, parseOwnerCommand, shortcutTarget } from "../../src/rules/owner-commands";

describe("parseOwnerCommand", () => {
  it.each([
    ["W 450", { kind: "won", cents: 45_000 }],
    ["W $450", { kind: "won", cents: 45_000 }],
    ["W $1,200", { kind: "won", cents: 120_000 }],
    ["W 1200.50", { kind: "won", cents: 120_050 }],
    ["won 300", { kind: "won", cents: 30_000 }],
    ["WON 450!", { kind: "won", cents: 45_000 }],
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
    // Typed in a hurry: an amount glued to W, a few words after a won amount, paid for won.
    ["W95", { kind: "won", cents: 9_500 }],
    ["won$150", { kind: "won", cents: 15_000 }],
    ["Won 150 cash", { kind: "won", cents: 15_000 }],
    ["W 450 tomorrow", { kind: "won", cents: 45_000 }],
    ["won $1,200 paid by check", { kind: "won", cents: 120_000 }],
    ["paid 150", { kind: "won", cents: 15_000 }],
    ["Paid $95.", { kind: "won", cents: 9_500 }],
    ["paid", { kind: "won", cents: null }],
  ])("%j is a shortcut", (text, command) => {
    expect(parseOwnerCommand(text)).toEqual(command);
  });

  it.each([
    "Will be there at 4",
    "L 450",
    "B 200",
    "W 450 at 3pm",
    "won't make it today",
    "wonderful, see you then",
    "paid you back yesterday",
    "Lost my keys, running late",
    "Booked you for Friday at 9",
    "block party",
    "L is on his way",
    "Lost the address, can you resend?",
    "Won the lottery?",
    "OK",
    "",
  ])("%j is an answer to the caller", (text) => {
    expect(parseOwnerCommand(text)).toBeNull();
  });

  it("W95 with an amount read two ways is asked again too", () => {
    expect(parseOwnerCommand("W12,34")).toEqual({ kind: "unclear_amount", typed: "12,34" });
    expect(parseOwnerCommand("paid 2k cash")).toEqual({ kind: "unclear_amount", typed: "2k" });
  });

  it.each(["12,34", "1.200", "2k", "1 200", "45000000", "$"])("W %s: an amount read two ways (or none) is asked again, never guessed nor sent", (typed) => {
    expect(parseOwnerCommand(`W ${typed}`)).toEqual({ kind: "unclear_amount", typed });
    expect(parseOwnerCommand(`won ${typed}.`)).toEqual({ kind: "unclear_amount", typed });
  });
});

describe("shortcutTarget", () => {
  const [maria, bob] = ["+14152345630", "+14152345640"];

  it("acts on the caller the shortcut names", () => {
    expect(shortcutTarget({ named: maria, ownerLastCaller: bob, lastRelayedCaller: bob })).toBe(maria);
  });

  it("else on the caller the owner dealt with last, relayed or answered, whichever was later", () => {
    // Bob's reply reached the owner, then the owner answered Maria: Maria.
    expect(shortcutTarget({ named: null, ownerLastCaller: maria, lastRelayedCaller: bob })).toBe(maria);
    // The owner answered Maria, then Bob's reply reached them: Bob.
    expect(shortcutTarget({ named: null, ownerLastCaller: bob, lastRelayedCaller: bob })).toBe(bob);
  });

  it("on a line that has not recorded it yet, the newest relay; with neither, nobody", () => {
    expect(shortcutTarget({ named: null, ownerLastCaller: null, lastRelayedCaller: bob })).toBe(bob);
    expect(shortcutTarget({ named: null, ownerLastCaller: null, lastRelayedCaller: null })).toBeNull();
  });
});

describe("commandConfirmation", () => {
  it("says what happened and to whom, by number and name, or that nothing changed", () => {
    const maria = callerLabel("(415) 234-5630", "Maria");
    expect(commandConfirmation({ kind: "won", cents: 30_000 }, maria, true)).toBe("Textback: Marked won $300: (415) 234-5630, Maria");
    expect(commandConfirmation({ kind: "won", cents: 120_050 }, maria, true)).toBe("Textback: Marked won $1,200.50: (415) 234-5630, Maria");
    expect(commandConfirmation({ kind: "won", cents: null }, maria, true)).toBe("Textback: Marked won: (415) 234-5630, Maria");
    expect(commandConfirmation({ kind: "lost", reason: null, note: null }, maria, false)).toBe("Textback: Nothing changed, (415) 234-5630, Maria has no open lead.");
    expect(commandConfirmation({ kind: "lost", reason: "no_response", note: null }, "(415) 234-5630", true)).toBe("Textback: Marked lost (no response): (415) 234-5630");
  });

  it("BLOCK blocks with or without an open lead, and says whether it closed one", () => {
    expect(commandConfirmation({ kind: "block" }, "(415) 234-5630", true)).toBe("Textback: Blocked: (415) 234-5630. No more texts to them, and their lead is closed.");
    expect(commandConfirmation({ kind: "block" }, "(415) 234-5630", false)).toBe("Textback: Blocked: (415) 234-5630. No more texts to them.");
  });

  it("names the caller in one line, whatever the stored name holds", () => {
    expect(callerLabel("(415) 234-5630", null)).toBe("(415) 234-5630");
    expect(callerLabel("(415) 234-5630", "  Maria\n Lopez ")).toBe("(415) 234-5630, Maria Lopez");
    expect(callerLabel("(415) 234-5630", "x".repeat(60))).toBe(`(415) 234-5630, ${"x".repeat(40)}`);
  });
});
