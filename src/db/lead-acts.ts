/**
 * A person's acts on a caller's open lead, as statements for the batch that records the act: their
 * text to the caller (the lead handed over), the owner's shortcut (`W 450`, `L`, `B`, `BLOCK`), and
 * the urgent page taken. Each entry stores who acted (`acted_by`) beside the audit-style `actor`.
 */
import type { ActedBy, LostReason } from "../vocabulary";
import { joinEventStatement, type LeadCause } from "./leads";

/** Who acted: `actor` as the audit log says it, `actedBy` as the pages name them. */
export interface LeadActor {
  actor: string;
  actedBy: ActedBy;
}

/** A person wrote to the caller: automation stops for good on this lead. */
const HANDED_OVER = `UPDATE leads SET handed_over = 1, first_human_reply_at = COALESCE(first_human_reply_at, ?3),
  last_activity_at = MAX(last_activity_at, ?3) WHERE business_id = ?1 AND phone = ?2 AND closed_at IS NULL AND changes() > 0`;

/** A person's text to the caller (from the admin, the API or the owner's phone): the lead is handed over. */
export function leadHumanReplyStatements(d1: D1Database, cause: LeadCause & LeadActor): D1PreparedStatement[] {
  return [
    joinEventStatement(d1, { id: `human:${cause.causeId}`, cause, type: "human_reply", detail: { messageId: cause.causeId }, actor: cause.actor, actedBy: cause.actedBy }),
    d1.prepare(HANDED_OVER).bind(cause.businessId, cause.phone, cause.at),
  ];
}

/** A person talked to the caller on the phone: automation stops for good on this lead, as after their text. */
const ANSWERED = `UPDATE leads SET handed_over = 1, last_activity_at = MAX(last_activity_at, ?3)
  WHERE business_id = ?1 AND phone = ?2 AND closed_at IS NULL AND changes() > 0`;

/**
 * The caller's call answered (the business reached them on the phone): their open lead is handed
 * over like after a person's text, its entry naming the call. Once per call (the entry is keyed by it).
 */
export function leadAnsweredCallStatements(d1: D1Database, cause: LeadCause): D1PreparedStatement[] {
  return [
    joinEventStatement(d1, { id: `answered:${cause.causeId}`, cause, type: "human_reply", detail: { callId: cause.causeId }, actor: "system" }),
    d1.prepare(ANSWERED).bind(cause.businessId, cause.phone, cause.at),
  ];
}

/**
 * A person's shortcut to the caller's open lead: its entry (with the amount won, if one was given),
 * only while the lead is open. `was` keeps what the shortcut changes, for UNDO (db/lead-undo.ts).
 */
