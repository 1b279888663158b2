import { describe, expect, it } from "vitest";
import { serviceAnswer } from "../../../src/rules/extract/service-answer";

// [a caller's first reply to the text-back's "What can we help you with?", the service it says (null: none)]
const DENTAL: [string, string | null][] = [
  ["Hey this is Dana, my crown fell out", "my crown fell out"],
  ["Hi it's Tom, I'm already a patient", null],
  ["Hi it's Tom Nguyen, I'm already a patient", null],
  ["Hi it's Tom Nguyen I'm already a patient", null],
  ["Hello, this is Maria Lopez. I'm an existing patient and I need a cleaning", "I need a cleaning"],
  ["Hi, it's Priya. Existing patient here, chipped my front tooth", "chipped my front tooth"],
  ["New patient here, need a check-up", "need a check-up"],
  ["Hi, I'm a new patient and I'd like to book a cleaning", "I'd like to book a cleaning"],
  ["I'm a current patient of Dr. Lee, my filling came out", "my filling came out"],
  ["I've been a patient there for years. Toothache on the left side", "Toothache on the left side"],
  ["Good morning! This is Sean O'Brien, I've never been to your office. Looking for whitening", "Looking for whitening"],
  ["Hi this is Ana, first time patient, my gums bleed when I brush", "my gums bleed when I brush"],
  ["my name is dana lee and my crown fell out", "my crown fell out"],
  ["Hi it's Tom here", null],
  ["Hi it's Tom here, thanks!", null],
  ["Hey! It's Jorge, existing patient, thank you", null],
  ["Hi", null],
  ["Hello?", null],
  // Nothing to take out: the reply is the answer, as the caller wrote it.
  ["My tooth is killing me", "My tooth is killing me"],
  ["Cleaning please", "Cleaning please"],
  ["Are you taking new patients?", "Are you taking new patients?"],
  ["I need a crown, my patience is running out", "I need a crown, my patience is running out"],
];

const HOME_SERVICES: [string, string | null][] = [
  ["Hi this is Mike, water heater is leaking", "water heater is leaking"],
  ["Hey it's Sarah Kim. The AC stopped blowing cold air", "The AC stopped blowing cold air"],
  ["Hello this is Rob from 12 Oak St, clogged kitchen drain", "from 12 Oak St, clogged kitchen drain"],
  ["Hi there! My furnace won't turn on", "My furnace won't turn on"],
  ["Good afternoon, this is Linda", null],
  ["Hey, this is urgent, pipe burst in the basement", "this is urgent, pipe burst in the basement"],
  ["My water heater is making a banging noise, can you come this week?", "My water heater is making a banging noise, can you come this week?"],
  ["Hi it's Dave and the toilet keeps running", "the toilet keeps running"],
  ["Hi, it's Monday's appointment I'm calling about", "it's Monday's appointment I'm calling about"],
];

const LEGAL: [string, string | null][] = [
  ["Hello, my name is Sarah Jones. I was in a car accident last week", "I was in a car accident last week"],
  ["Hi this is Marcus, I need help with a custody case", "I need help with a custody case"],
  ["Hi it's Elena Garcia", null],
  ["Good evening, this is James. My father passed and we need help with his estate", "My father passed and we need help with his estate"],
  ["Hey this is Kim, got a DUI on Saturday", "got a DUI on Saturday"],
  ["Divorce", "Divorce"],
  ["Hi, I was arrested last night", "I was arrested last night"],
];

describe("serviceAnswer", () => {
  describe.each([
    ["dental", DENTAL],
    ["home services", HOME_SERVICES],
    ["legal", LEGAL],
  ] as const)("%s", (_kind, texts) => {
    it.each(texts)("%j → %j", (reply, service) => {
      expect(serviceAnswer(reply)).toBe(service);
    });
  });
});
