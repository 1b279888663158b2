import { describe, expect, it } from "vitest";
import { explainCall, textFate, type TextState } from "../../src/rules/text-fate";

const text = (status: TextState["status"], errorCode: string | null = null, more: Partial<TextState> = {}): TextState => ({ status, errorCode, ...more });

describe("what Textback did about a call, from its text-back's final state", () => {
  it.each([
    ["sent", "texted:no_answer", text("sent"), "Texted: no answer"],
    ["delivered", "texted:busy", text("delivered"), "Texted: line busy (delivered)"],
    ["held for the delay", "texted:no_answer", text("scheduled"), "Text scheduled: no answer"],
    ["queued", "texted:voicemail", text("queued"), "Texting: went to voicemail"],
    ["canceled by a reply", "texted:no_answer", text("canceled", "replied"), "Not texted: they texted first"],
    ["canceled by a STOP", "texted:no_answer", text("canceled", "opted_out"), "Not texted: they opted out first"],
    ["canceled by an answered callback", "texted:no_answer", text("canceled", "answered_callback"), "Not texted: they called back and were answered"],
    ["canceled when a person answered first", "texted:no_answer", text("canceled", "handed_over"), "Not texted: a person answered"],
    ["suppressed at send time", "texted:no_answer", text("suppressed", "opted_out"), "Not texted: they had opted out by the time it was due"],
    ["refused by the cost guard", "texted:no_answer", text("suppressed", "premium_rate"), "Not texted: the number is premium-rate or shared-cost"],
    [
      "stopped at the business's daily cap (the cap it was stopped at, as stored)",
      "texted:no_answer",
      text("suppressed", "business_daily_cap", { errorMessage: "Not sent: the business reached its daily cap of 195 texts in 24 hours (dailyTextCap)" }),
      "Not texted: the business reached its daily cap of 195 texts in 24 hours (dailyTextCap)",
    ],
    ["stopped at the daily cap, its words not stored", "texted:no_answer", text("suppressed", "business_daily_cap"), "Not texted: the business reached its daily cap of texts in 24 hours (dailyTextCap)"],
    ["refused by the carrier", "texted:no_answer", text("failed", "21211"), "Text failed: the carrier rejected the number"],
    ["a landline", "texted:no_answer", text("undelivered", "30006"), "Text failed: the number is a landline or cannot be reached"],
    ["an unknown carrier code", "texted:no_answer", text("failed", "39999"), "Text failed: the carrier refused it (error 39999)"],
    ["out of retries", "texted:no_answer", text("dead", "20500", { attempts: 7 }), "Text failed: gave up after 7 tries: the carrier had an internal error"],
    ["never queued", "texted:no_answer", text("dead", null, { errorMessage: "could not be queued; retry it" }), "Text failed: could not be queued"],
    ["skipped, whatever a text says", "skipped:cooldown", null, "Not texted: the caller was texted recently and called again: the owner is alerted once their text has gone out, at most once every 10 minutes"],
    ["texted, its text not found", "texted:no_answer", null, "Texted: no answer"],
  ] as const)("%s", (_name, decision, textBack, words) => {
    expect(explainCall(decision, textBack)).toBe(words);
  });

  it("never says Texted unless the carrier took the text", () => {
    for (const status of ["scheduled", "queued", "sending", "retrying", "canceled", "suppressed", "failed", "undelivered", "dead"] as const) {
      expect(explainCall("texted:no_answer", text(status, "answered_callback")), status).not.toMatch(/^Texted/);
      expect(textFate(text(status, "answered_callback")).went, status).toBe(false);
    }
  });

  it("says a text's own fate in words, never a raw code", () => {
    expect(textFate(text("canceled", "answered_callback")).words).toBe("Not sent: they called back and were answered");
    expect(textFate(text("canceled", "lead_won")).words).toBe("Not sent: the lead was won");
    expect(textFate(text("canceled", "blocked")).words).toBe("Not sent: the caller was blocked");
    expect(textFate(text("failed", "21614")).words).toBe("Failed: the number cannot receive texts (not a mobile number)");
    expect(textFate(text("retrying", "http_503")).words).toBe("Trying again: the carrier answered HTTP 503");
    expect(textFate(text("delivered"))).toEqual({ went: true, tone: "ok", words: "Delivered" });
  });

  it("says where a text the owner's flood guard folded went: into the digest, at its time", () => {
    expect(textFate(text("canceled", "digest", { errorMessage: "3:15 PM" }))).toEqual({ went: false, tone: "", words: "In the owner's digest at 3:15 PM" });
  });
});
