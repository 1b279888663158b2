import { describe, expect, it } from "vitest";
import { calendarDayProblem, isCalendarDay } from "../../src/rules/calendar-day";

describe("calendar days", () => {
  it.each(["2026-12-25", "2026-01-01", "2028-02-29", "2000-02-29", "2026-04-30", "2026-12-31", "0000-02-29", "0096-02-29"])("takes %s", (date) => {
    expect(calendarDayProblem(date)).toBeNull();
    expect(isCalendarDay(date)).toBe(true);
  });

  it.each([
    ["2026-02-30", "2026-02-30 is not a day of the calendar: February 2026 has 28 days"],
    ["2026-02-29", "2026-02-29 is not a day of the calendar: February 2026 has 28 days"],
    ["2100-02-29", "2100-02-29 is not a day of the calendar: February 2100 has 28 days"],
    ["0100-02-29", "0100-02-29 is not a day of the calendar: February 100 has 28 days"],
    ["2026-04-31", "2026-04-31 is not a day of the calendar: April 2026 has 30 days"],
    ["2026-12-00", "2026-12-00 is not a day of the calendar: December 2026 has 31 days"],
    ["2026-13-01", "2026-13-01 is not a day of the calendar: there is no month 13"],
    ["2026-00-10", "2026-00-10 is not a day of the calendar: there is no month 00"],
    ["25/12/2026", 'must be a date as YYYY-MM-DD, like 2026-12-25 ("25/12/2026" is not)'],
    ["2026-1-5", 'must be a date as YYYY-MM-DD, like 2026-12-25 ("2026-1-5" is not)'],
  ])("refuses %s", (date, problem) => {
    expect(calendarDayProblem(date)).toBe(problem);
    expect(isCalendarDay(date)).toBe(false);
  });
});
