import { describe, expect, it } from "vitest";
import { qualifySchema } from "../../src/lead-settings";
import { PRESET_IDS, PRESETS } from "../../src/presets";
import { estimateCents, nextQuestion, planQualification, qualifiedSummary } from "../../src/rules/qualify";

const home = PRESETS.home_services.settings;
const qualify = qualifySchema.parse(home.qualify);
const step = (reply: string, known: Record<string, string> = {}, asked: string | null = null, q = qualify) =>
  planQualification({ qualify: q, urgentWords: home.urgent.words, known, asked, reply });

describe("planQualification", () => {
  it("the first reply answers the text-back's question, and the next question is asked", () => {
    expect(step("My water heater is leaking")).toMatchObject({ does: "ask", answers: { service: "My water heater is leaking" }, question: { key: "address" } });
  });

  it("one reply may answer several questions", () => {
    const s = step("Burst pipe at 12 Oak St, Austin TX 78701, can you come tomorrow morning?");
    expect(s).toMatchObject({
      does: "done",
      answers: { service: "Burst pipe at 12 Oak St, Austin TX 78701, can you come tomorrow morning?", address: "12 Oak St, Austin TX 78701", zip: "78701", urgency: "urgent", preferredTime: "tomorrow morning" },
    });
  });

  it("an answer to the address question is the address found in it", () => {
    expect(step("sure it's 450 Elm Rd. thanks", { service: "drain" }, "address")).toMatchObject({ does: "ask", answers: { address: "450 Elm Rd" }, question: { key: "preferredTime" } });
  });

  it("urgency is read, not copied", () => {
    expect(step("no rush, next week is fine", { service: "drain", address: "1 Main St" }, "preferredTime")).toMatchObject({ does: "done", answers: { urgency: "not urgent", preferredTime: "next week" } });
    expect(step("whenever", { service: "drain", address: "1 Main St", preferredTime: "Friday" }, "urgency")).toMatchObject({ does: "done", answers: { urgency: "not urgent" } });
  });

  it("an optional question after the last required one is still not asked (a business's saved questions work as they did)", () => {
    const [service, address, preferredTime, urgency] = home.qualify.questions;
    const q = qualifySchema.parse({ ...home.qualify, questions: [service, address, urgency, { ...preferredTime!, required: false }] });
    expect(step("not urgent", { service: "drain", address: "1 Main St" }, "urgency", q)).toMatchObject({ does: "done", answers: { urgency: "not urgent" } });
  });

  it("a ZIP outside the service area ends it", () => {
    const q = qualifySchema.parse({ ...home.qualify, serviceArea: { zips: ["78701", "78702"] } });
    expect(step("Clogged drain at 9 Pine St 78610", {}, null, q)).toMatchObject({ does: "out_of_area", answers: { zip: "78610" } });
    expect(step("Clogged drain at 9 Pine St 78702", {}, null, q)).toMatchObject({ does: "ask", question: { key: "preferredTime" } });
  });

  it("a name introduced in passing names the lead though no question asks it, and stays out of the service answer", () => {
    const s = step("Hi this is Tom Nguyen, hail took out a bunch of shingles. 7810 Forest Ln 75230");
    expect(s).toMatchObject({ does: "ask", name: "Tom Nguyen", answers: { service: "hail took out a bunch of shingles. 7810 Forest Ln 75230", address: "7810 Forest Ln 75230" } });
    expect(s.answers).not.toHaveProperty("name");
    // No introduction, or a name already known: none.
    expect(step("this is urgent, water in the attic").name).toBeNull();
    expect(step("Hi it's Tom, roof leak", { name: "Thomas Nguyen" }).name).toBeNull();
  });

  it("a five-digit house number is never read as the ZIP: the caller in the area stays, one with no ZIP is not turned away", () => {
    const q = qualifySchema.parse({ ...home.qualify, serviceArea: { zips: ["75240"] } });
    const known = { service: "skylight cracked from the hail and water is pouring in" };
    expect(step("14020 Noel Rd 75240", known, "address", q)).toMatchObject({ does: "ask", answers: { address: "14020 Noel Rd 75240", zip: "75240" } });
    const cut = step("10220 Walnut Hill Ln 7523", known, "address", q);
    expect(cut).toMatchObject({ does: "ask", answers: { address: "10220 Walnut Hill Ln" } });
    expect(cut.answers).not.toHaveProperty("zip");
  });

  it("never overwrites an answer already known (a person may have typed it)", () => {
    expect(step("at 5 Birch Ln", { service: "toilet", address: "12 Oak St" }, "urgency").answers).not.toHaveProperty("address");
  });
});

