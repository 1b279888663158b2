/** A business's dashboard: the report's figures for a period, and two charts. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { buildReport, type Report } from "../../reports/report";
import { parseSettings } from "../../settings";
import { routeBusiness } from "../businesses";
import { dashboardData, withReplies } from "../dashboard-data";
import { listNumbers } from "../numbers";
import { PauseForm, TextingChip } from "./businesses";
import { DailyCallsChart, FunnelChart } from "./charts";
import type { AdminPagesEnv } from "./env";
import { formatPercent, formatSeconds } from "./format";
import { businessPath, renderPage } from "./layout";

export const dashboardPages = new Hono<AdminPagesEnv>();

const PERIODS = [7, 30, 90] as const;
const DAY_MS = 24 * 3_600_000;

function Figures({ report }: { report: Report }) {
  const figures: [string, string | number][] = [
    ["Calls", report.calls.total],
    ["Answered", report.calls.answered],
    ["Missed", report.calls.missed],
    ["Texts sent", report.texts.sent],
    ["Delivered", report.texts.delivered],
    ["Replies", report.replies],
    ["Opted out", report.optOuts],
    ["Recovery rate", formatPercent(report.recoveryRate)],
    ["Median time to text", formatSeconds(report.medianSecondsToText)],
  ];
  return (
    <dl class="stats">
      {figures.map(([label, value]) => (
        <div>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function PeriodForm({ businessId, days }: { businessId: string; days: number }) {
  return (
    <form method="get" action={businessPath(businessId)} class="inline">
      <div>
        <label for="period">Period</label>
        <select id="period" name="days">
          {PERIODS.map((p) => (
            <option value={String(p)} selected={p === days}>
              Last {p} days
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="secondary">
        Show
      </button>
    </form>
  );
}

dashboardPages.get("/businesses/:id", async (c) => {
  const business = await routeBusiness(c);
  const days = PERIODS.find((p) => String(p) === c.req.query("days")) ?? 30;
  const to = Date.now();
  const from = to - days * DAY_MS;
  const [report, charts, nums] = await Promise.all([
    buildReport(c.env.DB, business.id, from, to),
    dashboardData(c.env.DB, business.id, business.timezone, from, to),
    listNumbers(drizzle(c.env.DB), business.id),
  ]);
  const settings = parseSettings(business.settings);
  return renderPage(
    c,
    { title: "Dashboard", business, tab: "dashboard" },
    <>
      <h1>Dashboard</h1>
      {nums.length === 0 ? (
        <p class="error">
          This business has no phone number yet, so no calls can reach it. <a href={businessPath(business.id, "/numbers")}>Add a number</a>.
        </p>
      ) : null}
      <div class="actions toolbar">
        <PeriodForm businessId={business.id} days={days} />
        <TextingChip settings={settings} on="Texting on" paused="Texting paused" shadow="Shadow mode: nothing is sent" />
        <PauseForm businessId={business.id} paused={settings.paused} csrf={c.get("session").csrfToken} />
      </div>
      <h2 class="visually-hidden">Figures</h2>
      <Figures report={report} />
      <p class="hint">Recovery rate: missed callers who replied, out of all missed callers. Time to text: from the missed call to the text being accepted by the carrier.</p>
      <div class="grid">
        <DailyCallsChart days={charts.days} />
        <FunnelChart funnel={withReplies(charts.funnel, report)} />
      </div>
    </>,
  );
});
