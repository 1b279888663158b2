import { describe, expect, it } from "vitest";
import { extractName } from "../../../src/rules/extract/name";

// [text, the name it introduces (or null)]
const TEXTS: [string, string | null][] = [
  ["Hi it's Tom Nguyen, I'm already a patient", "Tom Nguyen"],
  ["hi, this is Maria Lopez. Need a cleaning", "Maria Lopez"],
  ["Hello I'm Dana", "Dana"],
  ["Hey it’s Sean O'Brien", "Sean O'Brien"],
  ["Good morning, this is Mary-Kate Olsen from 5th street", "Mary-Kate Olsen"],
  ["This is Priya Patel, can I get a cleaning?", "Priya Patel"],
  ["my name is dana lee and I need a cleaning", "Dana Lee"],
  ["Name is Jorge Ramirez", "Jorge Ramirez"],
  ["I need a crown. My name's Ana", "Ana"],
  ["Hi it's Tom here", "Tom"],
  // traps: no introduction, or not a name
  ["this is urgent, my tooth broke", null],
  ["This is Urgent", null],
  ["Hi it's Monday's appointment I'm calling about", null],
  ["It's Delta Dental", null],
  ["it's broken and leaking", null],
  ["Is this Bright Smiles?", null],
  ["Hi I'm looking for a dentist", null],
  ["Hi, I'm already a patient", null],
  ["Hi I'm In pain", null],
  ["Hey it's me again", null],
  ["Thanks! See you Friday", null],
  ["Tom Nguyen", null],
  ["my name is", null],
];

describe("extractName", () => {
  it.each(TEXTS)("%j → %j", (text, name) => {
    expect(extractName(text)).toBe(name);
  });

  // Answering "What's your name?": an introduction without a greeting counts, in any case.
  it.each([
    ["it's tom", "Tom"],
    ["Its Dana Lee", "Dana Lee"],
    ["I'm Maria", "Maria"],
    ["this is jorge ramirez thanks", "Jorge Ramirez"],
    ["Tom Nguyen", null],
    ["it's for my son", null],
  ] as const)("answering: %j → %j", (text, name) => {
    expect(extractName(text, true)).toBe(name);
  });
});
