/**
 * The dashboard's week (DESIGN.md §6.7): the funnel and money of the leads this week opened so far
 * and of last week's, Monday to Monday on the business's clock, and the urgent leads waiting now.
 * One D1 batch of three statements, counted as the report counts them (reports/lead-sql.ts).
 */
import { funnelOf, type ReportScope } from "../reports/lead-report";
import { leadsByDaySql, URGENT_WAITING_SQL } from "../reports/lead-sql";
import { FUNNEL_STEPS, type Funnel, type FunnelCounts, type Revenue } from "../reports/report-types";
import { localWeeks } from "../rules/weeks";

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

export async function dashboardWeeks(d1: D1Database, scope: ReportScope, now: number): Promise<DashboardWeeks> {
  const weeks = localWeeks(now, scope.timeZone);
  // Every row of a week in one group: its totals.
  const week = (p: { from: number; to: number }) => d1.prepare(leadsByDaySql("0")).bind(scope.businessId, p.from, p.to, scope.defaultJobValueCents);
  const [thisWeek, lastWeek, waiting] = await d1.batch<Row>([week(weeks.thisWeek), week(weeks.lastWeek), d1.prepare(URGENT_WAITING_SQL).bind(scope.businessId)]);
  return {
    thisWeek: weekFigures(thisWeek!.results[0], weeks.thisWeek),
    lastWeek: weekFigures(lastWeek!.results[0], weeks.lastWeek),
    urgentWaiting: n(waiting!.results[0]?.waiting),
  };
}
