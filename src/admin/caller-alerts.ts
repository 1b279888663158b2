/** What Textback told the business's own phones about one caller (rules/caller-alerts.ts), for their lead card and conversation. */
import { and, desc, eq, gte, lte } from "drizzle-orm";
import { messages } from "../db/schema";
import type { Db } from "./db";

/**
 * The texts about `phone` to the business's phones, newest first, `limit` of them, sent within
 * `from`…`until` when given: one range of messages_business_about_idx.
 */
export function alertsAbout(db: Db, businessId: string, phone: string, opts: { limit: number; from?: number; until?: number }) {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.businessId, businessId),
        eq(messages.aboutPhone, phone),
        gte(messages.createdAt, opts.from ?? 0),
        lte(messages.createdAt, opts.until ?? Number.MAX_SAFE_INTEGER),
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(opts.limit);
}
