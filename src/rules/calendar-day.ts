/**
 * Dates as the admin types them, YYYY-MM-DD: a day of the calendar or not. `new Date("2026-02-30")`
 * and a YYYY-MM-DD pattern both let 30 February through (as 2 March, or as is). Pure: no I/O.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Days in a month of a year (month 1-12), leap years included; any year (Date.UTC reads 0-99 as 1900-1999). */
function daysIn(year: number, month: number): number {
  const t = new Date(0);
  t.setUTCFullYear(year, month, 0);
  return t.getUTCDate();
}

/**
 * Why `date` is not a day of the calendar, or null when it is one.
 *
 * @example calendarDayProblem("2026-12-25") // null
 * @example calendarDayProblem("2026-02-30") // "2026-02-30 is not a day of the calendar: February 2026 has 28 days"
 */
export function calendarDayProblem(date: string): string | null {
  const m = DAY.exec(date);
  if (!m) return `must be a date as YYYY-MM-DD, like 2026-12-25 ("${date}" is not)`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `${date} is not a day of the calendar: there is no month ${m[2]}`;
  const days = daysIn(year, month);
  if (day < 1 || day > days) return `${date} is not a day of the calendar: ${MONTHS[month - 1]} ${year} has ${days} days`;
  return null;
}

/** Whether YYYY-MM-DD names a day of the calendar (2026-02-30 does not; 2028-02-29 does). */
export function isCalendarDay(date: string): boolean {
  return calendarDayProblem(date) === null;
}
