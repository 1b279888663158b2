import { describe, expect, it } from "vitest";
import { PRESETS } from "../../../src/presets";
import { nameAnswer } from "../../../src/rules/extract/name-answer";

/** Replies to "What's your full name?" / "What's the patient's full name?", and the name each gives. */
const NAMES: [string, string][] = [
  ["Maria Santos, I'm an existing patient", "Maria Santos"],
  ["Maria Santos existing patient", "Maria Santos"],
  ["maria santos", "Maria Santos"],
  ["MARIA SANTOS", "Maria Santos"],
  ["Maria", "Maria"],
  ["José Ramírez", "José Ramírez"],
  ["Hi, this is Dana Lee", "Dana Lee"],
  ["my name is dana lee", "Dana Lee"],
  ["Its Kevin Brown", "Kevin Brown"],
  ["Sorry, it’s Priya Patel", "Priya Patel"],
  ["Yes it's Ana", "Ana"],
  ["it's for my son, luis santos", "Luis Santos"],
  ["My son, Luis Santos", "Luis Santos"],
  ["the patient is my daughter Emma Johnson, she's 7", "Emma Johnson"],
  ["Luis here", "Luis"],
  ["Dr. Anne O'Brien", "Anne O'Brien"],
  ["Mary-Kate Olsen here thanks", "Mary-Kate Olsen"],
  ["John Smith. I was in a car accident last week", "John Smith"],
  ["Robert Chen - the accident was on I-35", "Robert Chen"],
  ["Angela Torres and I'm a new patient", "Angela Torres"],
  ["Kim Nguyen. Do you take Delta Dental?", "Kim Nguyen"],
  ["Mary Ann de Souza", "Mary Ann de Souza"],
];

/** Replies that give no name: the question stays open rather than the lead named after a sentence. */
const NO_NAMES: string[] = [
  "Now the swelling is spreading to my eye",
  "My jaw is swollen and the pain is unbearable",
  "Honestly I just want someone to call me back",
  "I need to know if you take my insurance before I give out my name to anyone at all",
  "Do you take Delta?",
  "Severe swelling",
  "Jaw is killing me",
  "Throbbing pain all night",
  "Car accident",
  "The adjuster keeps calling me",
  "the adjuster wants a recorded statement from me by Friday",
  "Water everywhere in the basement",
  "I'm in so much pain",
  "ok",
  "Why do you need that",
  "Sean Patrick Michael Anthony Brown",
];

const urgentWords = [...PRESETS.dental.settings.urgent.words, ...PRESETS.legal.settings.urgent.words, ...PRESETS.home_services.settings.urgent.words];

describe("nameAnswer", () => {
  it.each(NAMES)("%j names %j", (reply, name) => {
    expect(nameAnswer(reply, urgentWords)).toBe(name);
  });

  it.each(NO_NAMES)("%j names nobody", (reply) => {
    expect(nameAnswer(reply, urgentWords)).toBeNull();
  });

  it("a business's urgent word is never a name, even capitalised as one", () => {
    expect(nameAnswer("Restraining Order", [])).toBe("Restraining Order");
    expect(nameAnswer("Restraining Order", PRESETS.legal.settings.urgent.words)).toBeNull();
  });
});
