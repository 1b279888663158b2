/**
 * The report's second part (DESIGN.md §6.7) on a known week: the funnel and its rates, estimated and
 * won money kept apart, the medians, urgent leads and the local days across the spring change in
 * Chicago; another business's leads (same callers, other money) never counted. And leads.csv.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { api, apiJson } from "./support/app";
import { PERIOD, seedLeadReportFixture, type LeadReportFixture } from "./support/lead-report-fixture";

let fx: LeadReportFixture;

beforeAll(async () => {
  fx = await seedLeadReportFixture();
}, 30_000);

const zero = { missed: 0, texted: 0, engaged: 0, qualified: 0, booked: 0, won: 0 };

/** Worked out by hand from support/lead-report-fixture.ts. */
const EXPECTED = {
  calls: { total: 9, answered: 3, missed: 6 },
  funnel: {
    missed: 6,
    texted: 5,
    engaged: 3,
    qualified: 2,
    booked: 2,
    won: 2,
    rates: { texted: 5 / 6, engaged: 3 / 6, qualified: 2 / 6, booked: 2 / 6, won: 2 / 6 },
  },
  // Open: 1,800 (qualified) + 400 default (texted only) + 250 (booked) + 400 default (texted first). Won: 1,850 + a won lead with no amount.
  revenue: { estimatedCents: 2_850_00, wonCents: 1_850_00 },
  medianSecondsToFirstHumanReply: 120,
  urgent: { count: 2, medianSecondsToAcknowledge: 300 },
  byDay: [
    // 23:30 CST on Friday 6 March, though already 7 March in UTC.
    { date: "2026-03-06", calls: { answered: 0, missed: 1 }, funnel: { missed: 1, texted: 1, engaged: 1, qualified: 1, booked: 1, won: 1 }, revenue: { estimatedCents: 0, wonCents: 1_850_00 }, urgent: 0 },
    { date: "2026-03-07", calls: { answered: 1, missed: 0 }, funnel: zero, revenue: { estimatedCents: 0, wonCents: 0 }, urgent: 0 },
    // 00:30 and 01:59 CST, 03:00 and 23:59 CDT: one 23-hour day.
    { date: "2026-03-08", calls: { answered: 1, missed: 4 }, funnel: { missed: 4, texted: 3, engaged: 2, qualified: 1, booked: 1, won: 0 }, revenue: { estimatedCents: 2_450_00, wonCents: 0 }, urgent: 1 },
    { date: "2026-03-09", calls: { answered: 1, missed: 1 }, funnel: { missed: 1, texted: 1, engaged: 0, qualified: 0, booked: 0, won: 1 }, revenue: { estimatedCents: 400_00, wonCents: 0 }, urgent: 1 },
  ],
};

describe("the report's leads, money and days", () => {
  it("counts every funnel step and rate, estimated apart from won, and the business's local days across the spring change", async () => {
    const report = await apiJson("GET", `/businesses/${fx.line.businessId}/report?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(report).toMatchObject({ from: "2026-03-06T06:00:00.000Z", to: "2026-03-10T05:00:00.000Z", ...EXPECTED });
    for (const rate of Object.values(report.funnel.rates) as number[]) expect(rate).toBeLessThanOrEqual(1);
    // The days add up to the period.
    const sum = (pick: (d: (typeof EXPECTED.byDay)[number]) => number) => report.byDay.reduce((a: number, d: (typeof EXPECTED.byDay)[number]) => a + pick(d), 0);
    expect(sum((d) => d.funnel.missed)).toBe(report.funnel.missed);
    expect(sum((d) => d.revenue.estimatedCents)).toBe(report.revenue.estimatedCents);
    expect(sum((d) => d.calls.answered)).toBe(report.calls.answered);
  });

  it("never counts another business's leads, and counts that business's own", async () => {
    const other = await apiJson("GET", `/businesses/${fx.other.businessId}/report?from=${PERIOD.from}&to=${PERIOD.to}`);
    // The same callers there: every lead urgent, the new ones won, $10,000 each at ten times the amount.
    expect(other.funnel).toMatchObject({ missed: 6, won: 3 });
    expect(other.revenue).toEqual({ estimatedCents: 1_800_00 + 250_00 + 9_999_00, wonCents: 3 * 10_000_00 });
    expect(other.urgent.count).toBe(7);
  });

  it("has no rates and no medians without leads, and empty days", async () => {
    const report = await apiJson("GET", `/businesses/${fx.line.businessId}/report?from=2026-02-01&to=2026-02-02`);
    expect(report.funnel).toEqual({ ...zero, rates: { texted: null, engaged: null, qualified: null, booked: null, won: null } });
    expect(report.revenue).toEqual({ estimatedCents: 0, wonCents: 0 });
    expect(report.medianSecondsToFirstHumanReply).toBeNull();
    expect(report.urgent).toEqual({ count: 0, medianSecondsToAcknowledge: null });
    expect(report.byDay.map((d: { date: string }) => d.date)).toEqual(["2026-02-01", "2026-02-02"]);
  });

  it("report.csv carries the new figures with their definitions", async () => {
    const csv = await (await api("GET", `/businesses/${fx.line.businessId}/report.csv?from=${PERIOD.from}&to=${PERIOD.to}`)).text();
    const values = Object.fromEntries(csv.trim().split("\r\n").map((line) => line.split(",")).map(([key, , value]) => [key, value]));
    expect(values).toMatchObject({ "funnel.missed": "6", "funnel.rates.engaged": "0.5", "revenue.estimatedCents": "285000", "revenue.wonCents": "185000", "urgent.medianSecondsToAcknowledge": "300" });
  });
});

describe("GET /api/businesses/:id/leads.csv", () => {
  const rowsOf = async (query: string, businessId = fx.line.businessId) => {
    const res = await api("GET", `/businesses/${businessId}/leads.csv${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    return (await res.text()).trim().split("\r\n");
  };

  it("exports the period's leads oldest first, only this business's, with formulas made inert", async () => {
    const [header, ...rows] = await rowsOf(`?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(header).toMatch(/^id,phone,name,status,urgent,source,service,address,zip,urgency,preferredTime,fields,estimatedCents,wonCents,lostReason,lostNote,/);
    const ids = rows.map((r) => r.split(",")[0]);
    expect(ids).toEqual(["wonFriday", "qualified", "textedOnly", "bookedUrgent", "lostCooldown", "textedFirst", "wonNoAmount"].map((k) => fx.ids[k]));
    expect(rows.join("\n")).not.toContain(fx.other.businessId);
    expect(rows[2]).toContain(`"'=HYPERLINK(""http://x.example"",""click"")"`);
    expect(rows[4]).toContain(",lost,false,no_answer,");
    expect(rows[4]).toContain(",no_response,");
  });

  it("exports every lead without a period, and refuses a bad one naming the field", async () => {
    expect(await rowsOf("")).toHaveLength(1 + 9);
    const res = await api("GET", `/businesses/${fx.line.businessId}/leads.csv?from=2026-02-30`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/from/);
  });
});