describe("what a reply already says is not asked again", () => {
  const dental = PRESETS.dental.settings;
  const dentalQualify = qualifySchema.parse(dental.qualify);
  const services = Object.keys(dental.jobValues);
  const dentalStep = (reply: string, known: Record<string, string> = {}, asked: string | null = null, nothingAsked = false) =>
    planQualification({ qualify: dentalQualify, urgentWords: dental.urgent.words, known, asked, nothingAsked, services, reply });

  it("a name introduced and \"already a patient\" answer those questions, not the service one: it is asked next", () => {
    const step = dentalStep("Hi it's Tom Nguyen, I'm already a patient");
    expect(step).toMatchObject({ does: "ask", answers: { name: "Tom Nguyen", patientStatus: "Existing patient" }, question: { key: "service" } });
    expect(step.answers).not.toHaveProperty("service");
  });

  it("the service answer is what is left once the greeting, the name and the patient's standing are out", () => {
    expect(dentalStep("Hey this is Dana, my crown fell out")).toMatchObject({
      does: "ask",
      answers: { service: "my crown fell out", name: "Dana" },
      question: { key: "patientStatus" },
    });
    expect(dentalStep("Hello, this is Maria Lopez. I'm an existing patient and I need a cleaning")).toMatchObject({
      answers: { service: "I need a cleaning", name: "Maria Lopez", patientStatus: "Existing patient" },
      question: { key: "preferredTime" },
    });
  });

  it("someone who texted first: what they asked for is the service, and nothing else is guessed", () => {
    const first = dentalStep("Do you take Delta Dental? I'd like to book a cleaning", {}, null, true);
    expect(first).toMatchObject({ does: "ask", answers: { service: "I'd like to book a cleaning" }, question: { key: "name" } });
    expect(first.answers).not.toHaveProperty("name");
    expect(dentalStep("Hi there", {}, null, true)).toMatchObject({ does: "ask", answers: {}, question: { key: "service" } });
    expect(dentalStep("New patient here, my name is ana ruiz. Need a cleaning friday at 10", {}, null, true)).toMatchObject({
      does: "done",
      answers: { service: "Need a cleaning friday at 10", name: "Ana Ruiz", patientStatus: "New patient", preferredTime: "friday at 10" },
    });
  });

  it("the answer to the name question is the name read from it; the patient question keeps what the caller added, and reads a bare yes-existing as the lead's list says it", () => {
    expect(dentalStep("it's dana lee", { service: "cleaning" }, "name")).toMatchObject({ answers: { name: "Dana Lee" }, question: { key: "patientStatus" } });
    expect(dentalStep("Existing patient, Delta Dental PPO", { service: "cleaning", name: "Dana" }, "patientStatus")).toMatchObject({ answers: { patientStatus: "Existing patient, Delta Dental PPO" } });
    expect(dentalStep("yes existing", { service: "cleaning", name: "Dana" }, "patientStatus")).toMatchObject({ answers: { patientStatus: "Existing patient" } });
  });

  it("a name already known (the contact's, or a person's) is not asked for", () => {
    expect(dentalStep("I need a cleaning", { name: "Maria Lopez" })).toMatchObject({ answers: { service: "I need a cleaning" }, question: { key: "patientStatus" } });
  });
});

describe("nextQuestion", () => {
  const qs = [
    { key: "a", ask: "A?", required: true },
    { key: "b", ask: "B?", required: false },
    { key: "c", ask: "C?", required: true },
    { key: "d", ask: "D?", required: false },
  ];
  it.each([
    [{}, "a"],
    [{ a: "1" }, "b"],
    [{ a: "1", b: "2" }, "c"],
    [{ a: "1", c: "3" }, null],
    [{ a: "1", b: "2", c: "3" }, null],
  ] as const)("with %j answered asks %s", (answered, key) => {
    expect(nextQuestion(qs, answered)?.key ?? null).toBe(key);
  });
});

describe("estimateCents and the owner's summary", () => {
  it("values the job by the service it names, the longest name first", () => {
    expect(estimateCents("Water heater is leaking", home.jobValues, 40_000)).toBe(180_000);
    expect(estimateCents("small leak under sink", home.jobValues, 40_000)).toBe(45_000);
    expect(estimateCents("quote for a new deck", home.jobValues, 40_000)).toBe(40_000);
    expect(estimateCents(undefined, home.jobValues, null)).toBeNull();
  });

  it("sums the lead up in one text", () => {
    expect(qualifiedSummary("+14155552671", { service: "Leaking water heater", address: "12 Oak St", urgency: "urgent" }, "Dana")).toBe(
      "Textback: new lead +14155552671. Name: Dana; Need: Leaking water heater; Address: 12 Oak St; Urgency: urgent. Reply to text them, W 450 when won, L if lost.",
    );
  });

  it("leaves no answer out: the ZIP an address lacks, and the business's own questions by name", () => {
    const questions = [{ key: "service", ask: "What do you need?" }, { key: "patientStatus", ask: "New or existing patient?" }, { key: "insurer", ask: "Who is your insurer?" }];
    const fields = { service: "Cleaning", address: "1420 Larimer St", zip: "80202", patientStatus: "New patient", insurer: "Delta" };
    expect(qualifiedSummary("(720) 234-5702", fields, null, questions)).toBe(
      "Textback: new lead (720) 234-5702. Need: Cleaning; Address: 1420 Larimer St 80202; Patient status: New patient; Insurer: Delta. Reply to text them, W 450 when won, L if lost.",
    );
    expect(qualifiedSummary("(720) 234-5702", { zip: "80202" }, null)).toContain("ZIP: 80202.");
    expect(qualifiedSummary("(720) 234-5702", { address: "12 Oak St, Austin TX 78701", zip: "78701" }, null)).toContain("Address: 12 Oak St, Austin TX 78701.");
  });
});

describe("the presets", () => {
  it.each(PRESET_IDS)("%s: every question it ships is asked, in order, when each reply answers only the question asked", (id) => {
    const questions = PRESETS[id].settings.qualify.questions;
    const answered: Record<string, string> = {};
    const asked: string[] = [];
    for (let q = nextQuestion(questions, answered); q; q = nextQuestion(questions, answered)) {
      asked.push(q.key);
      answered[q.key] = "an answer";
    }
    expect(asked).toEqual(questions.map((q) => q.key));
  });

  it("home services: a caller whose words were an emergency is not asked when to come", () => {
    const s = step("12 Oak St", { service: "Water heater is leaking", urgency: "urgent" }, "address");
    expect(s).toMatchObject({ does: "done", answers: { address: "12 Oak St" } });
    expect(step("12 Oak St", { service: "New faucet" }, "address")).toMatchObject({ does: "ask", question: { key: "preferredTime" } });
  });
});
