import { describe, expect, it } from "vitest";
import { heartbeatMessage, quietBusinessDay, type HeartbeatInput } from "../../src/rules/heartbeat";
import type { Hours } from "../../src/rules/schedule";

const CHICAGO = "America/Chicago";
/** A wall-clock time in Chicago as epoch ms (CST is UTC-6, CDT UTC-5). */
const chicago = (iso: string, offset = "-06:00") => Date.parse(`${iso}${offset}`);
const busy = [9, 8, 7, 9];
const weekdays: Hours = {
  weekly: { mon: [{ open: "08:00", close: "17:00" }], tue: [{ open: "08:00", close: "17:00" }], wed: [{ open: "08:00", close: "17:00" }], thu: [{ open: "08:00", close: "17:00" }], fri: [{ open: "08:00", close: "12:00" }, { open: "13:00", close: "17:00" }] },
  holidays: [],
};
const base = (over: Partial<HeartbeatInput>): HeartbeatInput => ({
  lastCallAt: chicago("2026-02-10T10:00"), // a Tuesday
  weeklyCalls: busy,
  hours: weekdays,
  timeZone: CHICAGO,
  now: chicago("2026-02-11T18:00"),
  ...over,
});

describe("quietBusinessDay", () => {
  it("names the first open day that ended without a call", () => {
    expect(quietBusinessDay(base({}))).toBe("2026-02-11");
  });

  it("waits until the day's last shift has closed", () => {
    expect(quietBusinessDay(base({ now: chicago("2026-02-11T16:59") }))).toBeNull();
    expect(quietBusinessDay(base({ now: chicago("2026-02-11T17:00") }))).toBe("2026-02-11");
  });

  it("the day of the last call itself never counts", () => {
    expect(quietBusinessDay(base({ lastCallAt: chicago("2026-02-11T08:01") }))).toBeNull();
  });

  it("skips a closed weekend: Friday's call, Monday evening", () => {
    const fri = chicago("2026-02-13T16:00");
    expect(quietBusinessDay(base({ lastCallAt: fri, now: chicago("2026-02-15T20:00") }))).toBeNull();
    expect(quietBusinessDay(base({ lastCallAt: fri, now: chicago("2026-02-16T17:30") }))).toBe("2026-02-16");
  });

  it("skips a holiday", () => {
    const hours = { ...weekdays, holidays: ["2026-02-11"] };
    expect(quietBusinessDay(base({ hours }))).toBeNull();
    expect(quietBusinessDay(base({ hours, now: chicago("2026-02-12T17:00") }))).toBe("2026-02-12");
  });

  it("needs a number that usually gets calls: every one of the 4 weeks", () => {
    expect(quietBusinessDay(base({ weeklyCalls: [9, 8, 2, 9] }))).toBeNull();
    expect(quietBusinessDay(base({ weeklyCalls: [9, 8, 7] }))).toBeNull();
  });

  it("without hours, Monday to Friday are business days, ending at midnight", () => {
    expect(quietBusinessDay(base({ hours: null, now: chicago("2026-02-11T23:59") }))).toBeNull();
    expect(quietBusinessDay(base({ hours: null, now: chicago("2026-02-12T00:00") }))).toBe("2026-02-11");
  });

  it("reads days in the business's zone across the DST change", () => {
    // Sunday 8 March 2026 springs forward in Chicago; Saturday's last call, Monday is the first open day.
    const sat = chicago("2026-03-07T11:00");
    expect(quietBusinessDay(base({ lastCallAt: sat, now: chicago("2026-03-09T16:59", "-05:00") }))).toBeNull();
    expect(quietBusinessDay(base({ lastCallAt: sat, now: chicago("2026-03-09T17:00", "-05:00") }))).toBe("2026-03-09");
  });
});

describe("heartbeatMessage", () => {
  it("says since when, in the business's words", () => {
    expect(heartbeatMessage("(312) 555-0100", chicago("2026-02-10T10:00"), CHICAGO, "en-US")).toBe(
      "No calls have reached Textback on (312) 555-0100 since Tuesday 10:00 AM: is forwarding still on?",
    );
  });
});
