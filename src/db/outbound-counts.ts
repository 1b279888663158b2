/**
 * What the outbound cost guard counts (rules/outbound-guard.ts), read from D1: texts the carrier
 * took (`sent_at` set) since a time. Both walk messages_business_created_idx over the window only,
 * so a count costs the window's rows, never the business's history; the business's count reads the
 * index alone (it holds `sent_at`), ~3× faster than a look at each row (test/query-plans.test.ts).
 */

/** Per business among `?2…?{n+1}`: texts of every kind sent since `?1`, one row per business that sent any. */
export function businessTextsSinceSql(n: number): string {
  const ids = Array.from({ length: n }, (_, i) => `?${i + 2}`).join(", ");
  return `SELECT business_id AS businessId, COUNT(*) AS sent FROM messages
WHERE business_id IN (${ids}) AND created_at >= ?1 AND sent_at IS NOT NULL GROUP BY business_id`;
}

/**
 * A column for a query over messages `m`: the texts of `kinds` the business sent m's recipient
 * since `since` (a bound parameter such as `?1`), m itself aside; 0 without a look when m is of
 * another kind. `kinds` are the app's own constants, never input.
 */
export function recipientAnswersSql(kinds: readonly string[], since: string): string {
  const list = kinds.map((k) => `'${k}'`).join(", ");
  return `CASE WHEN m.kind IN (${list}) THEN (SELECT COUNT(*) FROM messages r
    WHERE r.business_id = m.business_id AND r.created_at >= ${since} AND r.to_phone = m.to_phone
      AND r.kind IN (${list}) AND r.sent_at IS NOT NULL AND r.id <> m.id) ELSE 0 END`;
}

/** A column for a query over messages `m`: 1 when m's recipient is one of its business's own carrier numbers. */
export const TO_OWN_NUMBER_SQL = `EXISTS (SELECT 1 FROM numbers o WHERE o.e164 = m.to_phone AND o.business_id = m.business_id)`;

/** The texts of every kind one business sent since `since` (what its daily cap counts): one row, `sent`. */
export function businessSentSince(d1: D1Database, businessId: string, since: number): D1PreparedStatement {
  return d1.prepare(businessTextsSinceSql(1)).bind(since, businessId);
}

/** The `sent` of businessSentSince's result (no row: none sent). */
export function sentOf(result: D1Result | undefined): number {
  return Number((result?.results[0] as { sent?: number } | undefined)?.sent ?? 0);
}
