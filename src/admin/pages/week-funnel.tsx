/**
 * The dashboard's week: from missed call to won, this week so far beside last week, as a
 * server-rendered SVG (no script), with its numbers in a table under it; the money won and the
 * pipeline side by side; the urgent leads waiting now. Missed → texted → replied is drawn as a
 * funnel (each step a part of the one before: reports/lead-sql.ts); qualified, booked and won are
 * drawn apart, under a line, as where the leads got to: a person or a booking can move a lead there
 * without a text or a reply (a VIP called back and won), so they are no funnel.
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

/** The steps that nest, each a part of the one before; then the ones that need not. */
const FUNNEL_PART = ["missed", "texted", "engaged"] as const satisfies readonly FunnelStep[];
const THEN_PART = ["qualified", "booked", "won"] as const satisfies readonly FunnelStep[];

/** Drawn at about its size on a phone, so its text stays readable at 390 px. */
const W = 360;
const ROW = 44;
/** The space between the two parts: a line and the words saying the rest is no funnel. */
const GAP = 30;
const LABEL_W = 74;
const VALUE_W = 74;

/** " (50%)" of the missed ones; nothing for the missed step itself or a week without missed-call leads. */
function share(week: WeekFigures, step: FunnelStep): string {
  const rate = step === "missed" ? null : week.funnel.rates[step];
  return rate === null ? "" : ` (${formatPercent(rate)})`;
}

function FunnelRow(props: { step: FunnelStep; i: number; weeks: DashboardWeeks; max: number }) {
  const { step, i, weeks, max } = props;
  const top = 4 + i * ROW + (i >= FUNNEL_PART.length ? GAP : 0);
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

/** Missed → texted → replied, then qualified, booked, won: leads, this week so far against all of last week. */
export const WeekFunnelChart: FC<{ weeks: DashboardWeeks }> = ({ weeks }) => {
  const max = Math.max(1, weeks.thisWeek.funnel.missed, weeks.lastWeek.funnel.missed);
  const part = (w: WeekFigures, steps: readonly FunnelStep[]) => steps.map((s) => `${w.funnel[s]} ${STEP_WORDS[s].toLowerCase()}`).join(", ");
  const words = (w: WeekFigures) => `${part(w, FUNNEL_PART)}; then ${part(w, THEN_PART)}`;
  const lineY = 4 + FUNNEL_PART.length * ROW + 6;
  return (
    <figure class="card" id="week-funnel">
      <figcaption>
        <strong>From missed call to won</strong>{" "}
        <span class="hint">
          Leads opened by a missed call, this week so far (Monday on) and last week; shares of the missed ones. Missed, texted, replied: each a part of the one
          before. Qualified, booked and won are not a funnel: a lead can get there without a text or a reply (a VIP you called back).
        </span>
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
      <svg class="chart week" viewBox={`0 0 ${W} ${FUNNEL_STEPS.length * ROW + GAP + 6}`} role="img" aria-labelledby="week-funnel-title">
        <title id="week-funnel-title">{`This week: ${words(weeks.thisWeek)}. Last week: ${words(weeks.lastWeek)}.`}</title>
        {[...FUNNEL_PART, ...THEN_PART].map((step, i) => (
          <FunnelRow step={step} i={i} weeks={weeks} max={max} />
        ))}
        <line class="grid" x1={0} x2={W} y1={lineY} y2={lineY} />
        <text class="axis" x={0} y={lineY + 16}>
          Then, texted or not (not a funnel):
        </text>
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
