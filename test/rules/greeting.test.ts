import { describe, expect, it } from "vitest";
import { GREETINGS, greetingFor, missedGreeting, testCallWords, type Greeting } from "../../src/rules/greeting";
import { OUTCOMES, SKIP_REASONS } from "../../src/rules/reasons";

const NOW = { textDelaySeconds: 0 };
const DELAYED = { textDelaySeconds: 120 };

describe("greetingFor", () => {
  it("promises a text for every texted outcome: at once, or shortly when the business delays its texts", () => {
    for (const outcome of OUTCOMES) {
      expect(greetingFor(`texted:${outcome}`, NOW)).toBe("text_now");
      expect(greetingFor(`texted:${outcome}`, DELAYED)).toBe("text_soon");
    }
  });

  it("a VIP and a known landline (looked up, or refused a text as one) are called back; a caller texted within the cooldown is told they are waited on; every other reason a call is not texted gets the same words, delayed texts or not", () => {
    const calledBack = ["vip", "landline", "undeliverable_landline"];
    const expected = (reason: string): Greeting => (reason === "cooldown" ? "waiting" : calledBack.includes(reason) ? "call_back" : "no_text");
    for (const reason of SKIP_REASONS) {
      expect(greetingFor(`skipped:${reason}`, NOW)).toBe(expected(reason));
      expect(greetingFor(`skipped:${reason}`, DELAYED)).toBe(expected(reason));
    }
  });

  it("promises no text the business's daily cap will stop (the line foresees the outbox's refusal)", () => {
    expect(greetingFor("skipped:business_daily_cap", NOW)).toBe("no_text");
    expect(greetingFor("skipped:business_daily_cap", DELAYED)).toBe("no_text");
  });

  it("promises nothing when the line could not be reached", () => {
    expect(greetingFor(null, NOW)).toBe("unknown");
    expect(greetingFor("", NOW)).toBe("unknown");
  });
});

describe("missedGreeting", () => {
  const sorry = "Sorry, nobody at Acme Plumbing can take your call right now.";
  const words: Record<Greeting, string> = {
    text_now: `${sorry} We'll text you in a moment.`,
    text_soon: `${sorry} We'll text you shortly.`,
    call_back: `${sorry} We'll call you back as soon as we can.`,
    waiting: `${sorry} We have your message and will get back to you as soon as we can.`,
    no_text: `${sorry} Please try again later.`,
    unknown: sorry,
  };

  it.each(GREETINGS)("%s: its own words, with the voicemail offer after the tone only where the carrier plays one", (greeting) => {
    expect(missedGreeting("Acme Plumbing", greeting, false)).toBe(words[greeting]);
    expect(missedGreeting("Acme Plumbing", greeting, true)).toBe(`${words[greeting]} You can also leave a message after the tone.`);
    expect(missedGreeting("Acme Plumbing", greeting, true, false)).toBe(`${words[greeting]} You can also leave a message now.`);
  });

  it("mentions texting only when a text is on its way, and never why a call is not texted", () => {
    for (const reason of SKIP_REASONS) {
      const said = missedGreeting("Acme Plumbing", greetingFor(`skipped:${reason}`, NOW), true);
      expect(said).not.toMatch(/text/i);
      for (const telling of ["block", "opt", "cap", "test", "pause", "landline", "VIP", "number"]) expect(said).not.toContain(telling);
    }
    expect(missedGreeting("Acme Plumbing", "unknown", false)).not.toMatch(/text|call you back/i);
  });
});

describe("testCallWords", () => {
  it("names the business and asks whoever answers to let it ring", () => {
    expect(testCallWords("Acme Plumbing")).toBe("This is a test call from Textback for Acme Plumbing. To test the forwarding, let it ring: do not answer.");
  });
});
