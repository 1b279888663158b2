/**
 * Who is on call when (DESIGN.md §6.3): an on-call person's hours in the business's time zone, and
 * whom an emergency pages at a given moment. A person with no hours is always on call. Pure: no I/O.
 */
import * as z from "../zod";
import { DAYS, localTime, type Day } from "./schedule";

const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM on a 24-hour clock, like 08:00 or 18:00"));
const day = z.enum(DAYS, { error: "must be a day: sun, mon, tue, wed, thu, fri or sat" });

/**
 * One stretch of a person's week: from `from` on each of `days` until `to`. A `to` before `from`
 * runs past midnight into the next day (`fri` 18:00 to 08:00 ends Saturday 08:00); `to` equal to
 * `from` is 24 hours (00:00 to 00:00: the whole of each day).
 */
export const onCallHoursSchema = z.object({
  days: z.array(day).check(z.minLength(1, "give at least one day"), z.maxLength(7, "at most 7 days")),
  from: time,
  to: time,
});
export type OnCallHours = z.infer<typeof onCallHoursSchema>;

/** Most stretches of hours one person may have: a different one each day. */
export const MAX_ON_CALL_HOURS = 7;

/** A person's hours, as an on-call entry has them (lead-settings.ts onCallPersonSchema); absent: always on call. */
type WithHours = { hours?: readonly OnCallHours[] | undefined };

const MINUTES_A_DAY = 24 * 60;

/** Minutes after midnight for "HH:MM". */
export function minutesOf(hhmm: string): number {
  const [h = "0", m = "0"] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
}

/** The day before `d` in the week. */
const dayBefore = (d: Day): Day => DAYS[(DAYS.indexOf(d) + 6) % 7] ?? "sat";

/**
 * Whether a stretch of hours covers `minute` (after midnight) on weekday `d`: the part from `from`
 * on one of its days, or the part after midnight of one that began the day before.
 */
export function hoursCover(h: OnCallHours, d: Day, minute: number): boolean {
  const from = minutesOf(h.from);
  const length = (minutesOf(h.to) - from + MINUTES_A_DAY) % MINUTES_A_DAY || MINUTES_A_DAY;
  if (h.days.includes(d) && minute >= from && minute - from < length) return true;
  return h.days.includes(dayBefore(d)) && minute + MINUTES_A_DAY - from < length;
}

/**
 * Whether `person` is on call at `at`, by the wall clock in `timeZone`: a daylight-saving change
 * moves nobody's hours, 08:00 stays 08:00 on the clock.
 *
 * @example isOnCallAt({ phone: "+15125550111", name: "Lee", hours: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "18:00" }] }, "America/Chicago", Date.parse("2026-12-08T15:00:00Z")) // true: Tuesday 9 AM
 */
export function isOnCallAt(person: WithHours, timeZone: string, at: number): boolean {
  if (!person.hours || person.hours.length === 0) return true;
  const t = localTime(at, timeZone);
  const minute = minutesOf(t.time);
  return person.hours.some((h) => hoursCover(h, t.day, minute));
}

/** The people on call at `at`, in list order. */
export function onCallAt<P extends WithHours & { phone: string }>(onCall: readonly P[], timeZone: string, at: number): P[] {
  return onCall.filter((p) => isOnCallAt(p, timeZone, at));
}
