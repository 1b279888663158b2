/**
 * What each reply answers, for the three presets' questions as a new-user trial typed them
 * (DESIGN.md §6.2): a structured question (name, address, ZIP, urgency, time) keeps what answers it,
 * never the sentence around it; a reply with no answer in it leaves the question open.
 */
import { describe, expect, it } from "vitest";
import { qualifySchema } from "../../src/lead-settings";
import { PRESETS, type PresetId } from "../../src/presets";
import { planQualification } from "../../src/rules/qualify";
import { answerTo } from "../../src/rules/question-answer";

const step = (preset: PresetId, reply: string, known: Record<string, string>, asked: string | null, more: { missed?: string[]; nothingAsked?: boolean } = {}) => {
  const s = PRESETS[preset].settings;
  return planQualification({ qualify: qualifySchema.parse(s.qualify), urgentWords: s.urgent.words, known, asked, reply, services: Object.keys(s.jobValues), ...more });
};

/** [preset, question, reply, what it answers (null: nothing)]. */
const ANSWERS: [PresetId, string, string, string | null][] = [
  ["dental", "name", "Maria Santos, I'm an existing patient", "Maria Santos"],
  ["dental", "name", "it's for my daughter, Emma Johnson", "Emma Johnson"],
  ["dental", "name", "Now the swelling is spreading to my eye", null],
  ["dental", "name", "My jaw is swollen and the pain is unbearable", null],
  ["dental", "name", "Do you take Delta Dental?", null],
  ["dental", "patientStatus", "yes existing", "Existing patient"],
  ["dental", "patientStatus", "new", "New patient"],
  ["dental", "patientStatus", "my husband is, I'm not sure", "my husband is, I'm not sure"],
  ["dental", "preferredTime", "tomorrow after 3 works", "tomorrow after 3"],
  ["dental", "preferredTime", "Mornings are best for me", "Mornings are best for me"],
  ["dental", "preferredTime", "I'm in so much pain I can't even think, the swelling keeps getting worse and worse", null],
  ["legal", "name", "Robert Chen - it was a car accident", "Robert Chen"],
  ["legal", "name", "I would rather not say until I talk to a lawyer about what happened to me at work", null],
  ["legal", "urgency", "the adjuster wants a recorded statement from me by Friday", "the adjuster wants a recorded statement from me by Friday"],
  ["legal", "urgency", "court tomorrow", "urgent"],
  ["legal", "urgency", "Do I need to go to court?", null],
  ["legal", "preferredTime", "after 5pm any weekday", "after 5pm"],
  ["legal", "preferredTime", "by Friday", "by Friday"],
  ["home_services", "address", "It's 12 Oak St, Austin TX 78701", "12 Oak St, Austin TX 78701"],
  ["home_services", "address", "the blue house past the church on Route 9", "the blue house past the church on Route 9"],
  ["home_services", "address", "water is everywhere, the whole basement is flooding", null],
  ["home_services", "zip", "we're in 78704", "78704"],
  ["home_services", "zip", "not sure, near downtown", null],
  ["home_services", "urgency", "no rush", "not urgent"],
  ["home_services", "urgency", "pipe burst!", "urgent"],
  // A time to "how urgent is it?" is read as the level it says; a word that says only how soon is urgent.
  ["home_services", "urgency", "tomorrow morning if possible", "this week"],
  ["home_services", "urgency", "wed", "this week"],
  ["home_services", "urgency", "sat morning", "this week"],
  ["home_services", "urgency", "asap", "urgent"],
  ["home_services", "urgency", "today if you can", "urgent"],
  ["home_services", "urgency", "anytime", "not urgent"],
  ["home_services", "urgency", "before the adjuster comes", "before the adjuster comes"],
  ["home_services", "preferredTime", "adjuster coming thursday", "adjuster coming thursday"],
  // Legal's urgency question asks for a date: the day is the deadline, as written.
  ["legal", "urgency", "Friday", "Friday"],
  ["legal", "urgency", "tomorrow", "tomorrow"],
];

