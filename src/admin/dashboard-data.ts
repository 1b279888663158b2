/**
 * The dashboard's week (DESIGN.md §6.7): the funnel and money of the leads this week opened so far
 * and of last week's, Monday to Monday on the business's clock, and the urgent leads waiting now.
 * Counted as the report counts them (reports/lead-sql.ts), from the report's own days when they cover both weeks.
 */
import { funnelOf, type ReportScope } from "../reports/lead-report";
import { leadsByDaySql, URGENT_WAITING_SQL } from "../reports/lead-sql";
import { FUNNEL_STEPS, type Funnel, type FunnelCounts, type ReportDay, type Revenue } from "../reports/report-types";
import { addDays, localWeeks, type LocalWeeks } from "../rules/weeks";

export interface WeekFigures {
  from: number;
  to: number;
  funnel: Funnel;
  revenue: Revenue;
}

export interface DashboardWeeks {
  thisWeek: WeekFigures;
  lastWeek: WeekFigures;
  /** Open urgent leads whose page nobody has taken. */
  urgentWaiting: number;
}

type Row = Record<string, number | string | null>;
const n = (v: unknown) => Number(v ?? 0);

function weekFigures(row: Row | undefined, period: { from: number; to: number }): WeekFigures {
  const counts = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, n(row?.[s])])) as FunnelCounts;
  return { ...period, funnel: funnelOf(counts), revenue: { estimatedCents: n(row?.estimated_cents), wonCents: n(row?.won_cents) } };
}

/** The days of a report up to now, added up into the two weeks (each of those days whole in it). */
function weeksFromDays(byDay: readonly ReportDay[], weeks: LocalWeeks): Pick<DashboardWeeks, "thisWeek" | "lastWeek"> {
  const lastMonday = addDays(weeks.monday, -7);
  const sum = (days: readonly ReportDay[]): Row => {
    const row: Record<string, number> = { estimated_cents: 0, won_cents: 0 };
    for (const d of days) {
      for (const s of FUNNEL_STEPS) row[s] = (row[s] ?? 0) + d.funnel[s];
      row.estimated_cents! += d.revenue.estimatedCents;
      row.won_cents! += d.revenue.wonCents;
    }
    return row;
  };
  return {
    thisWeek: weekFigures(sum(byDay.filter((d) => d.date >= weeks.monday)), weeks.thisWeek),
    lastWeek: weekFigures(sum(byDay.filter((d) => d.date >= lastMonday && d.date < weeks.monday)), weeks.lastWeek),
  };
}

/** Open urgent leads whose page nobody has taken, now. */
export async function urgentWaiting(d1: D1Database, businessId: string): Promise<number> {
  return n((await d1.prepare(URGENT_WAITING_SQL).bind(businessId).first<Row>())?.waiting);
}

/**
 * The two weeks to `now`. `report`: the dashboard's own report to `now`, whose days already hold
 * both weeks when it starts by last Monday (30 and 90 days do), with the urgent leads waiting when
 * the page asked for them beside the report; else each week is one more statement in a batch.
 */
export async function dashboardWeeks(
  d1: D1Database,
  scope: ReportScope,
  now: number,
  report?: { from: number; byDay: ReportDay[] | null; urgentWaiting?: number },
): Promise<DashboardWeeks> {
  const weeks = localWeeks(now, scope.timeZone);
  if (report?.byDay && report.from <= weeks.lastWeek.from) {
    return { ...weeksFromDays(report.byDay, weeks), urgentWaiting: report.urgentWaiting ?? (await urgentWaiting(d1, scope.businessId)) };
  }
  // Every row of a week in one group: its totals.
  const week = (p: { from: number; to: number }) => d1.prepare(leadsByDaySql("0")).bind(scope.businessId, p.from, p.to, scope.defaultJobValueCents);
  const waiting = d1.prepare(URGENT_WAITING_SQL).bind(scope.businessId);
  const [thisWeek, lastWeek, urgent] = await d1.batch<Row>([week(weeks.thisWeek), week(weeks.lastWeek), waiting]);
  return {
    thisWeek: weekFigures(thisWeek!.results[0], weeks.thisWeek),
    lastWeek: weekFigures(lastWeek!.results[0], weeks.lastWeek),
    urgentWaiting: n(urgent!.results[0]?.waiting),
  };
}
