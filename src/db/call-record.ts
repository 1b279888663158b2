import { callerClear } from "./consent";
import { calls, consentEvents, messages } from "./schema";
import { insertRow, JUST_WRITTEN } from "./statements";

/** An AI receptionist's later verdict rewrites the carrier's "answered"; only ever its own number's row, whatever an id collision says. */
const UPDATE_CALL = "ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, decision = excluded.decision, reason = excluded.reason, facts = excluded.facts WHERE calls.business_id = excluded.business_id AND calls.number_id = excluded.number_id";
export const CALL_UPSERT = UPDATE_CALL;

/**
 * The same for a written-behind record (the outbox's, on any delivery of its job, or the dead-letter
 * queue's): it replaces only the carrier's "answered". Any other row is this call's own decision,
 * perhaps already corrected (a text D1 refused), which a later copy of the job must not undo.
 */
export const CALL_UPSERT_OVER_ANSWERED = `${UPDATE_CALL} AND calls.outcome = 'answered'`;

/** A texted call's rows: the call, its text, the evidence of implied consent, and whether D1 must check the caller first. */
export interface CallRows {
  call: typeof calls.$inferInsert;
  message: typeof messages.$inferInsert;
  consent: typeof consentEvents.$inferInsert;
  verify: boolean;
  /** With `verify`: the text greets the caller by name without having read their contact; refused for a contact with a name (written again with it). */
  named?: boolean;
}

/**
 * A texted call's statements, in this order (the consent evidence reads the message insert's
 * changes()): the call, the text's row (only while the caller is clear when `verify`), and the
 * evidence of implied consent, written only with a text row written just now, so neither a refusal
 * nor a redelivery that finds the row adds one.
 */
export function callRecordStatements(d1: D1Database, record: CallRows, onConflict = CALL_UPSERT): D1PreparedStatement[] {
  const clear = record.verify ? callerClear(record.call.businessId, record.call.fromPhone, record.named ? "unnamed" : "stranger") : undefined;
  return [
    insertRow(d1, calls, record.call, onConflict),
    insertRow(d1, messages, record.message, "ON CONFLICT DO NOTHING", clear),
    insertRow(d1, consentEvents, record.consent, "", JUST_WRITTEN),
  ];
}

/** The call's row after its decision was corrected (the caller turned out opted out or unreachable). */
export function callDecisionUpdate(d1: D1Database, callId: string, decision: Pick<typeof calls.$inferInsert, "decision" | "reason">): D1PreparedStatement {
  return d1.prepare("UPDATE calls SET decision = ?, reason = ? WHERE id = ?").bind(decision.decision, decision.reason, callId);
}