/** The preset's own question for `key`, as planQualification passes it. */
const askOf = (preset: PresetId, key: string) => PRESETS[preset].settings.qualify.questions.find((q) => q.key === key)?.ask ?? "";

describe("answerTo", () => {
  it.each(ANSWERS)("%s: %s ← %j is %j", (preset, key, reply, answer) => {
    expect(answerTo(key, reply, PRESETS[preset].settings.urgent.words, askOf(preset, key))).toBe(answer);
  });
});

describe("planQualification's answers for each preset", () => {
  it("dental: the name question answered with the name and the standing stores both, not the sentence", () => {
    const s = step("dental", "Maria Santos, I'm an existing patient", { service: "cleaning" }, "name");
    expect(s).toMatchObject({ does: "ask", answers: { name: "Maria Santos", patientStatus: "Existing patient" }, question: { key: "preferredTime" } });
  });

  it("dental: a complaint to the name question names nobody, and the name is asked again", () => {
    const s = step("dental", "Now the swelling is spreading to my eye", { service: "toothache" }, "name");
    expect(s).toMatchObject({ does: "ask", answers: {}, question: { key: "name" }, missed: ["name"] });
  });

  it("a question asked again and missed again is asked no more: the rest are, and it ends unqualified with it open", () => {
    const s = step("dental", "I just need someone to call me please", { service: "toothache" }, "name", { missed: ["name"] });
    expect(s).toMatchObject({ does: "ask", question: { key: "patientStatus" }, missed: ["name", "name"] });
    const last = step("dental", "tomorrow morning", { service: "toothache", patientStatus: "New patient" }, "preferredTime", { missed: ["name", "name"] });
    expect(last).toMatchObject({ does: "done", answers: { preferredTime: "tomorrow morning" }, unanswered: ["name"] });
  });

  it("a question never sent (an urgent answer took its place) is not answered by the next text", () => {
    const s = step("dental", "Now the swelling is spreading to my eye", { service: "My jaw is swollen and the pain is unbearable" }, "name", { nothingAsked: true });
    expect(s).toMatchObject({ does: "ask", answers: {}, question: { key: "name" }, missed: [] });
  });

  it("legal: a deadline in the answer to the deadline question is no callback time, and the callback question is asked", () => {
    const known = { service: "car accident", name: "Robert Chen" };
    expect(step("legal", "the adjuster wants a recorded statement from me by Friday", known, "urgency")).toMatchObject({
      does: "ask",
      answers: { urgency: "the adjuster wants a recorded statement from me by Friday" },
      question: { key: "preferredTime" },
    });
    const court = step("legal", "court tomorrow", known, "urgency");
    expect(court).toMatchObject({ does: "ask", answers: { urgency: "urgent" }, question: { key: "preferredTime" } });
    expect(court.answers).not.toHaveProperty("preferredTime");
  });

  it("legal: a callback time said with the deadline is kept", () => {
    expect(step("legal", "court is on the 14th, call me after 5pm", { service: "dui", name: "Robert Chen" }, "urgency")).toMatchObject({
      does: "done",
      answers: { preferredTime: "after 5pm" },
    });
  });

  it("legal: a day to the deadline question is the deadline, never the time to call", () => {
    const s = step("legal", "Friday", { service: "car accident", name: "Robert Chen" }, "urgency");
    expect(s).toMatchObject({ does: "ask", answers: { urgency: "Friday" }, question: { key: "preferredTime" } });
    expect(s.answers).not.toHaveProperty("preferredTime");
  });

  it("'asap' in passing answers how urgent, except to a question asking for a date (legal's deadline question is still asked)", () => {
    expect(step("home_services", "hail damage, need someone asap", {}, "service").answers).toMatchObject({ urgency: "urgent" });
    const legal = step("legal", "car accident, I need a lawyer asap", {}, "service");
    expect(legal.answers).not.toHaveProperty("urgency");
    expect(step("legal", "it's urgent", { service: "car accident" }, "name").answers).not.toHaveProperty("urgency");
    // Named outright, the emergency answers it as before.
    expect(step("legal", "I was arrested last night", {}, "service").answers).toMatchObject({ urgency: "urgent" });
  });

  it("home services: 'asap' to the time question answers it, and makes the urgency question needless", () => {
    expect(step("home_services", "asap", { service: "hail damage", address: "9402 Lakemont Dr" }, "preferredTime")).toMatchObject({
      does: "done",
      answers: { preferredTime: "asap", urgency: "urgent" },
      unanswered: [],
    });
  });

  it("home services: an address question answered with the emergency keeps the address open", () => {
    expect(step("home_services", "water is everywhere, the whole basement is flooding", { service: "burst pipe", urgency: "urgent" }, "address")).toMatchObject({
      does: "ask",
      answers: {},
      question: { key: "address" },
    });
  });
});

