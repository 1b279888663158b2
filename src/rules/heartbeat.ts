/**
 * When a number that usually receives calls has gone quiet: forwarding switched off, a carrier
 * change, a PBX update. Pure; the cron (ops/number-health.ts) reads the counts and asks.
 */
import { clockTime, type DisplayLocale } from "./display";
import { localTime, type Hours } from "./schedule";

/** "Usually receives calls": at least this many in each of the 4 weeks before its last call. */
export const HEARTBEAT_MIN_WEEKLY_CALLS = 3;
export const HEARTBEAT_WEEKS = 4;
const DAY = 86_400_000;
/** Beyond this the weekly history has lapsed anyway; also bounds the walk over days. */
const LOOKBACK_DAYS = 8;

const WEEKDAYS = { sun: "Sunday", mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday" } as const;
const WORKDAYS = new Set(["mon", "tue", "wed", "thu", "fri"]);

export interface HeartbeatInput {
  lastCallAt: number;
  /** Calls in each of the HEARTBEAT_WEEKS weeks before (and including) the last call, newest first. */
  weeklyCalls: number[];
  hours: Hours | null;
  timeZone: string;
  now: number;
}

/**
 * The first whole business day after the last call that has ended without a call, or null. A
 * business day is a date the business's hours open (not a holiday); with no hours set, Monday to
 * Friday. "Ended" means its last shift has closed, in the business's own time zone.
 *
 * @example quietBusinessDay({ lastCallAt: tue10am, weeklyCalls: [9, 8, 7, 9], hours: null, timeZone: "America/Chicago", now: thu9am })
 * // "2026-03-11" (Wednesday passed with no call)
 */
export function quietBusinessDay(input: HeartbeatInput): string | null {
  if (input.weeklyCalls.length < HEARTBEAT_WEEKS || input.weeklyCalls.some((n) => n < HEARTBEAT_MIN_WEEKLY_CALLS)) return null;
  if (input.now - input.lastCallAt > LOOKBACK_DAYS * DAY) return null;
  const callDate = localTime(input.lastCallAt, input.timeZone).date;
  const today = localTime(input.now, input.timeZone);
  const seen = new Set<string>([callDate]);
  // Local dates come from stepping in 6 h: a DST day (23 or 25 h) is still met at least once.
  for (let at = input.lastCallAt; at <= input.now; at += DAY / 4) {
    const t = localTime(at, input.timeZone);
    if (seen.has(t.date)) continue;
    seen.add(t.date);
    const close = lastClose(input.hours, t.date, t.day);
    if (close === null) continue;
    if (t.date < today.date || (t.date === today.date && today.time >= close)) return t.date;
  }
  return null;
}

/** When a date's last shift closes ("17:00"), or null when the business is closed that day. */
function lastClose(hours: Hours | null, date: string, day: keyof typeof WEEKDAYS): string | null {
  if (!hours || Object.keys(hours.weekly).length === 0) return WORKDAYS.has(day) ? "24:00" : null;
  if (hours.holidays.includes(date)) return null;
  const shifts = hours.weekly[day] ?? [];
  return shifts.length === 0 ? null : shifts.map((s) => s.close).sort().at(-1)!;
}

/** "No calls have reached Textback since Tuesday 10:00: is forwarding still on?" */
export function heartbeatMessage(number: string, lastCallAt: number, timeZone: string, locale: DisplayLocale): string {
  const day = WEEKDAYS[localTime(lastCallAt, timeZone).day];
  return `No calls have reached Textback on ${number} since ${day} ${clockTime(lastCallAt, timeZone, locale)}: is forwarding still on?`;
}
