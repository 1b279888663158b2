import { describe, expect, it } from "vitest";
import { callerChoice, choiceHint, whichCallerQuestion } from "../../src/rules/choice-question";
import { countSegments } from "../../src/rules/encoding";
import { chosenCaller, clearCaller, heldDroppedNote, heldDroppedText, pickChoices, withNote } from "../../src/rules/owner-choice";

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

  it("asks once, each caller numbered in the order given, by hint and number", () => {
    expect(whichCallerQuestion([{ phone: "(512) 555-0100", hint: "Maria G." }, { phone: "(737) 555-0101", hint: null }])).toBe(
      "Textback: Which caller? Reply 1 for Maria G. (512) 555-0100, 2 for (737) 555-0101.",
    );
  });

  it("three callers with the longest hints and callers left out still fit one segment, the hints shortened", () => {
    const long = (n: number) => ({ phone: `(720) 555-010${n}`, hint: "Hail damage on roof" });
    const question = whichCallerQuestion([long(1), long(2), long(3)], 2);
    expect(question).toMatch(/^Textback: Which caller\? Reply 1 for Hail .*\(720\) 555-0101, 2 for Hail .*\(720\) 555-0102, 3 for Hail .*\(720\) 555-0103\. 2 more: put their number first\.$/);
    expect(countSegments(question)).toMatchObject({ segments: 1, encoding: "GSM-7" });
    expect(countSegments(whichCallerQuestion([long(1), long(2), long(3)]))).toMatchObject({ segments: 1 });
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

describe("whom the owner's plain text goes to", () => {
  const [PRIYA, SARAH, TOM] = ["+17205550101", "+17205550102", "+17205550103"];
  const NOW = 10_000_000;
  const ago = (s: number) => NOW - s * 1000;

  it("one caller's text in the last 2 minutes: them", () => {
    expect(clearCaller([{ caller: PRIYA, at: ago(300) }, { caller: SARAH, at: ago(30) }], null, NOW)).toBe(SARAH);
  });

  it("two callers' texts in the last 2 minutes: nobody (asked)", () => {
    expect(clearCaller([{ caller: PRIYA, at: ago(100) }, { caller: SARAH, at: ago(30) }], null, NOW)).toBeNull();
  });

  it("right after the owner took a caller's page or texted them, that caller, whoever texted before it", () => {
    const reached = [{ caller: PRIYA, at: ago(90) }, { caller: SARAH, at: ago(60) }];
    expect(clearCaller(reached, { caller: PRIYA, at: ago(30) }, NOW)).toBe(PRIYA);
    // Someone else's text since the owner's act: asked.
    expect(clearCaller([...reached, { caller: TOM, at: ago(10) }], { caller: PRIYA, at: ago(30) }, NOW)).toBeNull();
    // The act over 2 minutes ago counts no more.
    expect(clearCaller(reached, { caller: PRIYA, at: ago(150) }, NOW)).toBeNull();
  });

  it("nothing in the last 2 minutes: nobody", () => {
    expect(clearCaller([{ caller: PRIYA, at: ago(300) }], null, NOW)).toBeNull();
  });
});

describe("the callers the question offers", () => {
  it("at most three, the ones heard from last, in the order they first reached the owner", () => {
    expect(pickChoices(["a", "b", "c", "d", "e"], ["b", "e", "a", "d", "c"])).toEqual({ choices: ["a", "b", "e"], more: 2 });
    expect(pickChoices(["a", "b"], ["b", "a"])).toEqual({ choices: ["a", "b"], more: 0 });
  });

  it("not a blocked caller, one whose lead is closed, or one whose page another phone took", () => {
    const facts = { blocked: false, closed: false, name: null, service: null, address: null, said: "Hail came through the roof" };
    expect(callerChoice(facts, false, false)).toEqual({ offer: true, hint: "Hail came through" });
    expect(callerChoice({ ...facts, blocked: true }, false, false).offer).toBe(false);
    expect(callerChoice({ ...facts, closed: true }, false, false).offer).toBe(false);
    expect(callerChoice(facts, true, false).offer).toBe(false);
    expect(callerChoice(undefined, false, false)).toEqual({ offer: true, hint: null });
  });

  it("each told apart by a hint of at most 20 characters: name, else service, address or their words; privateTexts names only", () => {
    const none = { name: null, service: null, address: null, said: null };
    expect(choiceHint({ ...none, name: "Sarah Johnson", service: "Leak" }, false)).toBe("Sarah J.");
    expect(choiceHint({ ...none, service: "Locked out of my car at the mall", said: "Help" }, false)).toBe("Locked out of my car");
    expect(choiceHint({ ...none, address: "1420 Elm Street, Denver CO 80203" }, false)).toBe("1420 Elm Street,".replace(/,$/, ""));
    expect(choiceHint({ ...none, said: "🔑 Lost my keys!!" }, false)).toBe("Lost my keys");
    expect(choiceHint({ ...none, said: "Lost my keys" }, true)).toBeNull();
    expect(choiceHint({ ...none, name: "Maria Garcia", said: "Lost my keys" }, true)).toBe("Maria G.");
    expect(choiceHint({ ...none, name: "Zoë Ng", said: "Lost my keys" }, false)).toBe("Lost my keys");
  });
});
