import type { CallRecord } from "../outbox/outbound-text";
import { decisionCode, type Decision } from "../rules/reasons";
import { calls, consentEvents, messages } from "./schema";
import { insertRow, JUST_WRITTEN } from "./statements";

/** The caller's newest opt-out/opt-in with this business, and whether the carrier called them undeliverable. */
export const CALLER_STATUS_SQL = `SELECT
  (SELECT c.kind FROM consent_events c
    WHERE c.business_id = ?1 AND c.phone = ?2 AND c.kind IN ('opt_out', 'opt_in')
    ORDER BY c.at DESC, c.id DESC LIMIT 1) AS consent,
  EXISTS (SELECT 1 FROM undeliverable u WHERE u.business_id = ?1 AND u.phone = ?2) AS undeliverable`;

/** The same status as a condition: the text's rows are written only when it holds. */
export const CALLER_CLEAR_SQL = `NOT EXISTS (SELECT 1 FROM undeliverable u WHERE u.business_id = ? AND u.phone = ?)
  AND COALESCE((SELECT c.kind FROM consent_events c
    WHERE c.business_id = ? AND c.phone = ? AND c.kind IN ('opt_out', 'opt_in')
    ORDER BY c.at DESC, c.id DESC LIMIT 1), '') <> 'opt_out'`;


/** An AI receptionist's later verdict rewrites the carrier's "answered". */
export const CALL_UPSERT = "ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, decision = excluded.decision, reason = excluded.reason, facts = excluded.facts";

/**
 * The same for a written-behind record (the outbox's, on any delivery of its job, or the dead-letter
 * queue's): it replaces only the carrier's "answered". Any other row is this call's own decision,
 * perhaps already corrected (a text D1 refused), which a later copy of the job must not undo.
 */
export const CALL_UPSERT_OVER_ANSWERED = `${CALL_UPSERT} WHERE calls.outcome = 'answered'`;

type CallValues = typeof calls.$inferInsert;

/** The caller's status from CALLER_STATUS_SQL's row. */
export function callerStatus(result: D1Result | undefined): { optedOut: boolean; undeliverable: boolean } {
  const row = result?.results[0] as { consent: string | null; undeliverable: number } | undefined;
  return { optedOut: row?.consent === "opt_out", undeliverable: row?.undeliverable === 1 };
}

/** Only while the caller is clear (for a line that decided before reading the caller's status). */
export function callerClear(businessId: string, phone: string) {
  return { sql: CALLER_CLEAR_SQL, params: [businessId, phone, businessId, phone] };
}

/**
 * A texted call's statements, in this order (the consent evidence reads the message insert's
 * changes()): the call, the text's row (only while the caller is clear when `verify`), and the
 * evidence of implied consent, written only with a text row written just now, so neither a refusal
 * nor a redelivery that finds the row adds one.
 */
export function callRecordStatements(
  d1: D1Database,
  record: Pick<CallRecord, "call" | "message" | "consent" | "verify">,
  onConflict = CALL_UPSERT,
): D1PreparedStatement[] {
  const call = record.call as CallValues;
  const clear = record.verify ? callerClear(call.businessId, call.fromPhone) : undefined;
  return [
    insertRow(d1, calls, call, onConflict),
    insertRow(d1, messages, record.message as typeof messages.$inferInsert, "ON CONFLICT DO NOTHING", clear),
    insertRow(d1, consentEvents, record.consent as typeof consentEvents.$inferInsert, "", JUST_WRITTEN),
  ];
}

/** The call's row after its decision was corrected (the caller turned out opted out or unreachable). */
export function callDecisionUpdate(d1: D1Database, callId: string, decision: Decision): D1PreparedStatement {
  const reason = decision.action === "text" ? decision.outcome : decision.reason;
  return d1.prepare("UPDATE calls SET decision = ?, reason = ? WHERE id = ?").bind(decisionCode(decision), reason, callId);
}
