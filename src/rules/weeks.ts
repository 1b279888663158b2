/**
 * A business's weeks, Monday to Monday on its own clocks (so a week with a daylight-saving change is
 * 167 or 169 hours long). Pure: no I/O.
 */
import { localTime, type Day } from "./schedule";
import { startOfLocalDay } from "./utc-offsets";

/** Days since Monday for each weekday. */
const SINCE_MONDAY: Record<Day, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

/** YYYY-MM-DD moved by `days` (a calendar date: no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const t = new Date(0);
  t.setUTCFullYear(y!, m! - 1, d! + days);
  return t.toISOString().slice(0, 10);
}

export interface LocalWeeks {
  /** The local date of this week's Monday. */
  monday: string;
  /** From this Monday 00:00 local to `at`. */
  thisWeek: { from: number; to: number };
  /** The whole week before: last Monday 00:00 to this Monday 00:00, local. */
  lastWeek: { from: number; to: number };
}

/**
 * The week `at` falls in and the one before, in `timeZone`.
 *
 * @example localWeeks(Date.parse("2026-03-11T18:00:00Z"), "America/Chicago")
 * // { monday: "2026-03-09", thisWeek: { from: Date.parse("2026-03-09T05:00:00Z"), to: … },
 * //   lastWeek: { from: Date.parse("2026-03-02T06:00:00Z"), to: Date.parse("2026-03-09T05:00:00Z") } }
 */
export function localWeeks(at: number, timeZone: string): LocalWeeks {
  const local = localTime(at, timeZone);
  const monday = addDays(local.date, -SINCE_MONDAY[local.day]);
  const start = startOfLocalDay(monday, timeZone);
  return { monday, thisWeek: { from: start, to: at }, lastWeek: { from: startOfLocalDay(addDays(monday, -7), timeZone), to: start } };
}
