import { describe, expect, it } from "vitest";
import { localDates, localDaySql, dayNumberDate } from "../../src/reports/local-days";
import { localTime } from "../../src/rules/schedule";

const H = 3_600_000;

/** The definition: the local date of every minute of the period, in order, once each. */
function datesByMinute(from: number, to: number, zone: string): string[] {
  const dates: string[] = [];
  for (let t = from; t < to; t += 60_000) {
    const d = localTime(t, zone).date;
    if (dates[dates.length - 1] !== d) dates.push(d);
  }
  if (to > from && dates[dates.length - 1] !== localTime(to - 1, zone).date) dates.push(localTime(to - 1, zone).date);
  return dates;
}

describe("localDates", () => {
  it.each([
    ["Chicago across the spring change", "America/Chicago", Date.UTC(2026, 2, 5, 17, 3), Date.UTC(2026, 2, 11, 4)],
    ["Chicago across the autumn change", "America/Chicago", Date.UTC(2026, 9, 29, 5, 59), Date.UTC(2026, 10, 3, 6)],
    ["Lord Howe's half-hour change", "Australia/Lord_Howe", Date.UTC(2026, 3, 2), Date.UTC(2026, 3, 7, 13, 30)],
    ["Samoa skipping 30 December 2011", "Pacific/Apia", Date.UTC(2011, 11, 28), Date.UTC(2012, 0, 2)],
    ["Kathmandu, no change", "Asia/Kathmandu", Date.UTC(2026, 0, 1, 18, 14), Date.UTC(2026, 0, 4, 18, 16)],
    ["one minute", "Europe/London", Date.UTC(2026, 5, 1, 23), Date.UTC(2026, 5, 1, 23, 1)],
  ])("%s: the dates of its minutes", (_name, zone, from, to) => {
    expect(localDates(from, to, zone)).toEqual(datesByMinute(from, to, zone));
  });

  it("is empty for an empty period", () => {
    expect(localDates(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1), "UTC")).toEqual([]);
  });

  it("skips no day of a 90-day period and lists each once", () => {
    const from = Date.UTC(2026, 8, 1, 12);
    const dates = localDates(from, from + 90 * 24 * H, "America/New_York");
    expect(dates).toHaveLength(91);
    expect(new Set(dates).size).toBe(91);
    expect(dates[0]).toBe("2026-09-01");
    expect(dates[90]).toBe("2026-11-30");
  });
});

describe("localDaySql", () => {
  it("names the offsets of both sides of a change", () => {
    const sql = localDaySql("at", "America/Chicago", Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 15));
    expect(sql).toBe(`(at + CASE WHEN at < ${Date.UTC(2026, 2, 8, 8)} THEN -21600000 ELSE -18000000 END) / 86400000`);
    expect(dayNumberDate(Math.floor((Date.UTC(2026, 2, 8, 7, 59) - 6 * H) / 86_400_000))).toBe("2026-03-08");
  });
});
