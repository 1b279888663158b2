/**
 * A report's period from its query: `from` and `to` are days (YYYY-MM-DD, in the business's time
 * zone: `from` from the start of that day, `to` to the end of it, so from=to is one day) or instants
 * (ISO 8601 date-times with Z or an offset). Without them, the last 30 days.
 */
import { HTTPException } from "hono/http-exception";
import { calendarDayProblem } from "../rules/calendar-day";
import { startOfLocalDay } from "../rules/utc-offsets";
import * as z from "../zod";

export type PeriodBound = { day: string } | { at: number };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Midnight UTC of a date, any year (Date.UTC reads the years 0-99 as 1900-1999). */
function utcDate(y: number, month: number, d: number): Date {
  const t = new Date(0);
  t.setUTCFullYear(y, month - 1, d);
  return t;
}

export const periodBoundSchema = z.pipe(
  z.string(),
  z.transform((s: string, ctx): PeriodBound => {
    const dateTime = DATE_TIME.exec(s);
    const date = dateTime ? dateTime[1]! : s;
    const problem = DAY.test(s) || dateTime ? calendarDayProblem(date) : null;
    if (problem) {
      ctx.issues.push({ code: "custom", message: problem, input: s });
      return z.NEVER;
    }
    if (DAY.test(s)) return { day: s };
    if (dateTime) return { at: Date.parse(s) };
    ctx.issues.push({ code: "custom", message: "must be a date like 2026-12-05 or a date-time like 2026-12-05T14:00:00Z", input: s });
    return z.NEVER;
  }),
);

const DEFAULT_PERIOD_MS = 30 * 24 * 3_600_000;

/** The day after YYYY-MM-DD (10000-01-01 after 9999-12-31). */
function nextDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const t = utcDate(y!, m!, d! + 1);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(t.getUTCFullYear()).padStart(4, "0")}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`;
}

/** [from, to) in ms; 400 unless from is before to. */
export function resolvePeriod(q: { from?: PeriodBound; to?: PeriodBound }, timeZone: string, now: number): { from: number; to: number } {
  const to = !q.to ? now : "at" in q.to ? q.to.at : startOfLocalDay(nextDay(q.to.day), timeZone);
  const from = !q.from ? to - DEFAULT_PERIOD_MS : "at" in q.from ? q.from.at : startOfLocalDay(q.from.day, timeZone);
  if (!(from < to)) throw new HTTPException(400, { message: "from must be before to" });
  return { from, to };
}
