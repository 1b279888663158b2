/**
 * The line types the carriers' lookups gave (line-types-schema.ts): the SQL that reads them where
 * a caller's status is read, and the statement that keeps an answer.
 */
import { LANDLINE_ERROR_CODES, LINE_TYPE_TTL_MS, type LineType } from "../vocabulary";

/**
 * Whether the phone is a landline the business need not text: an answer younger than 90 days
 * (D1's clock), while the business still asks (`lookupLineType`: turning it off texts landlines
 * again at once). An SQL expression over the business and phone (SQL expressions too). One probe
 * of the key.
 *
 * @example landlineSql("?1", "?2")
 */
export function landlineSql(business: string, phone: string): string {
  return `EXISTS (SELECT 1 FROM line_types l WHERE l.business_id = ${business} AND l.phone = ${phone} AND l.line_type = 'landline'
    AND l.checked_at > unixepoch('now') * 1000 - ${LINE_TYPE_TTL_MS}
    AND EXISTS (SELECT 1 FROM businesses b WHERE b.id = l.business_id AND json_extract(b.settings, '$.lookupLineType') = 1))`;
}

/**
 * Whether the business can only call the phone back: a landline by its lookup (landlineSql), or
 * by the carrier's refusal of a text to it (LANDLINE_ERROR_CODES). For the lists' "Landline · call
 * back"; two probes of keys.
 *
 * @example landlineCallerSql("?1", "j.value")
 */
export function landlineCallerSql(business: string, phone: string): string {
  return `(${landlineSql(business, phone)} OR EXISTS (SELECT 1 FROM undeliverable u WHERE u.business_id = ${business} AND u.phone = ${phone}
    AND u.error_code IN (${LANDLINE_ERROR_CODES.map((c) => `'${c}'`).join(", ")})))`;
}

/**
 * The carrier's error that marked the phone undeliverable for the business (the `undeliverable`
 * table), or NULL: a scalar subquery, one probe of the key.
 *
 * @example undeliverableCodeSql("?1", "?2")
 */
export function undeliverableCodeSql(business: string, phone: string): string {
  return `SELECT u.error_code FROM undeliverable u WHERE u.business_id = ${business} AND u.phone = ${phone}`;
}

/** Keep (or refresh) what the lookup said of a phone. */
export function saveLineTypeStatement(d1: D1Database, businessId: string, phone: string, lineType: LineType, now: number): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO line_types (business_id, phone, line_type, checked_at) VALUES (?1, ?2, ?3, ?4)
      ON CONFLICT (business_id, phone) DO UPDATE SET line_type = excluded.line_type, checked_at = excluded.checked_at`,
    )
    .bind(businessId, phone, lineType, now);
}

/** The answers the business has for `phones` (`?2`, a JSON array), with when each was looked up. */
export function lineTypesStatement(d1: D1Database, businessId: string, phones: readonly string[]): D1PreparedStatement {
  return d1
    .prepare("SELECT phone, line_type AS lineType, checked_at AS checkedAt FROM line_types WHERE business_id = ?1 AND phone IN (SELECT value FROM json_each(?2))")
    .bind(businessId, JSON.stringify(phones));
}
