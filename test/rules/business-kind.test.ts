import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/presets";
import { businessKind, shortcutReminder, wonWhen } from "../../src/rules/business-kind";
import { commandConfirmation } from "../../src/rules/owner-commands";
import { qualifiedSummary } from "../../src/rules/qualify";
import { qualifiedNotice } from "../../src/rules/staff-texts";

const questions = (kind: keyof typeof PRESETS) => PRESETS[kind].settings.qualify.questions;

describe("businessKind", () => {
  it("is the stored kind, whatever the questions became", () => {
    expect(businessKind({ kind: "legal", qualify: { questions: [{ key: "service" }] } })).toBe("legal");
  });

  it("of a business from before the kind was kept: the preset whose questions it asks", () => {
    expect(businessKind({ qualify: { questions: questions("dental") } })).toBe("dental");
    expect(businessKind({ qualify: { questions: questions("home_services") } })).toBe("home_services");
    expect(businessKind({ qualify: { questions: questions("legal") } })).toBe("legal");
    expect(businessKind({ qualify: { questions: questions("locksmith") } })).toBe("locksmith");
  });

  it("is null for a business of no preset: no questions, or its own", () => {
    expect(businessKind({ qualify: { questions: [] } })).toBeNull();
    expect(businessKind({ qualify: { questions: [{ key: "service" }, { key: "budget" }] } })).toBeNull();
  });
});

describe("the owner's shortcuts, in the trade's words", () => {
  it.each([
    ["dental", "W 450 when treatment is accepted, L if lost, B if booked"],
    ["legal", "W 450 when the case is signed, L if lost, B if booked"],
    ["home_services", "W 450 when the job is won, L if lost, B if booked"],
    ["locksmith", "W 450 when the job is won, L if lost, B if booked"],
    ["generic", "W 450 when won, L if lost, B if booked"],
    [null, "W 450 when won, L if lost, B if booked"],
  ] as const)("%s: %s", (kind, words) => {
    expect(shortcutReminder(kind, true)).toBe(words);
  });

  it("words the summary, the private notice and the booked answer for a dental practice and a law firm", () => {
    expect(qualifiedSummary("(415) 555-2671", { service: "Crown" }, "Dana", [], "dental")).toBe(
      "Textback: new lead (415) 555-2671. Name: Dana; Need: Crown. Reply to text them, W 450 when treatment is accepted, L if lost.",
    );
    expect(qualifiedNotice("Dana L.", "https://x.test/l", "legal")).toBe(
      "Textback: new lead qualified: Dana L.. Open: https://x.test/l. Reply to text them, W 450 when the case is signed, L if lost.",
    );
    expect(commandConfirmation({ kind: "booked" }, "(415) 555-2671", true, "dental")).toBe(
      `Textback: Marked booked: (415) 555-2671. Reply W and the amount ${wonWhen("dental")}.`,
    );
    expect(commandConfirmation({ kind: "booked" }, "(415) 555-2671", true)).toBe("Textback: Marked booked: (415) 555-2671. Reply W and the amount when won.");
  });
});
