import { describe, expect, it } from "vitest";
import { extractCallTime, extractTimePhrase, timesSaid } from "../../../src/rules/extract/time-phrase";

const REPLIES: [string, string | null][] = [
  ["Could you come tomorrow morning?", "tomorrow morning"],
  ["after 5pm works best", "after 5pm"],
  ["after 5 please", "after 5"],
  ["Friday at 10am", "friday at 10am"],
  ["friday at 10", "friday at 10"],
  ["next Tuesday afternoon", "next tuesday afternoon"],
  ["this afternoon if possible", "this afternoon"],
  ["today", "today"],
  ["Tonight around 7", "tonight around 7"],
  ["tmrw", "tmrw"],
  ["any time Saturday", "any time"],
  ["Saturday anytime", "saturday"],
  ["between 2 and 4", "between 2 and 4"],
  ["between 9am and noon", "between 9am and noon"],
  ["from 1-3pm", "from 1-3pm"],
  ["3:30pm", "3:30pm"],
  ["at 3:30", "at 3:30"],
  ["before noon", "before noon"],
  ["in the evening", "in the evening"],
  ["Mon morning", "mon morning"],
  ["this weekend", "this weekend"],
  ["over the weekend", "over the weekend"],
  ["next week is fine", "next week"],
  ["ASAP please", "asap"],
  ["as soon as possible", "as soon as possible"],
  ["whenever you can", "whenever you can"],
  ["Wed after 6pm", "wed after 6pm"],
  ["tomorrow at 8:15 am", "tomorrow at 8:15 am"],
  ["I'm home by 4", "by 4"],
  ["Thursday", "thursday"],
  // traps
  ["It broke last Tuesday", null],
  ["Been leaking since Monday", null],
  ["I've been waiting 3 hours", null],
  ["It happened 2 days ago", null],
  ["5 stars last time!", null],
  ["We have 2 bathrooms", null],
  ["The heater is 12 years old", null],
  ["at 123 Main St", null],
  ["at 12 Oak Street", null],
  ["there are 4 of us at home", null],
  ["Leaking under the sink", null],
  ["call me at 512-555-0147", null],
  ["the sundial in the yard is broken", null],
  ["Was fine on Monday", null],
  // deadlines and court dates are no time to call, even as the answer
  ["the adjuster wants a recorded statement from me by Friday", null],
  ["court tomorrow", null],
  ["My hearing is Monday", null],
  ["The deadline to respond is Friday", null],
  ["Deposition next week", null],
  ["the paperwork is due tomorrow", null],
  ["I have court tomorrow, call me tonight", "tonight"],
  // someone else's time is not the caller's answer (kept as written instead: question-answer.ts)
  ["adjuster coming thursday", null],
  ["after the adjuster comes on Friday", null],
];

describe("extractTimePhrase", () => {
  it.each(REPLIES)("%j → %j", (reply, phrase) => {
    expect(extractTimePhrase(reply)).toBe(phrase);
  });

  it("has a table of at least 40 replies, traps included", () => {
    expect(REPLIES.length).toBeGreaterThanOrEqual(40);
  });
});

/** Replies to other questions, and the time to call or come each says in passing (or null). */
const IN_PASSING: [string, string | null][] = [
  ["Burst pipe at 12 Oak St, Austin TX 78701, can you come tomorrow morning?", "tomorrow morning"],
  ["Burst pipe in the basement at 9 Pine Ave, please come asap", "asap"],
  ["can you stop by tomorrow? 12 Oak St", "tomorrow"],
  ["Need a cleaning friday at 10", "friday at 10"],
  ["Tooth hurts, can I come in today?", "today"],
  ["Car accident last month. Call me after 5pm", "after 5pm"],
  ["I was arrested tonight, please call asap", "asap"],
  ["Divorce. I'm free Thursday afternoon", "thursday afternoon"],
  ["no rush, Friday afternoon works", "friday afternoon"],
  ["I'm home by 4", "by 4"],
  // a day word that says nothing of when to call or come
  ["the adjuster wants a recorded statement from me by Friday", null],
  ["court tomorrow", null],
  ["I have a hearing tomorrow morning", null],
  ["They served me papers today", null],
  ["My toothache started today", null],
  ["Friday", null],
  ["The insurance company gave me until Monday", null],
  ["My custody hearing is next week", null],
  ["the pain got worse tonight", null],
  ["Water heater died this morning", null],
  // someone else coming, or the caller calling someone else: not when to call or come (the storm trial's replies)
  ["yes filed w/ allstate, adjuster coming thursday", null],
  ["Need an estimate. Insurance adjuster coming Thursday, need estimate before", null],
  ["Not yet, calling them tomorrow", null],
  ["State Farm claim #TX-44821, adjuster is coming Thurs 10am. Need a roofer there + estimate.", null],
  ["Adjuster comes Thursday so I need an estimate before then", null],
  ["the adjuster's coming Friday at 2", null],
  ["they're coming friday to look at it", null],
  ["calling my insurance tomorrow", null],
  ["I'll call State Farm tomorrow", null],
  ["Thursday the adjuster comes", null],
  // …beside the caller's own time, which counts
  ["the adjuster is coming thursday so can you come wednesday", "wednesday"],
  ["I'm calling my insurance tomorrow, can you come friday", "friday"],
  ["can you come tomorrow before the adjuster comes", "tomorrow"],
  ["call my cell tomorrow after 5", "tomorrow after 5"],
  ["can they come tomorrow?", "tomorrow"],
];

describe("extractCallTime", () => {
  it.each(IN_PASSING)("%j → %j", (reply, phrase) => {
    expect(extractCallTime(reply)).toBe(phrase);
  });
});

describe("timesSaid", () => {
  it("gives every time the caller gives, not the past, a deadline or someone else's", () => {
    expect(timesSaid("any time wed, adjuster comes thursday")).toEqual(["any time", "wed"]);
    expect(timesSaid("broke last Tuesday, tomorrow works")).toEqual(["tomorrow"]);
    expect(timesSaid("a statement by Friday")).toEqual([]);
  });
});
