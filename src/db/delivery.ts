import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { nextDeliveryStatus } from "../rules/delivery";
import { clearUndeliverable, recipientProblemWrites } from "./recipients";
import { messages } from "./schema";

/** Apply a carrier delivery report to the message it names; returns whether anything changed. */
export async function recordDeliveryReport(
  d1: D1Database,
  numberId: string,
  carrierMessageId: string,
  reported: string,
  errorCode: string | null,
): Promise<{ changed: boolean; messageId: string | null; businessId: string | null; status: string | null }> {
  const db = drizzle(d1);
  const [row] = await db
    .select({ id: messages.id, status: messages.status, businessId: messages.businessId, toPhone: messages.toPhone })
    .from(messages)
    .where(and(eq(messages.carrierMessageId, carrierMessageId), eq(messages.numberId, numberId)))
    .limit(1);
  if (!row) return { changed: false, messageId: null, businessId: null, status: null };
  const next = nextDeliveryStatus(row.status, reported);
  if (!next) return { changed: false, messageId: row.id, businessId: row.businessId, status: row.status };
  // Guarded by the status we read, so two racing reports cannot move it backwards.
  const now = Date.now();
  const update = db
    .update(messages)
    .set({ status: next, ...(errorCode ? { errorCode } : {}), updatedAt: now })
    .where(and(eq(messages.id, row.id), eq(messages.status, row.status)));
  const follow =
    next === "delivered"
      ? [clearUndeliverable(db, row.businessId, row.toPhone)]
      : recipientProblemWrites(db, { businessId: row.businessId, phone: row.toPhone, code: errorCode, message: `delivery ${next}`, messageId: row.id, at: now });
  const [res] = await db.batch([update, ...follow]);
  return { changed: res.meta.changes > 0, messageId: row.id, businessId: row.businessId, status: next };
}
