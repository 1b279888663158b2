import { describe, expect, it } from "vitest";
import { chosenCaller, heldDroppedNote, heldDroppedText, whichCallerQuestion, withNote } from "../../src/rules/owner-choice";

const held = { text: "On our way", at: 0, choices: ["+14152345630", "+14152345640", "+14152345650"] };

describe("which caller the owner's held text is for", () => {
  it.each([
    ["1", "+14152345630"],
    [" 3 ", "+14152345650"],
    ["2.", "+14152345640"],
    ["#2", "+14152345640"],
    ["4", null],
    ["0", null],
    ["12", null],
    ["1 please", null],
    ["OK", null],
  ])("%j picks %s", (body, caller) => {
    expect(chosenCaller(body, held)).toBe(caller);
  });

  it("nothing held: no number picks anyone", () => {
    expect(chosenCaller("1", null)).toBeNull();
  });

  it("asks once, each caller numbered in the order given", () => {
    expect(whichCallerQuestion(["Maria G. (512) 555-0100", "(737) 555-0101"])).toBe("Textback: Which caller? Reply 1 for Maria G. (512) 555-0100, 2 for (737) 555-0101.");
  });

  it("a dropped text is named short, as a sentence of its own after the answer", () => {
    expect(heldDroppedNote("  On   our way ")).toBe(' Your held reply "On our way" was not sent.');
    expect(heldDroppedNote("x".repeat(60))).toBe(` Your held reply "${"x".repeat(37)}..." was not sent.`);
    expect(heldDroppedText("On our way")).toBe('Textback: Your held reply "On our way" was not sent.');
    expect(withNote("Textback: Marked won $450: (415) 555-0100", heldDroppedNote("W 450"))).toBe('Textback: Marked won $450: (415) 555-0100. Your held reply "W 450" was not sent.');
    expect(withNote("Textback: sent to (415) 555-0100.", heldDroppedNote("Hi"))).toBe('Textback: sent to (415) 555-0100. Your held reply "Hi" was not sent.');
    expect(withNote("Textback: sent.", undefined)).toBe("Textback: sent.");
  });
});
