/**
 * What a line writes once D1 says the caller of a planned call is a contact (DESIGN.md §6.4): a
 * customer's own text in place of the stranger's one, and the owner's alert about a VIP.
 */
import { callerClear } from "../db/consent";
import { consentEvents, messages } from "../db/schema";
import { insertRow, JUST_WRITTEN } from "../db/statements";
import { callBackAlert, customerText, namedText } from "../outbox/contact-texts";
import type { NewText } from "../outbox/new-text";
import type { CallerContact } from "../rules/contacts";
import type { CallPlan, CallRecording } from "./plan-call";
import type { LineParts, RecordContext } from "./record-call";

/**
 * A customer's text, written where D1 refused the stranger's (same id, so the job the line queues
 * or holds sends it), with the implied consent it carries and the follow-up, both refused with it.
 * Idempotent: a retry finds the rows and writes nothing.
 */
export async function writeCustomerText(d1: D1Database, plan: CallPlan, r: Extract<CallRecording, { how: "record_now" }>, contact: CallerContact | null): Promise<void> {
  await writeInstead(d1, r, customerText(r.text.row, plan.ifContact, contact, Date.now()), callerClear(plan.call.businessId, plan.call.fromPhone, "customer"));
}

/**
 * The planned text greeting the caller by their contact's first name, written where D1 refused the
 * one that did not know it (same id and job); as writeCustomerText.
 */
export async function writeNamedText(d1: D1Database, plan: CallPlan, r: Extract<CallRecording, { how: "record_now" }>, contact: CallerContact | null): Promise<void> {
  await writeInstead(d1, r, namedText(r.text.row, plan.ifContact, contact, Date.now()), callerClear(plan.call.businessId, plan.call.fromPhone));
}

async function writeInstead(d1: D1Database, r: Extract<CallRecording, { how: "record_now" }>, text: NewText | null, clear: ReturnType<typeof callerClear>): Promise<void> {
  if (!text) return;
  await d1.batch([
    insertRow(d1, messages, text.row, "ON CONFLICT DO NOTHING", clear),
    insertRow(d1, consentEvents, r.rows.consent, "", JUST_WRITTEN),
    ...(r.followUp ? [insertRow(d1, messages, r.followUp.text.row, "ON CONFLICT DO NOTHING", clear)] : []),
  ]);
}

/**
 * "Textback: VIP <name> (<phone>) called and got no answer: call back", or "Textback: missed call from a landline …:
 * call them back", to the owner's phone, at once and once per call (its row is keyed by the call);
 * not while the owner has paused Textback's texts to that phone (STOP from it), nor in shadow mode
 * (plan-call.ts leaves no phone then).
 */
export async function alertOwner(line: LineParts, plan: CallPlan, reason: string, contact: CallerContact | null, ctx: RecordContext): Promise<void> {
  const alert = callBackAlert(reason, plan.call, plan.ifContact, contact, Date.now());
  if (!alert || line.store.staff.paused().includes(alert.row.toPhone)) return;
  await insertRow(line.env.DB, messages, alert.row, "ON CONFLICT DO NOTHING").run();
  await line.pending.queueOrDefer([alert], ctx.business.timezone);
}
