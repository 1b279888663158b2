import { describe, expect, it } from "vitest";
import { extractPatientStatus, patientStatusAnswer } from "../../../src/rules/extract/patient-status";

const EXISTING = "Existing patient";
const NEW = "New patient";

const TEXTS: [string, string | null][] = [
  ["Hi it's Tom Nguyen, I'm already a patient", EXISTING],
  ["existing patient, need a cleaning", EXISTING],
  ["I'm a current patient of Dr. Lee", EXISTING],
  ["We're returning patient", EXISTING],
  ["I am not a new patient", EXISTING],
  ["I've been a patient there for years", EXISTING],
  ["already seen by Dr Kim last year", EXISTING],
  ["New patient here, need a check-up", NEW],
  ["I'm a new patient", NEW],
  ["I've never been to your office", NEW],
  ["first time patient", NEW],
  ["first visit here", NEW],
  // traps: a question, the plural, or nothing said
  ["Are you taking new patients?", null],
  ["Do you accept new patients", null],
  ["Is Dr. Lee seeing existing patients only?", null],
  ["I'd like to book a cleaning", null],
  ["my patience is running out", null],
  ["new patient? or existing patient", EXISTING],
  ["not sure if I'm a new patient or an existing patient", null],
];

describe("extractPatientStatus", () => {
  it.each(TEXTS)("%j → %j", (text, status) => {
    expect(extractPatientStatus(text)).toBe(status);
  });
});

describe("patientStatusAnswer: the reply to \"Are you a new or an existing patient?\"", () => {
  it.each<[string, string | null]>([
    ["yes existing", EXISTING],
    ["Existing", EXISTING],
    ["returning", EXISTING],
    ["I've been there before", EXISTING],
    ["yes, I've been in before", EXISTING],
    ["current one", EXISTING],
    ["not new", EXISTING],
    ["New", NEW],
    ["new!", NEW],
    ["first time", NEW],
    ["never been", NEW],
    ["I'm a new patient", NEW],
    // neither, both, or a question: the reply is kept as written
    ["yes", null],
    ["not sure", null],
    ["new? or existing", null],
    ["Existing patient, Delta Dental PPO", null],
    ["new, my son needs a cleaning", null],
    ["is that the new office?", null],
  ])("%j → %j", (reply, status) => {
    expect(patientStatusAnswer(reply)).toBe(status);
  });
});
