/**
 * The dashboard's week: the funnel from missed call to won, this week so far beside last week, as a
 * server-rendered SVG (no script), with its numbers in a table under it; the money won and the
 * pipeline side by side; the urgent leads waiting now.
 */
import type { FC } from "hono/jsx";
import type { DashboardWeeks, WeekFigures } from "../dashboard-data";
import { FUNNEL_STEPS, type FunnelStep } from "../../reports/report-types";
import { formatPercent } from "./format";
import { DataTable } from "./data-table";
import { businessPath } from "./layout";
import { formatCents } from "./lead-format";

/** The steps as the owner says them. */
const STEP_WORDS: Record<FunnelStep, string> = { missed: "Missed", texted: "Texted", engaged: "Replied", qualified: "Qualified", booked: "Booked", won: "Won" };

/** Drawn at about its size on a phone, so its text stays readable at 390 px. */
const W = 360;
const ROW = 44;
const LABEL_W = 74;
const VALUE_W = 74;

/** " (50%)" of the missed ones; nothing for the missed step itself or a week without missed-call leads. */
function share(week: WeekFigures, step: FunnelStep): string {
  const rate = step === "missed" ? null : week.funnel.rates[step];
  return rate === null ? "" : ` (${formatPercent(rate)})`;
}

function FunnelRow(props: { step: FunnelStep; i: number; weeks: DashboardWeeks; max: number }) {
  const { step, i, weeks, max } = props;
  const top = 4 + i * ROW;
  const space = W - LABEL_W - VALUE_W;
  const bar = (week: WeekFigures, y: number, cls: string, when: string) => {
    const v = week.funnel[step];
    const w = (v / max) * space;
    return (
      <>
        <rect class={cls} x={LABEL_W} y={y} width={Math.max(v > 0 ? 2 : 0, w)} height={14} rx={2}>
          <title>{`${STEP_WORDS[step]}, ${when}: ${v}${share(week, step)}`}</title>
        </rect>
        <text class={cls === "week-this" ? "value" : "axis"} x={LABEL_W + w + 6} y={y + 12}>
          {`${v}${share(week, step)}`}
        </text>
      </>
    );
  };
  return (
    <g>
      <text class="label" x={0} y={top + 20}>
        {STEP_WORDS[step]}
      </text>
      {bar(weeks.thisWeek, top + 4, "week-this", "this week")}
      {bar(weeks.lastWeek, top + 21, "week-last", "last week")}
    </g>
  );
}

const FunnelTable: FC<{ weeks: DashboardWeeks }> = ({ weeks }) => (
  <details>
    <summary>Numbers</summary>
    <DataTable
      phone="table"
      columns={["Step", { label: "This week", num: true }, { label: "Last week", num: true }]}
      rows={FUNNEL_STEPS.map((s) => [STEP_WORDS[s], `${weeks.thisWeek.funnel[s]}${share(weeks.thisWeek, s)}`, `${weeks.lastWeek.funnel[s]}${share(weeks.lastWeek, s)}`])}
    />
  </details>
);

/** Missed → texted → replied → qualified → booked → won: leads, this week so far against all of last week. */
export const WeekFunnelChart: FC<{ weeks: DashboardWeeks }> = ({ weeks }) => {
  const max = Math.max(1, weeks.thisWeek.funnel.missed, weeks.lastWeek.funnel.missed);
  const words = (w: WeekFigures) => FUNNEL_STEPS.map((s) => `${w.funnel[s]} ${STEP_WORDS[s].toLowerCase()}`).join(", ");
  return (
    <figure class="card" id="week-funnel">
      <figcaption>
        <strong>From missed call to won</strong> <span class="hint">Leads opened by a missed call, this week so far (Monday on) and last week; shares of the missed ones.</span>
        <div class="legend" aria-hidden="true">
          <span>
            <span class="swatch this-week" />
            This week
          </span>
          <span>
            <span class="swatch last-week" />
            Last week
          </span>
        </div>
      </figcaption>
      <svg class="chart week" viewBox={`0 0 ${W} ${FUNNEL_STEPS.length * ROW + 6}`} role="img" aria-labelledby="week-funnel-title">
        <title id="week-funnel-title">{`This week: ${words(weeks.thisWeek)}. Last week: ${words(weeks.lastWeek)}.`}</title>
        {FUNNEL_STEPS.map((step, i) => (
          <FunnelRow step={step} i={i} weeks={weeks} max={max} />
        ))}
      </svg>
      <FunnelTable weeks={weeks} />
    </figure>
  );
};

/** Won (confirmed) and pipeline (estimated) side by side, never added together; the urgent leads waiting. */
export const WeekMoney: FC<{ weeks: DashboardWeeks; businessId: string }> = ({ weeks, businessId }) => (
  <dl class="stats money">
    <div data-figure="week.wonCents">
      <dt>Won this week (confirmed)</dt>
      <dd>
        {formatCents(weeks.thisWeek.revenue.wonCents)}
        <small> last week {formatCents(weeks.lastWeek.revenue.wonCents)}</small>
      </dd>
    </div>
    <div data-figure="week.estimatedCents">
      <dt>Pipeline this week (estimated)</dt>
      <dd>
        {formatCents(weeks.thisWeek.revenue.estimatedCents)}
        <small> last week {formatCents(weeks.lastWeek.revenue.estimatedCents)}</small>
      </dd>
    </div>
    <div data-figure="urgentWaiting" class={weeks.urgentWaiting > 0 ? "alarm" : undefined}>
      <dt>Urgent leads waiting</dt>
      <dd>
        <a href={`${businessPath(businessId, "/leads")}?urgent=true`}>{weeks.urgentWaiting}</a>
        <small> nobody has taken the page</small>
      </dd>
    </div>
  </dl>
);