/** The storm trial's questions: the preset's, with an optional insurance question before the time. */
const STORM = qualifySchema.parse({
  enabled: true,
  questions: [
    { key: "service", ask: "What do you need help with: hail or storm damage to the roof, or water coming in?" },
    { key: "address", ask: "Thanks. What's the address of the job?" },
    { key: "insurance", ask: "Have you filed an insurance claim yet, and is an adjuster visit scheduled?", required: false },
    { key: "preferredTime", ask: "When would be a good time for us to come out for an inspection?", required: false },
    { key: "urgency", ask: "How urgent is it: water coming in now, this week, or no rush?" },
  ],
});
const storm = (reply: string, known: Record<string, string>, asked: string, missed: string[] = []) =>
  planQualification({ qualify: STORM, urgentWords: PRESETS.home_services.settings.urgent.words, known, asked, reply, missed });
const found = { service: "hail damage, need roof inspection", address: "4512 Lovers Ln Dallas 75209" };

describe("a storm's answers, each under its own question", () => {
  it.each([
    "yes filed w/ allstate, adjuster coming thursday",
    "Not yet, calling them tomorrow",
    "USAA, adjuster friday",
    "thursday 2pm adjuster. farmers",
  ])("the insurance answer %j is no time for us to come: the time question is asked next", (reply) => {
    const s = storm(reply, found, "insurance");
    expect(s).toMatchObject({ does: "ask", answers: { insurance: reply }, question: { key: "preferredTime" } });
    expect(s.answers).not.toHaveProperty("preferredTime");
  });

  it("a time to the urgency question answers the time question still open, and says the level", () => {
    const s = storm("tomorrow morning if possible", { ...found, insurance: "yes" }, "urgency", ["preferredTime", "preferredTime"]);
    expect(s).toMatchObject({ does: "done", answers: { urgency: "this week", preferredTime: "tomorrow morning" }, unanswered: [] });
  });

  it("a time to the urgency question leaves a time already given as it was", () => {
    const s = storm("wed", { ...found, preferredTime: "after 5pm" }, "urgency");
    expect(s).toMatchObject({ does: "done", answers: { urgency: "this week" } });
    expect(s.answers).not.toHaveProperty("preferredTime");
  });

  it("'today' to the time question says it is urgent: the urgency question is not asked", () => {
    expect(storm("today after 3 if you can", { ...found, insurance: "no" }, "preferredTime")).toMatchObject({
      does: "done",
      answers: { preferredTime: "today after 3", urgency: "urgent" },
    });
    // Tomorrow is no emergency: the urgency question is still asked.
    expect(storm("tomorrow morning", { ...found, insurance: "no" }, "preferredTime")).toMatchObject({ does: "ask", answers: { preferredTime: "tomorrow morning" }, question: { key: "urgency" } });
  });

  it("'any time wed' to the urgency question: the day is the time to come", () => {
    expect(storm("any time wed", found, "urgency", ["preferredTime", "preferredTime"]).answers).toEqual({ urgency: "this week", preferredTime: "wed" });
  });
});
