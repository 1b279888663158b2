import { describe, expect, it } from "vitest";
import { classifyUrgency, findPhrases } from "../../../src/rules/extract/urgency";

const URGENT = ["burst pipe", "pipe burst", "flood", "flooding", "flooded", "no heat", "no hot water", "leak", "leaking", "sewage", "overflowing", "emergency", "urgent", "asap", "right away"];
const SAFETY = ["gas smell", "smell gas", "smells like gas", "gas leak", "smoke", "fire", "carbon monoxide", "sparks"];

// [reply, urgency level, urgent words found (what pages), safety words found]
const REPLIES: [string, "urgent" | "not_urgent" | null, string[], string[]][] = [
  ["We have a burst pipe in the kitchen", "urgent", ["burst pipe"], []],
  ["Pipe burst!! water everywhere", "urgent", ["pipe burst"], []],
  ["Basement is FLOODING", "urgent", ["flooding"], []],
  ["the laundry room flooded last night", "urgent", ["flooded"], []],
  ["No heat since this morning and it's 20 degrees", "urgent", ["no heat"], []],
  ["we have no hot water", "urgent", ["no hot water"], []],
  ["Leaking under the sink", "urgent", ["leaking"], []],
  ["small leak by the water heater", "urgent", ["leak"], []],
  ["sewage coming up in the tub", "urgent", ["sewage"], []],
  ["toilet overflowing", "urgent", ["overflowing"], []],
  ["It's an emergency please call", "urgent", ["emergency"], []],
  // Words that say only how soon: urgent, nothing named to page for (soon-words.ts).
  ["need someone ASAP", "urgent", [], []],
  ["can someone come right away?", "urgent", [], []],
  ["URGENT: water heater", "urgent", [], []],
  ["no, it's urgent", "urgent", [], []],
  ["asap, the pipe burst", "urgent", ["pipe burst"], []],
  ["Not sure, but it might be leaking", "urgent", ["leaking"], []],
  ["I smell gas in the basement", null, [], ["smell gas"]],
  ["There's a gas smell near the stove", null, [], ["gas smell"]],
  ["the outlet is throwing sparks", null, [], ["sparks"]],
  ["smoke coming from the furnace, flooding too", "urgent", ["flooding"], ["smoke"]],
  ["carbon monoxide alarm keeps going off", null, [], ["carbon monoxide"]],
  ["It smells like gas", null, [], ["smells like gas"]],
  // negations and calm replies
  ["There's no leak anymore", null, [], []],
  ["not urgent, whenever works", "not_urgent", [], []],
  ["It isn't leaking now", null, [], []],
  ["no rush, next week is fine", "not_urgent", [], []],
  ["Not an emergency, just a slow drain", "not_urgent", [], []],
  ["it wasn't flooding, just damp", null, [], []],
  ["we don't have a leak, just low pressure", null, [], []],
  ["no smoke, no fire, just a weird noise", null, [], []],
  ["the leak stopped, never mind", null, [], []],
  ["the flooding is fixed now", null, [], []],
  // a customer's thanks after the job is not a new emergency; a new one after thanks still is
  ["Thanks so much for fixing the burst pipe so fast!", null, [], []],
  ["thank you for coming out for the flooding last night, great work", null, [], []],
  ["Thanks for fixing the leak, but it's leaking again today", "urgent", ["leak"], []],
  ["thanks. we have a burst pipe in the garage now", "urgent", ["burst pipe"], []],
  ["need help fixing a burst pipe", "urgent", ["burst pipe"], []],
  ["whenever you can", "not_urgent", [], []],
  ["can wait until Monday", "not_urgent", [], []],
  ["there's nothing leaking", null, [], []],
  // not the word itself
  ["I need a new faucet, the old one is leaky looking", null, [], []],
  ["Firestone Ave, the blue house", null, [], []],
  ["Can you quote a fireplace insert?", null, [], []],
  ["floodlight install outside", null, [], []],
  ["the smokestack needs cleaning", null, [], []],
  ["Just a quote for a water softener", null, [], []],
  ["Heater is making noise", null, [], []],
  ["is Saturday ok?", null, [], []],
];

describe("classifyUrgency and safety words", () => {
  it.each(REPLIES)("%j → %s %j, safety %j", (reply, level, urgent, safety) => {
    expect(classifyUrgency(reply, URGENT)).toMatchObject({ level, matched: urgent });
    expect(findPhrases(reply, SAFETY)).toEqual(safety);
  });

  it("has a table of at least 40 replies, traps included", () => {
    expect(REPLIES.length).toBeGreaterThanOrEqual(40);
  });
});

describe("words that say only how soon", () => {
  // A list saved with "asap", "right away" and "urgent" (the presets had them): they say how soon, and name nothing to page for.
  it.each([
    ["asap", ["asap"]],
    ["need someone ASAP", ["asap"]],
    ["can someone come right away?", ["right away"]],
    ["it's urgent", ["urgent"]],
  ])("%j with a list that has them: urgent, nothing matched to page for, said soon with %j", (reply, soon) => {
    expect(classifyUrgency(reply, URGENT)).toEqual({ level: "urgent", matched: [], soon });
  });

  it.each(["asap", "As soon as possible please", "right away", "it's urgent", "need it done immediately"])("%j is urgent with a list that lacks them, paging for nothing", (reply) => {
    expect(classifyUrgency(reply, ["burst pipe"])).toMatchObject({ level: "urgent", matched: [] });
  });

  it("a listed 'today' says how soon; 'today' in passing, unlisted, says nothing of urgency", () => {
    expect(classifyUrgency("today please", ["burst pipe", "today"])).toEqual({ level: "urgent", matched: [], soon: ["today"] });
    expect(classifyUrgency("I'm home today after 5", ["burst pipe"]).level).toBeNull();
  });

  it("'not urgent' is not urgent, with the word listed or not", () => {
    expect(classifyUrgency("not urgent", URGENT).level).toBe("not_urgent");
    expect(classifyUrgency("not urgent", []).level).toBe("not_urgent");
  });
});
