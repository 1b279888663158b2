/**
 * Free-text opt-outs (compliance.md §1.1 "other wording", §1.5 tier B) and the replies a person
 * should read first. A false opt-out loses a customer; a missed one breaks the law; a reply sent to
 * a person instead of the next question costs only a question.
 */
import { describe, expect, it } from "vitest";
import { classifyKeyword } from "../../src/rules/keywords";
import { expand } from "../../src/rules/opt-out-intent";

type Row = [input: string, expected: "opt_out" | "possible_opt_out" | "cancellation_request" | null];

const OUT = (input: string): Row => [input, "opt_out"];
const PERSON = (input: string): Row => [input, "possible_opt_out"];
const TALK = (input: string): Row => [input, null];

/** "opt_out" (by intent), a flag for a person, or null for an ordinary reply. */
function reading(text: string): Row[1] {
  const r = classifyKeyword(text);
  if (r.kind === "opt_out") {
    expect(r.via, text).toBe("intent");
    expect(r.flag, text).toBeNull();
    return "opt_out";
  }
  expect(r.kind, text).toBeNull();
  return r.flag;
}

describe("whole-message opt-outs, however they are typed", () => {
  it.each<Row>([
    OUT("Don't text"),
    OUT("dont text!"),
    OUT("Do not text."),
    OUT("DON’T TEXT"),
    OUT("don ' t text me"),
    OUT("Don't message"),
    OUT("Don't contact me"),
    OUT("Do not contact me"),
    OUT("do not contact me again"),
    OUT("Don't contact me anymore, thanks"),
    OUT("Please do not text this number"),
    OUT("Dont text me again thank u"),
    OUT("No more"),
    OUT("No more!"),
    OUT("no more please"),
    OUT("No more, thanks"),
    OUT("No more msgs"),
    OUT("no more txts pls"),
    OUT("No texts please"),
    OUT("Stop sending"),
    OUT("Stop sending me"),
    OUT("stop sending me these"),
    OUT("STOP SENDING ME MESSAGES!!"),
    OUT("Stop contacting"),
    OUT("Stop the texts"),
    OUT("pls stop txting me"),
    OUT("Stop texting me"),
    OUT("please stop"),
    OUT("Please stop."),
    OUT("unsubscribe me"),
    OUT("Unsub"),
    OUT("remove me from your list"),
    OUT("Remove me from the list please"),
    OUT("Please remove my number from your list"),
    OUT("Take my number off your list"),
    OUT("never text me again"),
    OUT("Never contact me again!"),
    OUT("stop bothering me"),
    OUT("u have the wrong number"),
  ])("%j opts out", (input, expected) => {
    expect(reading(input)).toBe(expected);
  });

  it.each<[string, string]>([
    ["Don't text", "DONT TEXT"],
    ["Do not contact me", "DONT CONTACT ME"],
    ["No more!", "NO MORE"],
    ["Stop sending", "STOP SENDING"],
    ["no more txts pls", "NO MORE TEXTS"],
  ])("records %j as evidence %j", (input, matched) => {
    expect(classifyKeyword(input).matched).toBe(matched);
  });
});

describe("replies that merely contain a stop-like word", () => {
  it.each<Row>([
    // Visits, things that will not stop, things to stop: ordinary answers.
    TALK("can you stop by tomorrow?"),
    TALK("Can you stop by tomorrow around 3"),
    TALK("stop in whenever"),
    TALK("Please stop over after 5"),
    TALK("Toilet won't stop running"),
    TALK("the water won't stop"),
    TALK("It doesn't stop dripping"),
    TALK("Can you stop the leak?"),
    TALK("please don't stop by today"),
    TALK("the heater quit on me"),
    TALK("AC quit working last night"),
    // "no more" inside a sentence about something else.
    TALK("no more leaks after your fix, thanks!"),
    TALK("I have no more hot water"),
    TALK("No more than $200 please"),
    TALK("Is this the right number?"),
    TALK("I'd like to start on Monday"),
    TALK("Opt me in"),
  ])("%j is an ordinary reply", (input, expected) => {
    expect(reading(input)).toBe(expected);
  });

  it.each<Row>([
    // A stop on its own, then more: about the texts, or about the job?
    PERSON("Stop. I already found someone"),
    PERSON("STOP! I went with another company"),
    PERSON("Stop, I found the problem myself"),
    PERSON("Can you stop?"),
    PERSON("I want you to stop"),
    PERSON("quit it"),
    PERSON("End please"),
    // A clear opt-out inside a longer text.
    PERSON("Thanks for the help. Please stop texting me now that it's fixed"),
    PERSON("stop texting me about it, can you call me at 5 instead"),
    PERSON("Stop calling, just text me"),
    PERSON("don't text my wife, she's asleep"),
    PERSON("How do I opt out of these?"),
    PERSON("please unsubscribe my other number too"),
    PERSON("wrong number on my invoice"),
    PERSON("remove me from friday's schedule please"),
    // Wording no provider lists (compliance.md §1.4: UNVERIFIED), and a polite no.
    PERSON("Baja"),
    PERSON("parar"),
    PERSON("Not interested"),
    PERSON("not interested, thanks"),
    PERSON("No more. We're all set"),
    // A condition, not a refusal: the caller still wants texts, just not then.
    PERSON("Don't text me after 9pm"),
    PERSON("stop texting me until monday"),
    PERSON("Don't contact me until Monday"),
    PERSON("no more texts this week please"),
    // About the job, not the texts, but it names no thing to stop by its kind.
    PERSON("Stop sending these guys, they were rude"),
  ])("%j goes to a person", (input, expected) => {
    expect(reading(input)).toBe(expected);
  });

  it("a cancellation stays a cancellation; a stop beside it is the person's to read too", () => {
    expect(reading("please cancel")).toBe("cancellation_request");
    expect(reading("Stop, cancel the job")).toBe("possible_opt_out");
  });
});

describe("expand", () => {
  it("spells out every choice, optional groups with and without", () => {
    expect(expand("STOP (TEXTING|SENDING ME)? NOW")).toEqual([["STOP", "TEXTING", "NOW"], ["STOP", "SENDING", "ME", "NOW"], ["STOP", "NOW"]]);
    expect(expand("NO MORE")).toEqual([["NO", "MORE"]]);
  });
});
