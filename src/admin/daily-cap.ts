/**
 * The business's daily text cap over the last 24 hours, for the dashboard's notice
 * (rules/daily-cap.ts capNotice): the texts it stopped, read from their rows (suppressed with a
 * daily limit's code), and what it counts now. One D1 round trip, over
 * messages_business_created_idx's window.
 */
import { businessSentSince, sentOf } from "../db/outbound-counts";
import { DAILY_LIMIT_REFUSALS, DAY_MS } from "../rules/outbound-guard";
import type { CapState } from "../rules/daily-cap";
import { sqlList } from "../reports/text-groups";

/** ?1 the business, ?2 the window's start. */
const STOPPED_SQL = `SELECT count(*) AS stopped, min(updated_at) AS first_at, coalesce(sum(error_code = 'business_runaway_cap'), 0) AS runaway
  FROM messages WHERE business_id = ?1 AND created_at >= ?2 AND status = 'suppressed' AND error_code IN (${sqlList(DAILY_LIMIT_REFUSALS)})`;

export async function capState(d1: D1Database, businessId: string, cap: number, now = Date.now()): Promise<CapState> {
  const since = now - DAY_MS;
  const [stopped, sent] = await d1.batch([d1.prepare(STOPPED_SQL).bind(businessId, since), businessSentSince(d1, businessId, since)]);
  const row = stopped!.results[0] as { stopped: number; first_at: number | null; runaway: number } | undefined;
  return { cap, sentLastDay: sentOf(sent), stopped: Number(row?.stopped ?? 0), firstAt: row?.first_at ?? null, runaway: Number(row?.runaway ?? 0) };
}
