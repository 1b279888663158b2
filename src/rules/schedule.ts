import * as z from "../zod";
import { wallClock, type DisplayLocale } from "./display";

const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be HH:MM"));
const shift = z
  .object({ open: hhmm, close: hhmm })
  .check(z.refine((s) => s.open < s.close, "open must be before close"));

export const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Day = (typeof DAYS)[number];

/** Weekly opening hours (split shifts allowed) and closed dates, in the business's time zone. */
export const hoursSchema = z.object({
  weekly: z._default(z.partialRecord(z.enum(DAYS), z.array(shift).check(z.maxLength(4))), {}),
  holidays: z._default(z.array(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD"))), []),
});
export type Hours = z.infer<typeof hoursSchema>;

interface LocalTime {
  date: string;
  day: Day;
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The last answer per zone, by minute: a call asks for the same minute several times (its day for
 * the daily cap, open or closed, today's hours) and formatToParts is the costly part. Every zone's
 * offset today is a whole number of minutes, so one minute has one answer.
 */
const lastAnswer = new Map<string, { minute: number; value: LocalTime }>();

/** The wall-clock date, weekday and HH:MM at `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): LocalTime {
  const minute = Math.floor(at / 60_000);
  const last = lastAnswer.get(timeZone);
  if (last?.minute === minute) return last.value;
  const value = Object.freeze(formatLocalTime(at, timeZone));
  if (lastAnswer.size >= 1000) lastAnswer.clear();
  lastAnswer.set(timeZone, { minute, value });
  return value;
}

function formatLocalTime(at: number, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  const day = (parts.weekday ?? "Sun").toLowerCase().slice(0, 3) as Day;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, day, time: `${parts.hour}:${parts.minute}` };
}

/** True when a valid IANA zone name. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the business is open at `at`. No hours configured means "always open", so a new business
 * gets its normal missed-call text rather than the after-hours one.
 */
export function isOpen(hours: Hours | null | undefined, timeZone: string, at: number): boolean {
  if (!hours || Object.keys(hours.weekly).length === 0) return true;
  const t = localTime(at, timeZone);
  if (hours.holidays.includes(t.date)) return false;
  return (hours.weekly[t.day] ?? []).some((s) => s.open <= t.time && t.time < s.close);
}

/**
 * Today's hours in words for templates, as the business's locale writes them: "8 AM-12 PM and
 * 1 PM-5 PM" (en-US), "8:00-12:00 and 13:00-17:00" (en-GB), "closed today", or "" when the
 * business has not set hours (the placeholder then disappears from the text).
 */
export function hoursToday(hours: Hours | null | undefined, timeZone: string, at: number, locale: DisplayLocale = "en-GB"): string {
  if (!hours || Object.keys(hours.weekly).length === 0) return "";
  const t = localTime(at, timeZone);
  const shifts = hours.holidays.includes(t.date) ? [] : (hours.weekly[t.day] ?? []);
  if (shifts.length === 0) return "closed today";
  return shifts.map((s) => `${wallClock(s.open, locale)}-${wallClock(s.close, locale)}`).join(" and ");
}
