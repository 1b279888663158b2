import { and, gte, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { calls, messages, webhookDeliveries } from "../db/schema";

export interface WindowCounts {
  calls: Record<string, number>;
  messages: Record<string, number>;
  webhooks: Record<string, number>;
}

/** Counts per decision and per status over the last hour and day, across every business. */
export async function buildMetrics(d1: D1Database, now: number): Promise<{ at: string; lastHour: WindowCounts; lastDay: WindowCounts }> {
  const db = drizzle(d1);
  const window = async (since: number): Promise<WindowCounts> => {
    const [c, m, w] = await db.batch([
      db.select({ k: calls.decision, n: sql<number>`count(*)` }).from(calls).where(gte(calls.at, since)).groupBy(calls.decision),
      db
        .select({ k: sql<string>`${messages.direction} || ':' || ${messages.status}`, n: sql<number>`count(*)` })
        .from(messages)
        .where(and(gte(messages.updatedAt, since)))
        .groupBy(messages.direction, messages.status),
      db.select({ k: webhookDeliveries.status, n: sql<number>`count(*)` }).from(webhookDeliveries).where(gte(webhookDeliveries.createdAt, since)).groupBy(webhookDeliveries.status),
    ]);
    const obj = (rows: { k: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
    return { calls: obj(c), messages: obj(m), webhooks: obj(w) };
  };
  return { at: new Date(now).toISOString(), lastHour: await window(now - 3_600_000), lastDay: await window(now - 86_400_000) };
}
