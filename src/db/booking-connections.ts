/**
 * A business's connection to each booking provider (booking-connections-schema.ts): when its key
 * was set, and the last webhook verified and refused. Small upserts, one row per business and
 * provider, so a busy or hostile sender never grows the table.
 */
import type { bookingConnections } from "./booking-connections-schema";
import type { BookingProvider, BookingReceipt, BookingRefusal } from "../vocabulary";

export type BookingConnectionRow = typeof bookingConnections.$inferSelect;

/**
 * At most one refusal is written per business and provider in this window: enough for an owner
 * trying their setup, and a sender hammering the route with bad signatures costs no write each.
 */
export const REFUSAL_NOTE_MS = 10_000;

/** Records that the key was set or replaced (`at`), or removed (null), in the batch that changes it. */
export function secretSetStatement(d1: D1Database, businessId: string, provider: BookingProvider, at: number | null): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO booking_connections (business_id, provider, secret_set_at) VALUES (?1, ?2, ?3)
        ON CONFLICT (business_id, provider) DO UPDATE SET secret_set_at = excluded.secret_set_at`,
    )
    .bind(businessId, provider, at);
}

/** A webhook whose signature verified, and what it did. */
export async function noteVerified(d1: D1Database, businessId: string, provider: BookingProvider, receipt: BookingReceipt, at: number): Promise<void> {
  await d1
    .prepare(
      `INSERT INTO booking_connections (business_id, provider, last_verified_at, last_verified_result) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (business_id, provider) DO UPDATE SET last_verified_at = excluded.last_verified_at, last_verified_result = excluded.last_verified_result`,
    )
    .bind(businessId, provider, at, receipt)
    .run();
}

/**
 * A refused webhook, for a business that exists (a made-up id writes nothing), at most once per
 * {@link REFUSAL_NOTE_MS}.
 */
export async function noteRefused(d1: D1Database, businessId: string, provider: BookingProvider, reason: BookingRefusal, at: number): Promise<void> {
  await d1
    .prepare(
      `INSERT INTO booking_connections (business_id, provider, last_refused_at, last_refused_reason)
        SELECT id, ?2, ?3, ?4 FROM businesses WHERE id = ?1
        ON CONFLICT (business_id, provider) DO UPDATE SET last_refused_at = excluded.last_refused_at, last_refused_reason = excluded.last_refused_reason
        WHERE booking_connections.last_refused_at IS NULL OR booking_connections.last_refused_at <= excluded.last_refused_at - ?5`,
    )
    .bind(businessId, provider, at, reason, REFUSAL_NOTE_MS)
    .run();
}

/** The business's rows by provider (a provider never set up or heard from has none). */
export async function bookingConnectionsOf(d1: D1Database, businessId: string): Promise<Map<BookingProvider, BookingConnectionRow>> {
  const { results } = await d1
    .prepare(
      `SELECT business_id AS businessId, provider, secret_set_at AS secretSetAt, last_verified_at AS lastVerifiedAt,
          last_verified_result AS lastVerifiedResult, last_refused_at AS lastRefusedAt, last_refused_reason AS lastRefusedReason
        FROM booking_connections WHERE business_id = ?`,
    )
    .bind(businessId)
    .all<BookingConnectionRow>();
  return new Map(results.map((r) => [r.provider, r]));
}
