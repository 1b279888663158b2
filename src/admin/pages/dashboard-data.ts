/** The dashboard's chart data: calls per local day, and the recovery funnel in callers. */
import { and, countDistinct, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { calls, messages } from "../../db/schema";
import type { Report } from "../../reports/report";
import { localTime } from "../../rules/schedule";

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
const TEXT_BACK_KINDS = ["missed_call", "after_hours", "voicemail", "ai_abandoned"];

/**
 * Calls are counted per 15-minute bucket in SQL and the buckets are put in local days here: SQLite
 * knows no time zones, and every zone's offset is a multiple of 15 minutes, so this is exact across
 * daylight-saving changes while sending at most 96 rows a day back from D1.
 */
const BUCKET_MS = 15 * 60_000;

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
  const bucket = sql<number>`${calls.at} / ${BUCKET_MS}`;
  const inRange = and(eq(calls.businessId, businessId), gte(calls.at, from), lt(calls.at, to));
  const textBacks = and(
    eq(messages.businessId, businessId),
    eq(messages.direction, "outbound"),
    inArray(messages.kind, TEXT_BACK_KINDS),
    gte(messages.createdAt, from),
    lt(messages.createdAt, to),
  );
  const [buckets, missedCallers, texted, delivered] = await db.batch([
    db
      .select({ bucket, total: sql<number>`count(*)`, answered: sql<number>`sum(${calls.outcome} = 'answered')` })
      .from(calls)
      .where(inRange)
      .groupBy(bucket),
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
  for (const b of buckets) {
    // The first bucket may start before `from`; its calls do not.
    const date = localTime(Math.max(Number(b.bucket) * BUCKET_MS, from), timeZone).date;
    const day = days.get(date);
    if (!day) continue;
    const answered = Number(b.answered ?? 0);
    day.answered += answered;
    day.missed += Number(b.total) - answered;
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
