/**
 * What a repeat-call alert says of a caller, as D1 has it (rules/repeat-call.ts): their calls since
 * their text-back, their open lead, and their latest text while it is open. One statement, by the
 * keys of calls(business_id, at), `leads_open_uq` and messages(business_id, direction, from_phone, created_at).
 */
import type { LeadStatus } from "../vocabulary";

const REPEAT_SQL = `SELECT
  (SELECT COUNT(*) FROM calls WHERE business_id = ?1 AND from_phone = ?2 AND at >= ?3) AS since,
  l.status, l.name,
  (SELECT body FROM messages WHERE business_id = ?1 AND from_phone = ?2 AND direction = 'inbound' AND created_at >= l.created_at
    ORDER BY created_at DESC LIMIT 1) AS said
  FROM (SELECT 1) LEFT JOIN leads l ON l.business_id = ?1 AND l.phone = ?2 AND l.closed_at IS NULL`;

export interface RepeatCallRecord {
  /** Calls from the caller since `textedAt` (the one texted back was decided then, so is not among them). */
  callsSince: number;
  lead: { status: LeadStatus; name: string | null; said: string | null } | null;
}

export async function repeatCallRecord(d1: D1Database, businessId: string, phone: string, textedAt: number): Promise<RepeatCallRecord> {
  const row = await d1.prepare(REPEAT_SQL).bind(businessId, phone, textedAt).first<{ since: number; status: LeadStatus | null; name: string | null; said: string | null }>();
  return {
    callsSince: row?.since ?? 0,
    lead: row?.status ? { status: row.status, name: row.name, said: row.said } : null,
  };
}
