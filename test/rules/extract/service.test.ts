import { describe, expect, it } from "vitest";
import { PRESETS } from "../../../src/presets";
import { extractService } from "../../../src/rules/extract/service";

const DENTAL = Object.keys(PRESETS.dental.settings.jobValues);
const HOME = Object.keys(PRESETS.home_services.settings.jobValues);

// [text, the business's services, what the caller needs (or null)]
const TEXTS: [string, readonly string[], string | null][] = [
  ["Do you take Delta Dental? I'd like to book a cleaning", DENTAL, "I'd like to book a cleaning"],
  ["Can I get a cleaning next week?", DENTAL, "Can I get a cleaning next week?"],
  ["Hi. Need a crown redone", DENTAL, "Need a crown redone"],
  ["I need someone to fix my garage door", [], "I need someone to fix my garage door"],
  ["Hello! We need a new water heater installed.", HOME, "We need a new water heater installed."],
  ["looking for a quote on a new deck", [], "looking for a quote on a new deck"],
  ["Toilet keeps running", HOME, "Toilet keeps running"],
  ["I would like to whiten my teeth", [], "I would like to whiten my teeth"],
  // traps: a hello, a question about something else, asking to talk, an appointment with no reason
  ["Hi there", DENTAL, null],
  ["Do you take Delta Dental?", DENTAL, null],
  ["Do you need my insurance card?", DENTAL, null],
  ["I need to talk to someone about my bill", DENTAL, null],
  ["I'd like to book an appointment", DENTAL, null],
  ["I need someone to call me back asap", HOME, null],
  ["I need help", HOME, null],
  ["I want to know your hours", DENTAL, null],
  ["Are you open Saturday?", DENTAL, null],
  ["The ACME team was great", HOME, null],
  ["I don't need anything now, thanks", HOME, null],
];

describe("extractService", () => {
  it.each(TEXTS)("%j → %j", (text, services, need) => {
    expect(extractService(text, services)).toBe(need);
  });
});
