/**
 * The owner's weekly summary by text (issue 24): when it is due and what it says. Pure: no I/O.
 */
import { formatDollars } from "./amount";
import { isInsideQuietHoursWindow } from "./quiet-hours";
import { localTime } from "./schedule";
import { localWeeks } from "./weeks";

/** On Mondays from this local time (the business's clock). */
export const WEEKLY_SUMMARY_FROM = "08:00";

/**
 * Whether the summary of last week is due at `at`: a Monday on the business's clock, from 08:00,
 * while the quiet-hours window is open where the owner's phone is (`ownerZones`; by default it
 * opens at 09:00, so an owner in the business's own zone gets it then). Not due after Monday: a
 * summary missed then is not sent late. `monday` names the week, so it goes once.
 *
 * @example weeklySummaryDue(Date.parse("2026-03-09T14:00:00Z"), "America/Chicago", ["America/Chicago"])
 * // { monday: "2026-03-09", from: Date.parse("2026-03-02T06:00:00Z"), to: Date.parse("2026-03-09T05:00:00Z") }
 */
export function weeklySummaryDue(at: number, timeZone: string, ownerZones: readonly string[]): { monday: string; from: number; to: number } | null {
  const local = localTime(at, timeZone);
  if (local.day !== "mon" || local.time < WEEKLY_SUMMARY_FROM) return null;
  if (!isInsideQuietHoursWindow(at, ownerZones)) return null;
  const weeks = localWeeks(at, timeZone);
  return { monday: weeks.monday, ...weeks.lastWeek };
}

/** Last week as the report counts it (reports/figures.ts). */
export interface WeekSummary {
  missedCalls: number;
  texted: number;
  replied: number;
  booked: number;
  wonCents: number;
}

/**
 * The text, in plain words.
 *
 * @example weeklySummaryText("Acme Plumbing", { missedCalls: 14, texted: 12, replied: 7, booked: 4, wonCents: 185_000 })
 * // "Textback for Acme Plumbing. Last week: 14 missed calls, 12 texted, 7 replied, 4 booked, $1,850 won."
 */
export function weeklySummaryText(business: string, w: WeekSummary): string {
  const calls = `${w.missedCalls} missed ${w.missedCalls === 1 ? "call" : "calls"}`;
  return `Textback for ${business}. Last week: ${calls}, ${w.texted} texted, ${w.replied} replied, ${w.booked} booked, ${formatDollars(w.wonCents)} won.`;
}
