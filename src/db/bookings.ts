/**
 * Bookings from providers (DESIGN.md §6.5): what we hold, the lead a booking belongs to, and the
 * statements that record a change. Statements are conditional on the state they expect, so two
 * deliveries of the same event racing each other change things once.
 */
import type { bookings } from "./bookings-schema";
import type { BookingProvider, LeadStatus } from "../vocabulary";

export type BookingRow = typeof bookings.$inferSelect;

const BOOKING_COLUMNS = `id, business_id AS businessId, provider, external_id AS externalId, lead_id AS leadId, lead_status_before AS leadStatusBefore,
  status, starts_at AS startsAt, phone, name, email, code, created_at AS createdAt, updated_at AS updatedAt`;

/** Whether this delivery (`<event>:<id>`) was acted on already. */
export async function bookingDelivered(d1: D1Database, businessId: string, provider: BookingProvider, key: string): Promise<boolean> {
  return (await d1.prepare("SELECT 1 FROM booking_deliveries WHERE business_id = ? AND provider = ? AND key = ?").bind(businessId, provider, key).first()) !== null;
}

/** The booking a provider knows by any of `ids` (its id now, or before a reschedule). */
export function findBooking(d1: D1Database, businessId: string, provider: BookingProvider, ids: string[]): Promise<BookingRow | null> {
  return d1
    .prepare(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE business_id = ?1 AND provider = ?2 AND external_id IN (SELECT value FROM json_each(?3)) LIMIT 1`)
    .bind(businessId, provider, JSON.stringify(ids))
    .first<BookingRow>();
}

export function findBookingById(d1: D1Database, id: string): Promise<BookingRow | null> {
  return d1.prepare(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = ?`).bind(id).first<BookingRow>();
}

/** A business's bookings, newest first; `unmatched`: only those nobody could match (the admin's list). */
export async function listBookings(d1: D1Database, businessId: string, opts: { unmatched: boolean; limit: number }): Promise<BookingRow[]> {
  const { results } = await d1
    .prepare(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE business_id = ?1 ${opts.unmatched ? "AND lead_id IS NULL" : ""} ORDER BY created_at DESC LIMIT ?2`)
    .bind(businessId, opts.limit)
    .all<BookingRow>();
  return results;
}

/** How many of a business's bookings nobody could match (the Leads page points to them). */
export async function countUnmatchedBookings(d1: D1Database, businessId: string): Promise<number> {
  const row = await d1.prepare("SELECT COUNT(*) AS n FROM bookings WHERE business_id = ? AND lead_id IS NULL").bind(businessId).first<{ n: number }>();
  return row?.n ?? 0;
}

/** The lead of the text that carried one of `codes` (the lead open when it was sent), in this business. */
export async function leadByCode(d1: D1Database, businessId: string, codes: string[]): Promise<string | null> {
  if (codes.length === 0) return null;
  const row = await d1
    .prepare(
      `SELECT (SELECT l.id FROM leads l WHERE l.business_id = m.business_id AND l.phone = m.to_phone AND l.created_at <= m.created_at
           AND (l.closed_at IS NULL OR l.closed_at >= m.created_at) ORDER BY l.created_at DESC LIMIT 1) AS leadId
        FROM messages m WHERE m.link_code IN (SELECT value FROM json_each(?2)) AND m.business_id = ?1 LIMIT 1`,
    )
    .bind(businessId, JSON.stringify(codes))
    .first<{ leadId: string | null }>();
  return row?.leadId ?? null;
}

/** The caller's open lead. */
export async function openLeadByPhone(d1: D1Database, businessId: string, phone: string): Promise<string | null> {
  const row = await d1.prepare("SELECT id FROM leads WHERE business_id = ? AND phone = ? AND closed_at IS NULL").bind(businessId, phone).first<{ id: string }>();
  return row?.id ?? null;
}

export async function leadStatusOf(d1: D1Database, leadId: string): Promise<LeadStatus | null> {
  const row = await d1.prepare("SELECT status FROM leads WHERE id = ?").bind(leadId).first<{ status: LeadStatus }>();
  return row?.status ?? null;
}

/** This delivery acted on (the batch that acts writes it). */
export const deliveryStatement = (d1: D1Database, businessId: string, provider: BookingProvider, key: string, at: number) =>
  d1.prepare("INSERT INTO booking_deliveries (business_id, provider, key, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING").bind(businessId, provider, key, at);

/** A booking we did not hold; nothing if a racing delivery wrote it first. */
export function insertBookingStatement(d1: D1Database, row: Omit<typeof bookings.$inferInsert, "updatedAt">): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO bookings (id, business_id, provider, external_id, lead_id, lead_status_before, status, starts_at, phone, name, email, code, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13) ON CONFLICT DO NOTHING`,
    )
    .bind(row.id, row.businessId, row.provider, row.externalId, row.leadId ?? null, row.leadStatusBefore ?? null, row.status, row.startsAt ?? null, row.phone ?? null, row.name ?? null, row.email ?? null, row.code ?? null, row.createdAt);
}

/**
 * A held booking changed: its id now, status and time, only if it still is as it was read
 * (`expect`), so of two racing deliveries one applies. `leadStatusBefore` is set when it books
 * its lead again.
 */
export function updateBookingStatement(
  d1: D1Database,
  held: BookingRow,
  next: { externalId: string; status: "booked" | "canceled"; startsAt: number | null; leadStatusBefore?: LeadStatus | null },
  at: number,
): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE bookings SET external_id = ?2, status = ?3, starts_at = ?4, lead_status_before = COALESCE(?5, lead_status_before), updated_at = ?6
       WHERE id = ?1 AND status = ?7 AND starts_at IS ?8 AND external_id = ?9`,
    )
    .bind(held.id, next.externalId, next.status, next.startsAt, next.leadStatusBefore ?? null, at, held.status, held.startsAt, held.externalId);
}
