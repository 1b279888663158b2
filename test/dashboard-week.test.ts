/**
 * The dashboard's week: this week so far against last week, Monday to Monday on the business's clock
 * (the week of the spring change is 167 hours), its money won and estimated side by side, the urgent
 * leads waiting, and the page that draws them.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dashboardWeeks } from "../src/admin/dashboard-data";
import { buildReport } from "../src/reports/report";
import { get, newSession } from "./support/admin-session";
import { createTwilioLine, uniquePhone, type TwilioLine } from "./support/app";

const utc = (iso: string) => Date.parse(`${iso}Z`);

type Lead = { at: number; status?: string; texted?: boolean; replied?: boolean; wonCents?: number; estimatedCents?: number; urgent?: boolean; acknowledged?: boolean };

async function leadsAt(line: TwilioLine, list: Lead[]) {
  await env.DB.batch(
    list.map((l) => {
      const closed = l.status === "won" || l.status === "lost";
      return env.DB.prepare(
        `INSERT INTO leads (id, business_id, phone, status, urgent, source, estimated_cents, won_cents, calls, first_call_at, first_text_at, first_reply_at, closed_at, acknowledged_at, created_at, last_activity_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'no_answer', ?6, ?7, 1, ?8, ?9, ?10, ?11, ?12, ?8, ?8)`,
      ).bind(
        `l_wk_${crypto.randomUUID()}`, line.businessId, uniquePhone(), l.status ?? "new", l.urgent ? 1 : 0, l.estimatedCents ?? null, l.wonCents ?? null,
        l.at, l.texted ? l.at + 1000 : null, l.replied ? l.at + 60_000 : null, closed ? l.at + 3_600_000 : null, l.acknowledged ? l.at + 120_000 : null,
      );
    }),
  );
}

const scope = (line: TwilioLine) => ({ businessId: line.businessId, timeZone: "America/Chicago", defaultJobValueCents: 100_00 });

describe("the dashboard's week", () => {
  it("splits the weeks at Monday 00:00 in Chicago across the spring change, and counts the urgent leads waiting now", async () => {
    const line = await createTwilioLine();
    const now = utc("2026-03-11T18:00"); // Wednesday 13:00 CDT
    await leadsAt(line, [
      { at: utc("2026-03-02T05:59") }, // Sunday 1 March 23:59 CST: the week before last
      { at: utc("2026-03-02T06:00"), status: "won", texted: true, replied: true, wonCents: 450_00 }, // Monday 2 March 00:00 CST
      { at: utc("2026-03-09T04:59"), texted: true, estimatedCents: 300_00 }, // Sunday 8 March 23:59 CDT
      { at: utc("2026-03-09T05:00"), texted: true, replied: true, urgent: true }, // Monday 9 March 00:00 CDT
      { at: utc("2026-03-11T17:00"), status: "won", texted: true, wonCents: 1_200_00, urgent: true, acknowledged: true },
      { at: utc("2026-03-11T17:30"), status: "lost", urgent: true },
    ]);
    const weeks = await dashboardWeeks(env.DB, scope(line), now);
    expect(weeks.lastWeek).toMatchObject({ from: utc("2026-03-02T06:00"), to: utc("2026-03-09T05:00") });
    expect(weeks.lastWeek.to - weeks.lastWeek.from).toBe(167 * 3_600_000);
    expect(weeks.lastWeek.funnel).toMatchObject({ missed: 2, texted: 2, engaged: 1, won: 1, rates: { texted: 1, engaged: 0.5, won: 0.5 } });
    expect(weeks.lastWeek.revenue).toEqual({ estimatedCents: 300_00, wonCents: 450_00 });
    expect(weeks.thisWeek).toMatchObject({ from: utc("2026-03-09T05:00"), to: now });
    expect(weeks.thisWeek.funnel).toMatchObject({ missed: 3, texted: 2, engaged: 1, won: 1 });
    // The open lead without an estimate is worth the default job value.
    expect(weeks.thisWeek.revenue).toEqual({ estimatedCents: 100_00, wonCents: 1_200_00 });
    // Open, urgent and not taken: only the lead of Monday 00:00.
    expect(weeks.urgentWaiting).toBe(1);
    // The dashboard's own 30 days hold both weeks: added up from its days, the same answer.
    const report = await buildReport(env.DB, scope(line), now - 30 * 86_400_000, now);
    expect(await dashboardWeeks(env.DB, scope(line), now, { from: now - 30 * 86_400_000, byDay: report.byDay })).toEqual(weeks);
    // Seven days do not reach back to last Monday: the weeks are asked for.
    expect(await dashboardWeeks(env.DB, scope(line), now, { from: now - 7 * 86_400_000, byDay: [] })).toEqual(weeks);
  });

  it("the dashboard draws the week's funnel and puts won and estimated side by side", async () => {
    const line = await createTwilioLine({ settings: { defaultJobValueCents: 250_00 } });
    const now = Date.now();
    await leadsAt(line, [
      { at: now - 60_000, status: "won", texted: true, replied: true, wonCents: 1_850_00 },
      { at: now - 30_000, texted: true, urgent: true },
    ]);
    const html = await (await get(await newSession(), `/admin/businesses/${line.businessId}`)).text();
    const figure = (key: string) => new RegExp(`data-figure="${key.replace(".", "\\.")}"[^>]*><dt>[^<]*</dt><dd>([^<]*)`).exec(html)?.[1];
    expect(figure("week.wonCents")).toBe("$1,850.00");
    expect(figure("week.estimatedCents")).toBe("$250.00");
    expect(html).toMatch(/<title id="week-funnel-title">This week: 2 missed, 2 texted, 1 replied; then 0 qualified, 0 booked, 1 won\. Last week: /);
    expect(html).toMatch(/data-figure="urgentWaiting"[^>]*><dt>Urgent leads waiting<\/dt><dd><a href="[^"]+\/leads\?urgent=true">1<\/a>/);
    expect(html).toContain("Median time to first human reply");
  });
});
