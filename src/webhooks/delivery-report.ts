import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { clearUndeliverable, recipientProblemWrites } from "../db/recipients";
import { businesses, messages } from "../db/schema";
import { asStatement, insertRow } from "../db/statements";
import type { Env } from "../env";
import { eventStatement, queueEvents, type WrittenEvent } from "../notify/events";
import type { OutboundTextJob } from "../outbox/jobs";
import { landlineFailureAlert } from "../outbox/contact-texts";
import { nextDeliveryStatus, recipientProblem } from "../rules/delivery";

/**
 * Apply a carrier delivery report to the message it names; returns whether anything changed. With
 * `notify` (the number's business has a webhook), a final status is recorded as `text.delivered` /
 * `text.failed` in the same batch, only if this report moved the message: the caller queues it
 * (afterDeliveryReport), with the owner's alert when a text-back failed as a landline's.
 */
export async function recordDeliveryReport(
  d1: D1Database,
  numberId: string,
  carrierMessageId: string,
  reported: string,
  errorCode: string | null,
  notify = false,
): Promise<{ changed: boolean; messageId: string | null; businessId: string | null; status: string | null; events: WrittenEvent[]; alert: OutboundTextJob | null }> {
  const db = drizzle(d1);
  const row = await reportedMessage(db, numberId, carrierMessageId);
  if (!row) return { changed: false, messageId: null, businessId: null, status: null, events: [], alert: null };
  const next = nextDeliveryStatus(row.status, reported);
  if (!next) return { changed: false, messageId: row.id, businessId: row.businessId, status: row.status, events: [], alert: null };
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
  // A text-back the carrier refused as a landline's: the owner calls them back (once per call).
  const alert = next === "delivered" ? null : landlineFailureAlert(row, errorCode, now);
  // The event right after the update: recorded only if the update won.
  const results = await d1.batch([
    asStatement(d1, update),
    ...(event ? [event.statement] : []),
    ...follow.map((q) => asStatement(d1, q)),
    ...(alert ? [insertRow(d1, messages, alert.row, "ON CONFLICT DO NOTHING")] : []),
  ]);
  const changed = (results[0]?.meta.changes ?? 0) > 0;
  return {
    changed,
    messageId: row.id,
    businessId: row.businessId,
    status: next,
    events: event ? [{ event, result: results[1] }] : [],
    alert: changed && alert ? alert.job : null,
  };
}

/** The message a report names (by the carrier's id, on the number it came for), with its business's zone and owner phone. */
async function reportedMessage(db: ReturnType<typeof drizzle>, numberId: string, carrierMessageId: string) {
  const [row] = await db
    .select({
      id: messages.id,
      status: messages.status,
      businessId: messages.businessId,
      toPhone: messages.toPhone,
      kind: messages.kind,
      callId: messages.callId,
      fromPhone: messages.fromPhone,
      numberId: messages.numberId,
      createdAt: messages.createdAt,
      timezone: businesses.timezone,
      notifyPhone: businesses.notifyPhone,
    })
    .from(messages)
    .innerJoin(businesses, eq(businesses.id, messages.businessId))
    .where(and(eq(messages.carrierMessageId, carrierMessageId), eq(messages.numberId, numberId)))
    .limit(1);
  return row ?? null;
}

/** What a delivery report leaves to do after the webhook's answer: its event, and a landline's call-back alert. */
export async function afterDeliveryReport(env: Env, r: { events: WrittenEvent[]; alert: OutboundTextJob | null }): Promise<void> {
  await queueEvents(env, r.events);
  if (r.alert) await env.SMS_OUT.send(r.alert);
}