const COMMAND_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, acted_by, at)
  SELECT ?1, id, business_id, 'status', json_patch(json_object('from', status, 'to', ?4, 'by', 'sms',
      'was', json_object('bookedAt', booked_at, 'wonCents', won_cents, 'lostReason', lost_reason, 'lostNote', lost_note)),
    json_object('wonCents', ?8)), ?5, ?7, ?6 FROM leads
  WHERE business_id = ?2 AND phone = ?3 AND closed_at IS NULL
  ON CONFLICT (id) DO NOTHING`;

/** The lead of that entry moved; only when the entry was just written. */
const COMMAND_MOVE = `UPDATE leads SET
    status = ?1,
    closed_at = CASE WHEN ?1 IN ('won', 'lost') THEN ?2 ELSE closed_at END,
    booked_at = CASE WHEN ?1 = 'booked' THEN COALESCE(booked_at, ?2) ELSE booked_at END,
    won_cents = CASE WHEN ?1 = 'won' THEN COALESCE(?3, won_cents) ELSE won_cents END,
    lost_reason = CASE WHEN ?1 = 'lost' THEN ?4 ELSE lost_reason END,
    lost_note = CASE WHEN ?1 = 'lost' THEN ?6 ELSE lost_note END,
    last_activity_at = MAX(last_activity_at, ?2)
  WHERE id = (SELECT lead_id FROM lead_events WHERE id = ?5) AND changes() > 0`;

/**
 * The caller a contact tagged `blocked` (their name and other tags kept), whether or not they had an
 * open lead: from now on they are not texted, and their texts reach nobody (DESIGN.md §6.4, §6.6).
 * Undone by a PUT of the contact without the tag, or its DELETE.
 */
const BLOCK_CALLER = `INSERT INTO contacts (business_id, phone, name, tags, notes, created_at, updated_at)
  VALUES (?1, ?2, NULL, '["blocked"]', NULL, ?3, ?3)
  ON CONFLICT (business_id, phone) DO UPDATE SET
    tags = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(contacts.tags) UNION SELECT 'blocked' ORDER BY value)),
    updated_at = excluded.updated_at`;

/**
 * A status set by a person's shortcut (`W 450`, `L`, `B`, `BLOCK`) on the caller's open lead:
 * nothing when the caller has none; once per cause. `block` also makes the caller a blocked
 * contact, open lead or not. The entry's id (`cmd:<causeId>`) says whether the lead changed.
 */
export function leadCommandStatements(
  d1: D1Database,
  cause: LeadCause & LeadActor & { status: "won" | "lost" | "booked"; wonCents: number | null; lostReason: LostReason | null; lostNote: string | null; block: boolean },
): { entryId: string; statements: D1PreparedStatement[] } {
  const entryId = `cmd:${cause.causeId}`;
  const statements = [
    d1.prepare(COMMAND_EVENT).bind(entryId, cause.businessId, cause.phone, cause.status, cause.actor, cause.at, JSON.stringify(cause.actedBy), cause.wonCents),
    d1.prepare(COMMAND_MOVE).bind(cause.status, cause.at, cause.wonCents, cause.lostReason, entryId, cause.lostNote),
    ...(cause.block ? [d1.prepare(BLOCK_CALLER).bind(cause.businessId, cause.phone, cause.at)] : []),
  ];
  return { entryId, statements };
}

/** Who took the page and when, through its entry (written only while nobody had): once. */
const ACKNOWLEDGED = `UPDATE leads SET acknowledged_at = ?2, acknowledged_by = ?3, last_activity_at = MAX(last_activity_at, ?2)
  WHERE id = (SELECT lead_id FROM lead_events WHERE id = ?1) AND acknowledged_at IS NULL`;

/**
 * Someone took the urgent page of the caller's open lead: an on-call person or the owner by text
 * (`by` their phone, and name if on call), or a person on the admin page (their name). Entry
 * `ack:<causeId>`, written only while the page is untaken, so a later OK or a second press
 * changes nothing; `acknowledged_by` reads "Sam (+17372345601)", a bare phone, or "Carla".
 */
export function leadAcknowledgedStatements(
  d1: D1Database,
  cause: LeadCause & LeadActor & { by: { phone: string | null; name: string | null } },
): { entryId: string; statements: D1PreparedStatement[] } {
  const entryId = `ack:${cause.causeId}`;
  const { phone, name } = cause.by;
  const who = name && phone ? `${name} (${phone})` : (name ?? phone ?? "someone");
  return {
    entryId,
    statements: [
      joinEventStatement(d1, { id: entryId, cause, type: "acknowledged", detail: cause.by, actor: cause.actor, actedBy: cause.actedBy, untaken: true }),
      d1.prepare(ACKNOWLEDGED).bind(entryId, cause.at, who),
    ],
  };
}

/**
 * Whether the shortcut caused by `causeId` changed the caller's lead (its entry is written). Read in
 * the batch that writes it, so a batch run again answers the same.
 */
export function commandAppliedStatement(d1: D1Database, causeId: string): D1PreparedStatement {
  return d1.prepare("SELECT EXISTS (SELECT 1 FROM lead_events WHERE id = ?1) AS applied").bind(`cmd:${causeId}`);
}
