/**
 * UNDO of a person's shortcut (rules/owner-undo.ts), as statements for the batch that records the
 * UNDO: the lead back to the status and values its shortcut entry (`cmd:<causeId>`) kept in `was`,
 * only while the lead is as the shortcut left it (its status; no status change or booking since;
 * no other open lead for the caller, which reopening would clash with); and BLOCK's tag off the
 * caller's contact (the contact gone if the BLOCK made it). Entry `undo:<causeId>` says whether the
 * lead changed.
 */
import type { LeadCause } from "./leads";
import type { LeadActor } from "./lead-acts";

const UNDO_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, acted_by, at)
  SELECT ?1, l.id, l.business_id, 'status', json_object('from', l.status, 'to', json_extract(c.detail, '$.from'), 'by', 'sms', 'undid', json(c.detail)), ?4, ?5, ?6
  FROM lead_events c JOIN leads l ON l.id = c.lead_id
  WHERE c.id = ?2 AND c.business_id = ?3 AND json_type(c.detail, '$.was') = 'object'
    AND l.status = json_extract(c.detail, '$.to')
    AND NOT EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.at >= c.at AND e.id <> c.id AND e.type IN ('status', 'booking'))
    AND NOT EXISTS (SELECT 1 FROM leads o WHERE o.business_id = l.business_id AND o.phone = l.phone AND o.closed_at IS NULL AND o.id <> l.id)
  ON CONFLICT (id) DO NOTHING`;

/** The lead as it was before the shortcut (it was open: a shortcut acts only on an open lead); only when the entry was just written. */
const UNDO_MOVE = `UPDATE leads SET
    status = json_extract(u.detail, '$.to'),
    closed_at = NULL,
    booked_at = json_extract(u.detail, '$.undid.was.bookedAt'),
    won_cents = json_extract(u.detail, '$.undid.was.wonCents'),
    lost_reason = json_extract(u.detail, '$.undid.was.lostReason'),
    lost_note = json_extract(u.detail, '$.undid.was.lostNote'),
    last_activity_at = MAX(last_activity_at, ?2)
  FROM (SELECT lead_id, detail FROM lead_events WHERE id = ?1) u
  WHERE leads.id = u.lead_id AND changes() > 0`;

/** A contact BLOCK made (nothing else on it, made at the BLOCK's time): gone again. */
const UNBLOCK_MADE = `DELETE FROM contacts WHERE business_id = ?1 AND phone = ?2 AND created_at = ?3
  AND name IS NULL AND notes IS NULL AND tags = '["blocked"]'`;

/** Any other contact: the `blocked` tag off, its other tags kept (sorted, as every writer keeps them). */
const UNBLOCK = `UPDATE contacts SET
    tags = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(contacts.tags) WHERE value <> 'blocked' ORDER BY value)),
    updated_at = ?3
  WHERE business_id = ?1 AND phone = ?2 AND EXISTS (SELECT 1 FROM json_each(contacts.tags) WHERE value = 'blocked')`;

/**
 * UNDO (`causeId`: its message) of the shortcut `shortcutCauseId` made at `shortcutAt`; `unblock`
 * for a BLOCK, which takes the tag off whether or not the lead could be restored.
 */
export function leadUndoStatements(
  d1: D1Database,
  cause: LeadCause & LeadActor & { shortcutCauseId: string; shortcutAt: number; unblock: boolean },
): { entryId: string; statements: D1PreparedStatement[] } {
  const entryId = `undo:${cause.causeId}`;
  const statements = [
    d1.prepare(UNDO_EVENT).bind(entryId, `cmd:${cause.shortcutCauseId}`, cause.businessId, cause.actor, JSON.stringify(cause.actedBy), cause.at),
    d1.prepare(UNDO_MOVE).bind(entryId, cause.at),
    ...(cause.unblock
      ? [d1.prepare(UNBLOCK_MADE).bind(cause.businessId, cause.phone, cause.shortcutAt), d1.prepare(UNBLOCK).bind(cause.businessId, cause.phone, cause.at)]
      : []),
  ];
  return { entryId, statements };
}

/** What the shortcut's entry says it changed: the status it moved the lead from, or null when it changed no lead. */
export async function shortcutEntry(d1: D1Database, shortcutCauseId: string): Promise<{ from: string } | null> {
  const row = await d1.prepare("SELECT json_extract(detail, '$.from') AS from_status FROM lead_events WHERE id = ?").bind(`cmd:${shortcutCauseId}`).first<{ from_status: string | null }>();
  return row?.from_status ? { from: row.from_status } : null;
}
