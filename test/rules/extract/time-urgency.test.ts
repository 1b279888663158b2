/**
 * A time given to "how urgent is it?" read as the level it says (DESIGN.md §6.2): the storm
 * trial's callers answered it with "tomorrow morning if possible", "wed" and "sat morning".
 */
import { describe, expect, it } from "vitest";
import { timeUrgency } from "../../../src/rules/extract/time-urgency";

describe("timeUrgency", () => {
  it.each([
    ["today", "urgent", "today"],
    ["tonight around 7", "urgent", "tonight around 7"],
    ["this afternoon if you can", "urgent", "this afternoon"],
    ["asap", "urgent", null],
    ["tomorrow morning if possible", "this week", "tomorrow morning"],
    ["tmrw", "this week", "tmrw"],
    ["wed", "this week", "wed"],
    ["sat morning", "this week", "sat morning"],
    ["Thursday 9am", "this week", "thursday"],
    ["this week before thurs!!", "this week", "this week"],
    ["this weekend", "this week", "this weekend"],
    ["any time wed", "this week", "wed"],
    ["anytime", "not urgent", null],
    ["whenever you can", "not urgent", null],
    ["after 5pm", null, "after 5pm"],
    ["next week", null, "next week"],
    ["next Tuesday", null, "next tuesday"],
  ] as const)("%j → %s, a time to come %j", (reply, level, time) => {
    expect(timeUrgency(reply)).toEqual({ level, time });
  });

  it.each(["no idea", "it broke last Tuesday", "the adjuster is coming Thursday", "court is Friday"])("%j gives no time", (reply) => {
    expect(timeUrgency(reply)).toBeNull();
  });
});
