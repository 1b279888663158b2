/** A business's dashboard: this week's funnel and money against last week's, then the report's figures for a period, its charts and its lost leads. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { buildReport, reportScope } from "../../reports/report";
import { leadsCsv } from "../../reports/leads-csv";
import { reportCsvFile } from "../../reports/report-csv";
import { parseSettings } from "../../settings";
import type { BusinessRow } from "../../db/schema";
import { routeBusiness } from "../businesses";
import { dashboardWeeks, urgentWaiting } from "../dashboard-data";
import { capState } from "../daily-cap";
import { DailyCapNotice } from "./daily-cap-notice";
import { numberAuthProblems, type NumberAuthProblem } from "../number-problems";
import { listNumbers, type AdminNumber } from "../numbers";
import { lastCall, type LastCall } from "../../db/last-call";
import { lastCallWords } from "../number-pulse";
import { formatPhone } from "../../rules/display";
import { PauseForm, TextingChip } from "./businesses";
import { DailyCallsChart, FunnelChart } from "./charts";
import type { AdminPagesEnv } from "./env";
import { businessPath, renderPage } from "./layout";
import { LostLeadsCard } from "./lost-leads";
import { NumberAuthWarning } from "./number-problem";
import { FigureDefinitions, Figures, TextsByKind } from "./report-figures";
import { WeekFunnelChart, WeekMoney } from "./week-funnel";

export const dashboardPages = new Hono<AdminPagesEnv>();

const PERIODS = [7, 30, 90] as const;
const DAY_MS = 24 * 3_600_000;

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

/** The period the page shows: the last 7, 30 (the default) or 90 days. */
function pagePeriod(query: string | undefined): { days: number; from: number; to: number } {
  const days = PERIODS.find((p) => String(p) === query) ?? 30;
  const to = Date.now();
  return { days, from: to - days * DAY_MS, to };
}

/** Whether calls reach the business: no number yet, a number whose credentials the carrier refuses, each number's last call. */
function NumbersState(props: { business: BusinessRow; nums: AdminNumber[]; lasts: (LastCall | null)[]; problems: Map<string, NumberAuthProblem> }) {
  const { business, nums, lasts, problems } = props;
  const fixHref = businessPath(business.id, "/numbers");
  if (nums.length === 0) {
    return (
      <p class="error">
        This business has no phone number yet, so no calls can reach it. <a href={fixHref}>Add a number</a>.
      </p>
    );
  }
  return (
    <>
      {nums.map((n) => {
        const problem = problems.get(n.id);
        return problem ? <NumberAuthWarning problem={problem} e164={n.e164} tz={business.timezone} fixHref={fixHref} /> : null;
      })}
      <ul class="pulses">
        {nums.map((n, i) => (
          <li class={lasts[i] ? "pulse ok" : "pulse waiting"}>
            {formatPhone(n.e164)}: {lastCallWords(lasts[i] ?? null, n.e164, business.timezone)}
          </li>
        ))}
      </ul>
    </>
  );
}

dashboardPages.get("/businesses/:id", async (c) => {
  const business = await routeBusiness(c);
  const { days, from, to } = pagePeriod(c.req.query("days"));
  const scope = reportScope(business);
  const db = drizzle(c.env.DB);
  // Side by side: the report's batch, the numbers with each one's last call, their problems, the urgent leads waiting, the daily cap.
  const settings = parseSettings(business.settings);
  const [report, { nums, lasts }, problems, waiting, cap] = await Promise.all([
    buildReport(c.env.DB, scope, from, to),
    listNumbers(db, business.id).then(async (nums) => ({ nums, lasts: await Promise.all(nums.map((n) => lastCall(db, n.id))) })),
    numberAuthProblems(c.env.DB, business.id),
    urgentWaiting(c.env.DB, business.id),
    capState(c.env.DB, business.id, settings.dailyTextCap, to),
  ]);
  const weeks = await dashboardWeeks(c.env.DB, scope, to, { from, byDay: report.byDay, urgentWaiting: waiting });
  const perDay = (report.byDay ?? []).map((d) => ({ date: d.date, ...d.calls }));
  return renderPage(
    c,
    { title: "Dashboard", business, tab: "dashboard" },
    <>
      <h1>Dashboard</h1>
      <NumbersState business={business} nums={nums} lasts={lasts} problems={problems} />
      <DailyCapNotice businessId={business.id} state={cap} tz={business.timezone} numberE164={nums[0]?.e164 ?? null} />
      <div class="actions toolbar">
        <PeriodForm businessId={business.id} days={days} />
        <TextingChip settings={settings} on="Texting on" paused="Texting paused" shadow="Test mode: nothing is sent" />
        <PauseForm businessId={business.id} paused={settings.paused} csrf={c.get("session").csrfToken} />
      </div>
      <h2>This week</h2>
      <div class="grid">
        <WeekFunnelChart weeks={weeks} />
        <WeekMoney weeks={weeks} businessId={business.id} />
      </div>
      <h2>Last {days} days</h2>
      <Figures report={report} />
      <TextsByKind report={report} />
      <div class="grid">
        <DailyCallsChart days={perDay} />
        <FunnelChart callers={report.callers} />
        <LostLeadsCard lost={report.lost} businessId={business.id} />
      </div>
      <FigureDefinitions />
      <p>
        <a class="button secondary" href={`${businessPath(business.id, "/report.csv")}?days=${days}`} download>
          Download these figures (CSV)
        </a>{" "}
        <a class="button secondary" href={businessPath(business.id, "/leads.csv")} download>
          Download all leads (CSV)
        </a>
      </p>
    </>,
  );
});

/** The figures of the same period as CSV, with their definitions. */
dashboardPages.get("/businesses/:id/report.csv", async (c) => {
  const business = await routeBusiness(c);
  const { from, to } = pagePeriod(c.req.query("days"));
  const { csv, headers } = reportCsvFile(await buildReport(c.env.DB, reportScope(business), from, to), business.id);
  return c.body(csv, 200, headers);
});

/** Every lead of the business as CSV (the API's leads.csv without a period). */
dashboardPages.get("/businesses/:id/leads.csv", async (c) => {
  const business = await routeBusiness(c);
  const { csv, headers } = await leadsCsv(drizzle(c.env.DB), business.id, {});
  return c.body(csv, 200, headers);
});
