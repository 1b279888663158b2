import { describe, expect, it } from "vitest";
import { missedGreeting, testCallWords } from "../../src/rules/greeting";

describe("missedGreeting", () => {
  it("says a text is coming, and offers voicemail after the tone only where the carrier plays one", () => {
    const base = "Sorry, nobody at Acme Plumbing can take your call right now. We'll text you in a moment.";
    expect(missedGreeting("Acme Plumbing", false)).toBe(base);
    expect(missedGreeting("Acme Plumbing", true)).toBe(`${base} You can also leave a message after the tone.`);
    expect(missedGreeting("Acme Plumbing", true, false)).toBe(`${base} You can also leave a message now.`);
  });
});

describe("testCallWords", () => {
  it("names the business and asks whoever answers to let it ring", () => {
    expect(testCallWords("Acme Plumbing")).toBe("This is a test call from Textback for Acme Plumbing. To test the forwarding, let it ring: do not answer.");
  });
});
