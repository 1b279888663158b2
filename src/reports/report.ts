import { and, countDistinct, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { calls, consentEvents, messages } from "../db/schema";
import { TEXT_BACK_KINDS } from "../vocabulary";

export interface Report {
  from: string;
  to: string;
  calls: { total: number; answered: number; missed: number };
  texts: { sent: number; delivered: number; failed: number; queued: number };
  replies: number;
  optOuts: number;
  /** Missed callers who replied ÷ missed callers. */
  recoveryRate: number | null;
  medianSecondsToText: number | null;
}


/** The statements of a report, each one row back; run together in one D1 batch. */
function reportQueries(db: ReturnType<typeof drizzle>, businessId: string, from: number, to: number) {
  const inRange = (col: typeof calls.at | typeof messages.createdAt | typeof consentEvents.at) => and(gte(col, from), lt(col, to));
  const delays = db.$with("delays").as(
    db
      .select({ s: sql<number>`(${messages.sentAt} - ${calls.at}) / 1000.0`.as("s") })
      .from(messages)
      .innerJoin(calls, eq(calls.id, messages.callId))
      .where(and(eq(messages.businessId, businessId), inArray(messages.kind, TEXT_BACK_KINDS), isNotNull(messages.sentAt), inRange(messages.createdAt))),
  );
  return {
    calls: db
      .select({ total: sql<number>`count(*)`, answered: sql<number>`sum(${calls.outcome} = 'answered')` })
      .from(calls)
      .where(and(eq(calls.businessId, businessId), inRange(calls.at))),
    texts: db
      .select({
        sent: sql<number>`sum(${messages.status} in ('sent','delivered'))`,
        delivered: sql<number>`sum(${messages.status} = 'delivered')`,
        failed: sql<number>`sum(${messages.status} in ('failed','undelivered','dead'))`,
        queued: sql<number>`sum(${messages.status} in ('queued','retrying'))`,
      })
      .from(messages)
      .where(and(eq(messages.businessId, businessId), eq(messages.direction, "outbound"), inRange(messages.createdAt))),
    replies: db
      .select({ repliers: countDistinct(messages.fromPhone), replies: sql<number>`count(*)` })
      .from(messages)
      .where(and(eq(messages.businessId, businessId), eq(messages.direction, "inbound"), inRange(messages.createdAt))),
    optOuts: db
      .select({ c: sql<number>`count(*)` })
      .from(consentEvents)
      .where(and(eq(consentEvents.businessId, businessId), eq(consentEvents.kind, "opt_out"), inRange(consentEvents.at))),
    missed: db
      .select({
        missed: countDistinct(calls.fromPhone),
        recovered: sql<number>`count(distinct case when exists (select 1 from ${messages} m where m.business_id = ${calls.businessId} and m.direction = 'inbound' and m.from_phone = ${calls.fromPhone} and m.created_at >= ${calls.at}) then ${calls.fromPhone} end)`,
      })
      .from(calls)
      .where(and(eq(calls.businessId, businessId), inRange(calls.at), sql`${calls.outcome} != 'answered'`)),
    // The median in SQL: one row back, not one per text of the period (thousands for a busy business).
    median: db
      .with(delays)
      .select({ seconds: sql<number | null>`avg(s)` })
      .from(sql`(SELECT s FROM ${delays} ORDER BY s LIMIT 2 - (SELECT count(*) FROM ${delays}) % 2 OFFSET ((SELECT count(*) FROM ${delays}) - 1) / 2)`),
  };
}

/** The business's funnel over [from, to): calls → texts → replies. */
export async function buildReport(d1: D1Database, businessId: string, from: number, to: number): Promise<Report> {
  const db = drizzle(d1);
  const n = (x: unknown) => Number(x ?? 0);
  const q = reportQueries(db, businessId, from, to);
  const [callCounts, textCounts, replyCounts, optOutCount, missedRows, medianRows] = await db.batch([q.calls, q.texts, q.replies, q.optOuts, q.missed, q.median]);
  const total = n(callCounts[0]?.total);
  const answered = n(callCounts[0]?.answered);
  const missedCallers = n(missedRows[0]?.missed);
  const median = medianRows[0]?.seconds;
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    calls: { total, answered, missed: total - answered },
    texts: {
      sent: n(textCounts[0]?.sent),
      delivered: n(textCounts[0]?.delivered),
      failed: n(textCounts[0]?.failed),
      queued: n(textCounts[0]?.queued),
    },
    replies: n(replyCounts[0]?.replies),
    optOuts: n(optOutCount[0]?.c),
    recoveryRate: missedCallers === 0 ? null : n(missedRows[0]?.recovered) / missedCallers,
    medianSecondsToText: median == null ? null : Math.round(Number(median) * 1000) / 1000,
  };
}
