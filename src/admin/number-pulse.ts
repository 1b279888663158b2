/** A number's last call in words (the number's page turns green when the first one arrives; the dashboard shows each number's). */
import type { LastCall } from "../db/last-call";
import { clockTime, formatPhone, localeOf } from "../rules/display";
import { localTime } from "../rules/schedule";

const DAY_NAMES = { sun: "Sun", mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat" } as const;

/** "Last call Tue 3:05 PM from (415) 555-0101, forwarded from (312) 555-0100", in the business's zone and locale. */
export function lastCallWords(call: LastCall | null, numberE164: string, timeZone: string, now = Date.now()): string {
  if (!call) return "No call has reached this number yet.";
  const locale = localeOf(numberE164);
  const day = localTime(call.at, timeZone);
  // A weekday names the last seven days; an older call needs its date.
  const when = `${now - call.at < 6 * 86_400_000 ? DAY_NAMES[day.day] : day.date} ${clockTime(call.at, timeZone, locale)}`;
  const from = call.from ? ` from ${formatPhone(call.from)}` : " from a withheld number";
  const via = call.forwardedFrom ? `, forwarded from ${formatPhone(call.forwardedFrom)}` : "";
  return `Last call ${when}${from}${via}.`;
}
