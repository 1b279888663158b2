/** The dashboard's chart of calls per local day (its figures and funnel are the report's). */
import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { calls } from "../db/schema";
import { localTime } from "../rules/schedule";
import { offsetSpans } from "../rules/utc-offsets";

export interface DayCount {
  /** YYYY-MM-DD in the business's time zone. */
  date: string;
  answered: number;
  missed: number;
}

const DAY_MS = 86_400_000;

/**
 * A call's local day as a day number (days since 1970-01-01 in the business's zone), in SQL: the
 * zone's offset is constant within each span, so D1 groups the calls by day itself and sends back
 * one row per day instead of one per call (or per 15 minutes) of the period.
 */
function localDay(timeZone: string, from: number, to: number): SQL<number> {
  // Integer literals, not parameters: a bound JS number may arrive as REAL, and the division must
  // be SQLite's integer one. They are integers computed here, never input.
  const int = (n: number) => sql.raw(String(Math.trunc(n)));
  const spans = offsetSpans(from, to, timeZone);
  const last = spans[spans.length - 1]!;
  let offset = int(last.offsetMs);
  if (spans.length > 1) {
    const branches = spans.slice(1).map((s, i) => sql`WHEN ${calls.at} < ${int(s.start)} THEN ${int(spans[i]!.offsetMs)}`);
    offset = sql`CASE ${sql.join(branches, sql` `)} ELSE ${int(last.offsetMs)} END`;
  }
  return sql<number>`(${calls.at} + ${offset}) / ${int(DAY_MS)}`;
}

/** Calls per local day of the business, every day of the period (empty ones too). */
export async function dashboardData(d1: D1Database, businessId: string, timeZone: string, from: number, to: number): Promise<{ days: DayCount[] }> {
  const db = drizzle(d1);
  const day = localDay(timeZone, from, to);
  const perDay = await db
    .select({ day, total: sql<number>`count(*)`, answered: sql<number>`sum(${calls.outcome} = 'answered')` })
    .from(calls)
    .where(and(eq(calls.businessId, businessId), gte(calls.at, from), lt(calls.at, to)))
    .groupBy(day);

  const days = new Map<string, DayCount>();
  // Every local date in the period, empty ones too; 6-hour steps never skip a day (days are ≥ 23 h).
  for (let t = from; t < to; t += 6 * 3_600_000) {
    const date = localTime(t, timeZone).date;
    if (!days.has(date)) days.set(date, { date, answered: 0, missed: 0 });
  }
  const last = localTime(to - 1, timeZone).date;
  if (!days.has(last)) days.set(last, { date: last, answered: 0, missed: 0 });
  for (const row of perDay) {
    const date = new Date(Number(row.day) * DAY_MS).toISOString().slice(0, 10);
    const counts = days.get(date);
    if (!counts) continue;
    const answered = Number(row.answered ?? 0);
    counts.answered += answered;
    counts.missed += Number(row.total) - answered;
  }

  return { days: [...days.values()] };
}
