import { describe, expect, it } from "vitest";
import { countSegments } from "../../src/rules/encoding";
import { nearMiss, notSentAnswer, sendAsWritten } from "../../src/rules/shortcut-like";
import { isUndo, nothingUndone, undoable, undoneAnswer } from "../../src/rules/owner-undo";

describe("a text that looks like a shortcut", () => {
  it.each([
    ["booked tmrw 10am", "booked"],
    ["Booked for Friday", "booked"],
    ["B there in 5", "booked"],
    ["L 450", "amount"],
    ["L95", "amount"],
    ["B 200", "amount"],
    ["lost went elsewhere", "lost"],
    ["block him", "block"],
    ["block this number", "block"],
    ["W 450 at 3pm", "won"],
    ["paid in full", "won"],
    ["undo the last W", "undo"],
    ["ok", "ok"],
    ["Okay!", "ok"],
    ["k", "ok"],
    ["2", "choice"],
    ["1", "choice"],
  ])("%j looks like %s: never sent to a caller", (text, miss) => {
    expect(nearMiss(text, false)).toBe(miss);
  });

  it.each([
    "Booked you for Friday at 9",
    "Lost my keys, running late",
    "L is on his way",
    "Lost the address, can you resend?",
    "Won the lottery?",
    "won't make it today",
    "Booked solid today but I can do tomorrow morning",
    "Booked solid today but can do tomorrow morning instead",
    "ok see you at 3",
    "Yes",
    "On my way, 15 min",
    "Will be there at 4",
    "",
  ])("%j is an answer to the caller", (text) => {
    expect(nearMiss(text, false)).toBeNull();
  });

  it("a shortcut itself, or UNDO, is no near miss: it is read as what it is", () => {
    for (const text of ["W95", "Won 150 cash", "paid 150", "L price", "B", "BLOCK", "undo"]) expect(nearMiss(text, false)).toBeNull();
  });

  it("after a caller's number, a bare OK or number is an answer to them; a slip is still held", () => {
    expect(nearMiss("ok", true)).toBeNull();
    expect(nearMiss("2", true)).toBeNull();
    expect(nearMiss("booked tmrw 10am", true)).toBe("booked");
  });

  it("the answer says what it looks like, what the shortcut does and how to send it anyway, in one segment", () => {
    const answer = notSentAnswer("booked tmrw 10am", "booked", "(720) 456-1122");
    expect(answer).toBe('Textback: Not sent: "booked tmrw 10am" looks like a shortcut. B alone marks it booked. To text it to (720) 456-1122, reply SEND booked tmrw 10am');
    expect(countSegments(answer)).toMatchObject({ segments: 1, encoding: "GSM-7" });
    expect(notSentAnswer("ok", "ok", "(720) 456-1122")).toBe('Textback: Not sent: "ok" looks like a shortcut. OK takes an urgent page, and none is open. To text it to (720) 456-1122, reply SEND ok');
    const long = notSentAnswer("lost went with the other guy downtown", "lost", "(720) 456-1122");
    expect(long).toMatch(/To text it to \(720\) 456-1122, reply SEND and the text\.$/);
    expect(notSentAnswer("block him", "block", null)).toMatch(/To text it to a caller, reply their number, SEND and the text\.$/);
  });

  it("SEND before a text sends it as written; SEND: always; a text starting with Send is left whole", () => {
    expect(sendAsWritten("SEND ok")).toBe("ok");
    expect(sendAsWritten("send booked tmrw 10am")).toBe("booked tmrw 10am");
    expect(sendAsWritten("Send W 450")).toBe("W 450");
    expect(sendAsWritten("send: Send me a photo")).toBe("Send me a photo");
    expect(sendAsWritten("Send me a photo of the lock")).toBeNull();
    expect(sendAsWritten("On my way")).toBeNull();
  });
});

describe("UNDO", () => {
  const last = { caller: "+14155550100", causeId: "in_n_1_SM1", at: 1_000_000, command: { kind: "won" as const, cents: 9_500 } };

  it.each([
    ["undo", true],
    ["UNDO!", true],
    ["Undo that", true],
    ["undo last", true],
    ["undo the sink repair", false],
    ["undone", false],
  ])("%j is UNDO: %s", (text, undo) => {
    expect(isUndo(text)).toBe(undo);
  });

  it("takes back the sender's last shortcut within 10 minutes, on the caller named if one is", () => {
    expect(undoable(last, last.at + 9 * 60_000, null)).toBe(last);
    expect(undoable(last, last.at + 11 * 60_000, null)).toBeNull();
    expect(undoable(last, last.at + 60_000, "+14155550100")).toBe(last);
    expect(undoable(last, last.at + 60_000, "+14155550199")).toBeNull();
    expect(undoable(null, last.at, null)).toBeNull();
  });

  it("says what it took back and what the lead is again, or that nothing changed", () => {
    expect(undoneAnswer(last.command, "(415) 555-0100", "engaged")).toBe("Textback: Undone: won $95 for (415) 555-0100. Their lead is engaged again.");
    expect(undoneAnswer({ kind: "block" }, "(415) 555-0100", null)).toBe("Textback: Undone: BLOCK for (415) 555-0100. They are not blocked any more.");
    expect(nothingUndone({ kind: "booked" }, "(415) 555-0100")).toBe("Textback: Nothing undone: (415) 555-0100's lead is not as your booked left it (changed since, or it had none).");
  });
});
