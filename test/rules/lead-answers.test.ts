import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/presets";
import { keyLabel, labelledAnswers, leadNeed, leadSummary, questionLabel, truncateWords } from "../../src/rules/lead-answers";

const home = PRESETS.home_services.settings.qualify.questions;
const dental = PRESETS.dental.settings.qualify.questions;

describe("questionLabel", () => {
  it.each([
    ["What do you need help with?", "What do you need help with?"],
    ["Thanks. What's the address of the job?", "What's the address of the job?"],
    ["Thanks! And what's your name?", "What's your name?"],
    ["Thank you. What's your full name?", "What's your full name?"],
    ["Great, thanks!  When  works?", "When works?"],
    ["Thanks!", "Thanks!"],
  ])("%j reads %j", (ask, label) => {
    expect(questionLabel(ask)).toBe(label);
  });
});

describe("keyLabel", () => {
  it.each([
    ["service", "Service"],
    ["zip", "ZIP code"],
    ["preferredTime", "Preferred time"],
    ["patientStatus", "Patient status"],
    ["job_type", "Job type"],
    ["courtDate2", "Court date2"],
  ])("%j reads %j", (key, label) => {
    expect(keyLabel(key)).toBe(label);
  });
});

describe("labelledAnswers", () => {
  it("puts the answers in the questions' order under their words, whatever order they were stored in", () => {
    const stored = { preferredTime: "this week", urgency: "not urgent", address: "44 Elm Street", service: "New faucet" };
    expect(labelledAnswers(stored, home)).toEqual([
      { key: "service", label: "What do you need help with?", value: "New faucet" },
      { key: "address", label: "What's the address of the job?", value: "44 Elm Street" },
      { key: "preferredTime", label: "When would be a good time for us to come?", value: "this week" },
      { key: "urgency", label: "How urgent is it: an emergency, this week, or no rush?", value: "not urgent" },
    ]);
    // Two leads with the same answers stored in another order read the same.
    const reversed = Object.fromEntries(Object.entries(stored).reverse());
    expect(labelledAnswers(reversed, home)).toEqual(labelledAnswers(stored, home));
  });

  it("shows the details no question asks after the questions: understood keys in their order, then the rest by name", () => {
    const stored = { gate: "code 1234", zip: "78701", boat: "yes", service: "Leak", urgency: "urgent" };
    expect(labelledAnswers(stored, [{ key: "service", ask: "What's wrong?" }]).map((a) => [a.key, a.label])).toEqual([
      ["service", "What's wrong?"],
      ["zip", "ZIP code"],
      ["urgency", "Urgency"],
      ["boat", "Boat"],
      ["gate", "Gate"],
    ]);
  });

  it("leaves out questions with no answer, and keeps an empty answer that is stored", () => {
    expect(labelledAnswers({ name: "" }, dental)).toEqual([{ key: "name", label: "What's the patient's full name?", value: "" }]);
    expect(labelledAnswers({}, dental)).toEqual([]);
  });
});

describe("leadSummary", () => {
  it("is the answers in the questions' order, without the name or a ZIP the address shows", () => {
    const fields = { zip: "78701", name: "Dana", urgency: "urgent", address: "12 Oak St 78701", service: "Burst pipe" };
    expect(leadSummary(fields, home, "ignored")).toBe("Burst pipe · 12 Oak St 78701 · urgent");
    expect(leadSummary({ patientStatus: "new", service: "Cleaning", name: "Ann" }, dental, null)).toBe("Cleaning · new");
  });

  it("is the caller's latest words, cut short, when there are no answers", () => {
    expect(leadSummary({}, [], "Can you come\nTuesday morning?")).toBe("Can you come Tuesday morning?");
    const long = "My basement is flooding and the water heater is leaking all over the floor, please call me back as soon as you possibly can today";
    const summary = leadSummary({}, home, long, 60);
    expect(summary.length).toBeLessThanOrEqual(60);
    expect(summary).toBe("My basement is flooding and the water heater is leaking all…");
    // A name alone is the heading already: the words say more.
    expect(leadSummary({ name: "Dana" }, dental, "Toothache since Sunday")).toBe("Toothache since Sunday");
  });

  it("is empty with neither answers nor words", () => {
    expect(leadSummary({}, home, null)).toBe("");
    expect(leadSummary({ service: "  " }, home, "")).toBe("");
  });
});

describe("leadNeed", () => {
  it("is the service answer and the address, with the ZIP the address lacks, or the ZIP alone", () => {
    expect(leadNeed({ service: "Hail damage, need roof inspection", address: "4512 Lovers Ln", zip: "75209", insurance: "Allstate" })).toEqual({
      need: "Hail damage, need roof inspection",
      address: "4512 Lovers Ln 75209",
    });
    expect(leadNeed({ address: "9920 Ferndale Rd 75238", zip: "75238" })).toEqual({ need: null, address: "9920 Ferndale Rd 75238" });
    expect(leadNeed({ service: "roof", zip: "75231" })).toEqual({ need: "roof", address: "75231" });
    expect(leadNeed({})).toEqual({ need: null, address: null });
    // Said once: the service answer that names the address already.
    expect(leadNeed({ service: "Roof leaking into the kids bedroom, 9920 Ferndale Rd 75238", address: "9920 Ferndale Rd 75238", zip: "75238" })).toEqual({
      need: "Roof leaking into the kids bedroom, 9920 Ferndale Rd 75238",
      address: null,
    });
    expect(leadNeed({ service: "word ".repeat(40) }, 30).need).toMatch(/^word word.*…$/);
  });
});

describe("truncateWords", () => {
  it("keeps a short text whole, on one line", () => {
    expect(truncateWords("  hello\n there ", 20)).toBe("hello there");
  });

  it("cuts a word with no space near the limit", () => {
    expect(truncateWords("a".repeat(30), 10)).toBe(`${"a".repeat(9)}…`);
  });
});
