/**
 * The report's second part (DESIGN.md §6.7): the funnel of the leads a period opened, their money,
 * how fast a person answered and urgent pages were taken, and all of it per local day of the business.
 */
import { ACKNOWLEDGE_MEDIAN_SQL, callsByDaySql, HUMAN_REPLY_MEDIAN_SQL, leadsByDaySql } from "./lead-sql";
import { dayNumberDate, localDates, localDaySql } from "./local-days";
import { LOST_SQL, lostLeads } from "./lost-leads";
import { FUNNEL_STEPS, type Funnel, type FunnelCounts, type Report, type ReportDay } from "./report-types";

/** Whose report: the business, its clock, and what an open lead without an estimate is worth. */
export interface ReportScope {
  businessId: string;
  timeZone: string;
  defaultJobValueCents: number | null;
}

/** Longer periods get their totals without `byDay` (a day list that long is no report anyone reads). */
export const MAX_BY_DAY_DAYS = 400;

type Row = Record<string, number | string | null>;
type LeadFigures = Pick<Report, "funnel" | "revenue" | "lost" | "medianSecondsToFirstHumanReply" | "urgent" | "byDay">;

const n = (v: unknown) => Number(v ?? 0);
const seconds = (v: unknown) => (v == null ? null : Math.round(Number(v) * 1000) / 1000);

/** Each step's share of the missed-call leads. */
export function funnelOf(counts: FunnelCounts): Funnel {
  const rate = (v: number) => (counts.missed === 0 ? null : v / counts.missed);
  return { ...counts, rates: { texted: rate(counts.texted), engaged: rate(counts.engaged), qualified: rate(counts.qualified), booked: rate(counts.booked), won: rate(counts.won) } };
}

const byDayWanted = (from: number, to: number) => to - from <= MAX_BY_DAY_DAYS * 86_400_000;

/** The statements, to go in the report's one D1 batch: leads by day, calls by day, two medians, lost leads by reason. */
export function leadStatements(d1: D1Database, scope: ReportScope, from: number, to: number): D1PreparedStatement[] {
  // Without byDay, every row falls in one group: the totals alone.
  const day = (column: string) => (byDayWanted(from, to) ? localDaySql(column, scope.timeZone, from, to) : "0");
  const period = [scope.businessId, from, to] as const;
  return [
    d1.prepare(leadsByDaySql(day("created_at"))).bind(...period, scope.defaultJobValueCents),
    d1.prepare(callsByDaySql(day("at"))).bind(...period),
    d1.prepare(HUMAN_REPLY_MEDIAN_SQL).bind(...period),
    d1.prepare(ACKNOWLEDGE_MEDIAN_SQL).bind(...period),
    d1.prepare(LOST_SQL).bind(...period, scope.defaultJobValueCents),
  ];
}

function emptyDay(date: string): ReportDay {
  const funnel = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, 0])) as FunnelCounts;
  return { date, calls: { answered: 0, missed: 0 }, funnel, revenue: { estimatedCents: 0, wonCents: 0 }, urgent: 0 };
}

/** The days' rows added up: the period's own figures, and the days if they were asked for. */
export function leadFigures(results: Row[][], scope: ReportScope, from: number, to: number): LeadFigures {
  const [leadDays = [], callDays = [], humanMedian = [], ackMedian = [], lost = []] = results;
  const wanted = byDayWanted(from, to);
  const days = new Map((wanted ? localDates(from, to, scope.timeZone) : ["total"]).map((d) => [d, emptyDay(d)]));
  const dayOf = (row: Row) => days.get(wanted ? dayNumberDate(n(row.day)) : "total");
  const total = emptyDay("total");
  for (const row of leadDays) {
    for (const target of [dayOf(row), total]) {
      if (!target) continue;
      for (const s of FUNNEL_STEPS) target.funnel[s] += n(row[s]);
      target.revenue.estimatedCents += n(row.estimated_cents);
      target.revenue.wonCents += n(row.won_cents);
      target.urgent += n(row.urgent);
    }
  }
  for (const row of callDays) {
    const target = dayOf(row);
    if (target) {
      target.calls.answered += n(row.answered);
      target.calls.missed += n(row.total) - n(row.answered);
    }
  }
  return {
    funnel: funnelOf(total.funnel),
    revenue: total.revenue,
    lost: lostLeads(lost),
    medianSecondsToFirstHumanReply: seconds(humanMedian[0]?.seconds),
    urgent: { count: total.urgent, medianSecondsToAcknowledge: seconds(ackMedian[0]?.seconds) },
    byDay: wanted ? [...days.values()] : null,
  };
}
