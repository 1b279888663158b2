/**
 * The owner's weekly summary by text (setting `weeklySummary`, on by default): on Monday from 08:00
 * on the business's clock, inside the quiet-hours window where the owner's phone is, once a week.
 */
import { drizzle } from "drizzle-orm/d1";
import { businesses } from "../db/schema";
import type { Env } from "../env";
import { buildReport, reportScope } from "../reports/report";
import { recipientZones } from "../rules/quiet-hours";
import { weeklySummaryDue, weeklySummaryText } from "../rules/weekly-summary";
import { parseSettings } from "../settings";
import { claim, notifyBusiness } from "./owner-texts";

/**
 * Each due business's summary of last week, counted as the report counts it. The week is claimed
 * before anything is counted (one statement), so two overlapping cron runs send it once, and a
 * week with no missed call and nothing won is claimed and not sent.
 */
export async function sendWeeklySummaries(env: Env, now: number): Promise<number> {
  const db = drizzle(env.DB);
  const all = await db
    .select({ id: businesses.id, name: businesses.name, timezone: businesses.timezone, notifyPhone: businesses.notifyPhone, settings: businesses.settings })
    .from(businesses);
  let sent = 0;
  for (const b of all) {
    if (!b.notifyPhone || !parseSettings(b.settings).weeklySummary) continue;
    const due = weeklySummaryDue(now, b.timezone, recipientZones(b.notifyPhone, b.timezone));
    if (!due || !(await claim(db, b.id, `weekly:${due.monday}`, now, null))) continue;
    const report = await buildReport(env.DB, reportScope(b), due.from, due.to);
    const week = { missedCalls: report.calls.missed, texted: report.funnel.texted, replied: report.funnel.engaged, booked: report.funnel.booked, wonCents: report.revenue.wonCents };
    if (week.missedCalls === 0 && week.wonCents === 0) continue;
    if (await notifyBusiness(env, db, b.id, weeklySummaryText(b.name, week), now, "digest", `weekly_${due.monday}`)) sent += 1;
  }
  return sent;
}
