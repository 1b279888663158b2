/**
 * A business's words match the ways callers say them: other forms of a word (swollen for swelling,
 * bled for bleeding, plurals), "can't" however spelled, and two-word phrases the other way round
 * ("pain is severe" for "severe pain") or with a word between ("severe tooth pain").
 */
import { describe, expect, it } from "vitest";
import { findPhrases } from "../../../src/rules/extract/urgency";

// [the business's word, a reply, whether it says it]
const FORMS: [string, string, boolean][] = [
  ["swelling", "my face is swollen", true],
  ["swelling", "it started to swell", true],
  ["swelling", "my cheek swelled up", true],
  ["swollen", "the swelling is bad", true],
  ["bleeding", "it bled all night", true],
  ["bleeding", "gum bleeds when I brush", true],
  ["leak", "the pipe is leaking", true],
  ["leak", "leaks everywhere", true],
  ["flooding", "the basement flooded", true],
  ["emergency", "do you take emergencies?", true],
  ["abscess", "two abscesses on my gum", true],
  ["broken tooth", "I broke a tooth", true],
  ["broken tooth", "my front teeth are broken", true],
  ["severe pain", "the pain is severe", true],
  ["severe pain", "pain is getting really severe", true],
  ["severe pain", "severe tooth pain", true],
  ["burst pipe", "the pipes burst", true],
  ["burst pipe", "a pipe has burst", true],
  ["burst pipe", "burst water pipe", true],
  ["pipe burst", "burst pipe in the attic", true],
  ["court tomorrow", "my court date is tomorrow", true],
  ["can't breathe", "I cant breathe", true],
  ["can't breathe", "I cannot breathe", true],
  ["can't breathe", "I can not breathe", true],
  ["can't breathe", "I can't breath", true],
  ["bleeding won't stop", "the bleeding will not stop", true],
  ["knocked out", "a knocked-out tooth", true],
  ["smell gas", "I'm smelling gas", true],
  ["smell gas", "we smelled natural gas", true],
  ["heat isn't working", "the heat is not working", true],
  ["heat is out", "heat's out", true],
  // not the word, nor a phrase turned into something else
  ["leak", "the faucet looks leaky", false],
  ["flood", "floodlight install", false],
  ["fire", "I fired my last plumber", false],
  ["severe pain", "the pain is not severe", false],
  ["severe pain", "severe weather, no pain", false],
  ["in custody", "in a custody battle", false],
  ["no heat", "no more heat issues since you came", false],
  ["smell gas", "I smell no gas", false],
  ["burst pipe", "burst of water from the pipe", false],
];

describe("word forms", () => {
  it.each(FORMS)("%j in %j: %s", (word, reply, says) => {
    expect(findPhrases(reply, [word])).toEqual(says ? [word] : []);
  });
});
