import { describe, expect, it } from "vitest";
import { extractPatientStatus } from "../../../src/rules/extract/patient-status";

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
