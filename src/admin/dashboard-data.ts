/** The dashboard's chart data: calls per local day, and the recovery funnel in callers. */
import { and, countDistinct, eq, gte, inArray, lt, ne, sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { calls, messages } from "../db/schema";
import type { Report } from "../reports/report";
import { localTime } from "../rules/schedule";
import { offsetSpans } from "../rules/utc-offsets";
import { TEXT_BACK_KINDS } from "../vocabulary";

export interface DayCount {
  /** YYYY-MM-DD in the business's time zone. */
  date: string;
  answered: number;
  missed: number;
}

export interface Funnel {
  missed: number;
  texted: number;
  delivered: number;
  replied: number;
}

/** The first texts of a conversation, as in reports/report.ts. */

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

/**
 * Independent of the report, so the page can run both at once; {@link withReplies} completes the
 * funnel from the report afterwards.
 */
export async function dashboardData(
  d1: D1Database,
  businessId: string,
  timeZone: string,
  from: number,
  to: number,
): Promise<{ days: DayCount[]; funnel: Omit<Funnel, "replied"> }> {
  const db = drizzle(d1);
  const day = localDay(timeZone, from, to);
  const inRange = and(eq(calls.businessId, businessId), gte(calls.at, from), lt(calls.at, to));
  const textBacks = and(
    eq(messages.businessId, businessId),
    eq(messages.direction, "outbound"),
    inArray(messages.kind, TEXT_BACK_KINDS),
    gte(messages.createdAt, from),
    lt(messages.createdAt, to),
  );
  const [perDay, missedCallers, texted, delivered] = await db.batch([
    db
      .select({ day, total: sql<number>`count(*)`, answered: sql<number>`sum(${calls.outcome} = 'answered')` })
      .from(calls)
      .where(inRange)
      .groupBy(day),
    db.select({ n: countDistinct(calls.fromPhone) }).from(calls).where(and(inRange, ne(calls.outcome, "answered"))),
    db.select({ n: countDistinct(messages.toPhone) }).from(messages).where(and(textBacks, inArray(messages.status, ["sent", "delivered"]))),
    db.select({ n: countDistinct(messages.toPhone) }).from(messages).where(and(textBacks, eq(messages.status, "delivered"))),
  ]);

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

  return {
    days: [...days.values()],
    funnel: {
      missed: Number(missedCallers[0]?.n ?? 0),
      texted: Number(texted[0]?.n ?? 0),
      delivered: Number(delivered[0]?.n ?? 0),
    },
  };
}

/** The funnel's last step: the report's recovery rate is recovered ÷ missed callers, counted as above. */
export function withReplies(funnel: Omit<Funnel, "replied">, report: Report): Funnel {
  return { ...funnel, replied: report.recoveryRate === null ? 0 : Math.round(report.recoveryRate * funnel.missed) };
}
