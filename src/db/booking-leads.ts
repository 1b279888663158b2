/**
 * What a booking does to its lead (DESIGN.md §6.5), as statements for the batch that changes the
 * booking, each placed right after the one before it: the lead's timeline entry is written only if
 * the booking statement just before changed a row (`changes() > 0`), and the lead only if the entry
 * was. So a delivery that changed nothing (a racing duplicate) touches no lead.
 */
import type { ActedBy } from "../vocabulary";

export interface BookingEntry {
  /** The timeline entry's id (unique per change). */
  entryId: string;
  leadId: string;
  /** `{ action, provider, bookingId, startsAt }`. */
  detail: Record<string, unknown>;
  actor: string;
  /** The person who attached it by hand; none for a provider's booking. */
  actedBy?: ActedBy;
  at: number;
}

const ENTRY = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, acted_by, at)
  SELECT ?1, id, business_id, 'booking', ?3, ?4, ?6, ?5 FROM leads WHERE id = ?2 AND changes() > 0
  ON CONFLICT (id) DO NOTHING`;

const entryStatement = (d1: D1Database, e: BookingEntry) =>
  d1.prepare(ENTRY).bind(e.entryId, e.leadId, JSON.stringify(e.detail), e.actor, e.at, e.actedBy ? JSON.stringify(e.actedBy) : null);

/** Booked: `booked` from the statuses `?4` lists (the system's moves, rules/leads.ts), the first booking time kept, the appointment's time set. */
const BOOKED = `UPDATE leads SET
    status = CASE WHEN status IN (SELECT value FROM json_each(?4)) THEN 'booked' ELSE status END,
    booked_at = COALESCE(booked_at, ?2),
    starts_at = ?3,
    last_activity_at = MAX(last_activity_at, ?2)
  WHERE id = ?1 AND changes() > 0`;

export function leadBookedStatements(d1: D1Database, e: BookingEntry, startsAt: number | null, movesFrom: readonly string[]): D1PreparedStatement[] {
  return [entryStatement(d1, e), d1.prepare(BOOKED).bind(e.leadId, e.at, startsAt, JSON.stringify(movesFrom))];
}

const MOVED = "UPDATE leads SET starts_at = ?2, last_activity_at = MAX(last_activity_at, ?3) WHERE id = ?1 AND changes() > 0";

/** Rescheduled: the appointment's new time. */
export function leadMovedStatements(d1: D1Database, e: BookingEntry, startsAt: number | null): D1PreparedStatement[] {
  return [entryStatement(d1, e), d1.prepare(MOVED).bind(e.leadId, startsAt, e.at)];
}

/** Whether the lead still has a booking on the calendar (the canceled one already marked). */
const STILL_BOOKED = "EXISTS (SELECT 1 FROM bookings WHERE lead_id = ?1 AND status = 'booked')";

/**
 * Canceled: a lead the booking had booked goes back to the status before it (`?2`), and loses its
 * booking times, unless another booking of it is still on; a lead a person has since moved on (won,
 * lost) keeps its status.
 */
const CANCELED = `UPDATE leads SET
    booked_at = CASE WHEN status = 'booked' AND NOT ${STILL_BOOKED} AND ?2 <> 'booked' THEN NULL ELSE booked_at END,
    status = CASE WHEN status = 'booked' AND NOT ${STILL_BOOKED} THEN ?2 ELSE status END,
    starts_at = (SELECT MIN(starts_at) FROM bookings WHERE lead_id = ?1 AND status = 'booked'),
    last_activity_at = MAX(last_activity_at, ?3)
  WHERE id = ?1 AND changes() > 0`;

export function leadCanceledStatements(d1: D1Database, e: BookingEntry, statusBefore: string): D1PreparedStatement[] {
  return [entryStatement(d1, e), d1.prepare(CANCELED).bind(e.leadId, statusBefore, e.at)];
}
