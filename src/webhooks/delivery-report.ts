import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { clearUndeliverable, recipientProblemWrites } from "../db/recipients";
import { messages } from "../db/schema";
import { asStatement } from "../db/statements";
import { eventStatement, type WrittenEvent } from "../notify/events";
import { nextDeliveryStatus, recipientProblem } from "../rules/delivery";

/**
 * Apply a carrier delivery report to the message it names; returns whether anything changed. With
 * `notify` (the number's business has a webhook), a final status is recorded as `text.delivered` /
 * `text.failed` in the same batch, only if this report moved the message: the caller queues it.
 */
export async function recordDeliveryReport(
  d1: D1Database,
  numberId: string,
  carrierMessageId: string,
  reported: string,
  errorCode: string | null,
  notify = false,
): Promise<{ changed: boolean; messageId: string | null; businessId: string | null; status: string | null; events: WrittenEvent[] }> {
  const db = drizzle(d1);
  const [row] = await db
    .select({ id: messages.id, status: messages.status, businessId: messages.businessId, toPhone: messages.toPhone })
    .from(messages)
    .where(and(eq(messages.carrierMessageId, carrierMessageId), eq(messages.numberId, numberId)))
    .limit(1);
  if (!row) return { changed: false, messageId: null, businessId: null, status: null, events: [] };
  const next = nextDeliveryStatus(row.status, reported);
  if (!next) return { changed: false, messageId: row.id, businessId: row.businessId, status: row.status, events: [] };
  // Guarded by the status we read, so two racing reports cannot move it backwards.
  const now = Date.now();
  const update = db
    .update(messages)
    .set({ status: next, ...(errorCode ? { errorCode } : {}), updatedAt: now })
    .where(and(eq(messages.id, row.id), eq(messages.status, row.status)));
  const follow =
    next === "delivered"
      ? [clearUndeliverable(db, row.businessId, row.toPhone)]
      : recipientProblemWrites(db, recipientProblem(errorCode), { businessId: row.businessId, phone: row.toPhone, code: errorCode, message: `delivery ${next}`, messageId: row.id, at: now });
  const final = next === "delivered" || next === "undelivered" || next === "failed";
  const event =
    notify && final
      ? eventStatement(d1, row.businessId, next === "delivered" ? "text.delivered" : "text.failed", { messageId: row.id, to: row.toPhone, status: next, errorCode }, { afterWrite: true })
      : null;
  // The event right after the update: recorded only if the update won.
  const results = await d1.batch([asStatement(d1, update), ...(event ? [event.statement] : []), ...follow.map((q) => asStatement(d1, q))]);
  return {
    changed: (results[0]?.meta.changes ?? 0) > 0,
    messageId: row.id,
    businessId: row.businessId,
    status: next,
    events: event ? [{ event, result: results[1] }] : [],
  };
}
