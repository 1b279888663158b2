import { describe, expect, it } from "vitest";
import { asksQuestion, automatedText } from "../../src/rules/first-reply";
import { hasOptOutWording } from "../../src/rules/opt-out-wording";

describe("asksQuestion", () => {
  it.each([
    ["Do you take Delta Dental? I'd like to book a cleaning", true],
    ["I'd like a cleaning. Are you open Saturday?", true],
    ["are you open saturday??", true],
    ["I'd like a cleaning", false],
    ["Hello?", false],
    ["?", false],
    ["12 Oak St", false],
    // Typed without the "?": the trial's own, and others asked the same way
    ["do you do car keys", true],
    ["how much for a rekey", true],
    ["Locked out of my car. Do you do Hondas", true],
    ["hi, are you open tonight", true],
    ["what do you charge for a lockout", true],
    ["whats the price for a lock change", true],
    ["can you make a key for a 2015 F150", true],
    ["is there a fee after midnight", true],
    // A request, an answer or a statement is no question
    ["can you come asap", false],
    ["can you help me", false],
    ["do it tonight", false],
    ["how I got locked out", false],
    ["you do good work", false],
    ["locked out of my house", false],
  ] as const)("%j → %s", (text, asks) => {
    expect(asksQuestion(text)).toBe(asks);
  });
});

describe("automatedText", () => {
  const opts = { business: "Bright Smiles Dental", introduce: false, questionNoted: false };

  it("leaves a text to someone already texted as it is", () => {
    expect(automatedText("What's your name?", opts)).toBe("What's your name?");
  });

  it("introduces the business and says how to stop, to someone the line never texted", () => {
    const text = automatedText("Thanks! What's the patient's full name?", { ...opts, introduce: true });
    expect(text).toBe("This is Bright Smiles Dental. Thanks! What's the patient's full name?\nReply STOP to opt out.");
    expect(hasOptOutWording(text)).toBe(true);
  });

  it("says a person will answer the caller's question, before the next one", () => {
    expect(automatedText("What's your name?", { ...opts, introduce: true, questionNoted: true })).toBe(
      "This is Bright Smiles Dental. Someone from our team will answer your question. What's your name?\nReply STOP to opt out.",
    );
    expect(automatedText("What's your name?", { ...opts, questionNoted: true })).toBe("Someone from our team will answer your question. What's your name?");
  });

  it("names the business and the opt-out once when the words already do", () => {
    const done = "Thanks! Someone from Bright Smiles Dental will call you. Reply STOP to opt out.";
    expect(automatedText(done, { ...opts, introduce: true })).toBe(done);
  });
});
