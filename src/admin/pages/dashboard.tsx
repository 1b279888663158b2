/** A business's dashboard: the report's figures for a period, and two charts. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { findBusiness, listNumbers } from "../actions";
import { buildReport } from "../../reports/report";
import { parseSettings } from "../../settings";
import { PauseForm } from "./businesses";
import { DailyCallsChart, FunnelChart } from "./charts";
import { dashboardData, withReplies } from "./dashboard-data";
import type { AdminPagesEnv } from "./env";
import { formatPercent, formatSeconds } from "./format";
import { businessPath, renderPage } from "./layout";

export const dashboardPages = new Hono<AdminPagesEnv>();

const PERIODS = [7, 30, 90] as const;
const DAY_MS = 24 * 3_600_000;

dashboardPages.get("/businesses/:id", async (c) => {
  const db = drizzle(c.env.DB);
  const business = await findBusiness(db, c.req.param("id"));
  const days = PERIODS.find((p) => String(p) === c.req.query("days")) ?? 30;
  const to = Date.now();
  const from = to - days * DAY_MS;
  const [report, charts, nums] = await Promise.all([
    buildReport(c.env.DB, business.id, from, to),
    dashboardData(c.env.DB, business.id, business.timezone, from, to),
    listNumbers(db, business.id),
  ]);
  const settings = parseSettings(business.settings);
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
        <form method="get" action={businessPath(business.id)} class="inline">
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
        <span class={`chip ${settings.paused ? "bad" : settings.shadow ? "warn" : "ok"}`}>
          {settings.paused ? "Texting paused" : settings.shadow ? "Shadow mode: nothing is sent" : "Texting on"}
        </span>
        <PauseForm businessId={business.id} paused={settings.paused} csrf={c.get("session").csrfToken} />
      </div>
      <h2 class="visually-hidden">Figures</h2>
      <dl class="stats">
        {figures.map(([label, value]) => (
          <div>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p class="hint">Recovery rate: missed callers who replied, out of all missed callers. Time to text: from the missed call to the text being accepted by the carrier.</p>
      <div class="grid">
        <DailyCallsChart days={charts.days} />
        <FunnelChart funnel={withReplies(charts.funnel, report)} />
      </div>
    </>,
  );
});
