/**
 * Server-rendered SVG charts: no library, no script, colours from the stylesheet. Each chart has a
 * title for screen readers and its numbers in a table under it.
 */
import type { FC } from "hono/jsx";
import type { Report } from "../../reports/report";
import { countTicks } from "./count-axis";
import { formatShare } from "./format";
import { DataTable } from "./data-table";

/** Calls of one local day of the business (the report's byDay). */
export interface DayCount {
  /** YYYY-MM-DD in the business's time zone. */
  date: string;
  answered: number;
  missed: number;
}

/** Drawn at about the size it is shown on a desktop, so its text reads at the stylesheet's sizes. */
const W = 420;
const H = 220;
const PAD = { top: 10, right: 6, bottom: 26, left: 28 };

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** "2026-03-04" → "Mar 4" (the date is already local). Spelled out here: toLocaleDateString builds a formatter per call, four per day of the chart. */
function shortDate(date: string): string {
  const [, m, d] = date.split("-").map(Number);
  return `${MONTHS[m! - 1]} ${d}`;
}

const DailyCallsCaption: FC = () => (
  <figcaption>
    <strong>Missed and answered calls per day</strong>
    <div class="legend" aria-hidden="true">
      <span>
        <span class="swatch missed" />
        Missed
      </span>
      <span>
        <span class="swatch answered" />
        Answered
      </span>
    </div>
  </figcaption>
);

/** The chart's numbers, for screen readers and anyone who wants them exact. */
const DailyCallsTable: FC<{ days: readonly DayCount[] }> = ({ days }) => (
  <details>
    <summary>Numbers per day</summary>
    <DataTable
      phone="table"
      columns={["Day", { label: "Missed", num: true }, { label: "Answered", num: true }]}
      rows={days.map((d) => [shortDate(d.date), d.missed, d.answered])}
    />
  </details>
);

export const DailyCallsChart: FC<{ days: readonly DayCount[] }> = ({ days }) => {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  // Whole counts in steps of 1, 2, 5, 10…; at least 0-4, so a quiet day's one call is not a full bar.
  const ticks = countTicks(Math.max(4, ...days.map((d) => Math.max(d.missed, d.answered))));
  const max = ticks[ticks.length - 1]!;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, Math.min(18, slot * 0.38));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const labelEvery = Math.ceil(days.length / 6);
  const total = days.reduce((a, d) => ({ missed: a.missed + d.missed, answered: a.answered + d.answered }), { missed: 0, answered: 0 });
  return (
    <figure class="card" id="daily-calls">
      <DailyCallsCaption />
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="daily-title">
        <title id="daily-title">{`Calls per day: ${total.missed} missed and ${total.answered} answered over ${days.length} days`}</title>
        {ticks.map((t) => (
          <g>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text class="axis" x={PAD.left - 5} y={y(t) + 4} text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * slot + slot / 2;
          return (
            <g>
              <rect class="bar-missed" x={x - barW} y={y(d.missed)} width={barW} height={y(0) - y(d.missed)}>
                <title>{`${shortDate(d.date)}: ${d.missed} missed`}</title>
              </rect>
              <rect class="bar-answered" x={x} y={y(d.answered)} width={barW} height={y(0) - y(d.answered)}>
                <title>{`${shortDate(d.date)}: ${d.answered} answered`}</title>
              </rect>
              {/* Counted back from the last day, so today always has its date. */}
              {(days.length - 1 - i) % labelEvery === 0 ? (
                <text class="axis" x={x} y={H - 8} text-anchor={x > W - PAD.right - 20 ? "end" : x < PAD.left + 20 ? "start" : "middle"}>
                  {shortDate(d.date)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <DailyCallsTable days={days} />
    </figure>
  );
};

/**
 * The report's callers, each step a part of the one before (reports/figures.ts): the callers who
 * could be customers are the recovery rate's whole, so the steps after them are shares of them.
 */
const FUNNEL_STEPS = [
  ["missed", "Missed callers", "missed callers"],
  ["recoverable", "Could be customers", "could be customers"],
  ["textedBack", "Texted back", "texted back"],
  ["delivered", "Text delivered", "delivered"],
  ["replied", "Replied", "replied"],
] as const;

/** " (86%)": could-be-customers of the missed callers, every later step of the could-be-customers. */
function stepShare(callers: Report["callers"], key: (typeof FUNNEL_STEPS)[number][0]): string {
  const whole = key === "recoverable" ? callers.missed : callers.recoverable;
  return key === "missed" || whole === 0 ? "" : ` (${formatShare(callers[key], whole)})`;
}

export const FunnelChart: FC<{ callers: Report["callers"] }> = ({ callers }) => {
  const rowH = 36;
  const labelW = 136;
  const valueW = 84;
  const height = FUNNEL_STEPS.length * rowH + 8;
  const max = Math.max(1, callers.missed);
  const barSpace = W - labelW - valueW;
  return (
    <figure class="card" id="recovery-funnel">
      <figcaption>
        <strong>Recovery funnel</strong>{" "}
        <span class="hint">
          Callers, not calls: one person who called three times counts once. Blocked callers and your own staff are not customers to win back; the shares after
          them are of the callers who could be customers, as the recovery rate's.
        </span>
      </figcaption>
      <svg class="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby="funnel-title">
        <title id="funnel-title">{`Recovery funnel: ${FUNNEL_STEPS.map(([key, , words]) => `${callers[key]} ${words}`).join(", ")}`}</title>
        {FUNNEL_STEPS.map(([key, label], i) => {
          const v = callers[key];
          const w = (v / max) * barSpace;
          const top = 4 + i * rowH;
          return (
            <g>
              <text class="label" x={0} y={top + rowH / 2 + 2}>
                {label}
              </text>
              <rect class={`funnel-${key}`} x={labelW} y={top + 6} width={Math.max(v > 0 ? 2 : 0, w)} height={rowH - 14} rx={3} />
              <text class="value" x={labelW + w + 8} y={top + rowH / 2 + 2}>
                {`${v}${stepShare(callers, key)}`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
};
