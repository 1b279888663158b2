/**
 * A business's local days in SQL: a timestamp's day number (days since 1970-01-01 on the business's
 * clocks), so D1 groups rows by local day itself and sends back one row per day, right across
 * daylight-saving changes (the zone's offset is constant within each span of rules/utc-offsets.ts).
 */
import { offsetSpans } from "../rules/utc-offsets";

const DAY_MS = 86_400_000;

/**
 * The local day number of `column` (a ms timestamp) as an SQL expression for rows in [from, to).
 * Integer literals, not parameters: a bound JS number may arrive as REAL, and the division must be
 * SQLite's integer one. They are integers computed here, never input; `column` is the caller's own.
 *
 * @example localDaySql("at", "America/Chicago", from, to) // "(at + CASE WHEN at < 1772956800000 THEN -21600000 ELSE -18000000 END) / 86400000"
 */
export function localDaySql(column: string, timeZone: string, from: number, to: number): string {
  if (!/^[a-z_.]+$/.test(column)) throw new Error(`not a column: ${column}`);
  const spans = offsetSpans(from, to, timeZone);
  const last = spans[spans.length - 1]!;
  const int = (n: number) => String(Math.trunc(n));
  let offset = int(last.offsetMs);
  if (spans.length > 1) {
    const branches = spans.slice(1).map((s, i) => `WHEN ${column} < ${int(s.start)} THEN ${int(spans[i]!.offsetMs)}`);
    offset = `CASE ${branches.join(" ")} ELSE ${offset} END`;
  }
  return `(${column} + ${offset}) / ${DAY_MS}`;
}

/** A day number from localDaySql as its date, YYYY-MM-DD. */
export const dayNumberDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Every local date the period [from, to) touches, in order: each span's days, by arithmetic on its constant offset. */
export function localDates(from: number, to: number, timeZone: string): string[] {
  if (to <= from) return [];
  const spans = offsetSpans(from, to, timeZone);
  const days = new Set<number>();
  spans.forEach((s, i) => {
    const last = (spans[i + 1]?.start ?? to) - 1;
    for (let d = Math.floor((s.start + s.offsetMs) / DAY_MS); d <= Math.floor((last + s.offsetMs) / DAY_MS); d++) days.add(d);
  });
  return [...days].map(dayNumberDate);
}
