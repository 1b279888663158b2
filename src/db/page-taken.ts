/**
 * Whether a caller's page was taken, and by whom: their open lead's, else their newest closed
 * one's (one probe of leads_business_phone_idx). Read by the line to answer an OK that came late.
 */
const TAKEN_SQL = `SELECT acknowledged_by AS "by", acknowledged_at AS "at", closed_at IS NOT NULL AS closed FROM leads
  WHERE business_id = ?1 AND phone = ?2 ORDER BY closed_at IS NULL DESC, closed_at DESC LIMIT 1`;

export async function pageTakenState(d1: D1Database, businessId: string, phone: string): Promise<{ by: string | null; at: number | null; closed: boolean } | null> {
  const row = await d1.prepare(TAKEN_SQL).bind(businessId, phone).first<{ by: string | null; at: number | null; closed: number }>();
  return row ? { by: row.by, at: row.at, closed: row.closed === 1 } : null;
}

/**
 * How an `OK all` turned out for each caller (`?2`: JSON `[[phone, entryId], …]`, in order), read
 * in the batch that records it, so a batch run again reads the same: whether its own entry took
 * the page, else who had taken it (their newest lead's), whether that lead is closed, and the name
 * the business knows them by (its contact's, else the lead's).
 */
const TAKE_ALL_SQL = `SELECT json_extract(j.value, '$[0]') AS phone,
    EXISTS (SELECT 1 FROM lead_events WHERE id = json_extract(j.value, '$[1]')) AS took,
    l.acknowledged_by AS "by", l.closed_at IS NOT NULL AS closed,
    COALESCE((SELECT name FROM contacts WHERE business_id = ?1 AND phone = json_extract(j.value, '$[0]')), l.name) AS name
  FROM json_each(?2) AS j
  LEFT JOIN leads AS l ON l.id = (SELECT id FROM leads WHERE business_id = ?1 AND phone = json_extract(j.value, '$[0]')
    ORDER BY closed_at IS NULL DESC, closed_at DESC LIMIT 1)
  ORDER BY j.key`;

/** One caller of an `OK all`, as TAKE_ALL_SQL reads it. */
export interface TakeAllRow {
  phone: string;
  took: number;
  by: string | null;
  closed: number;
  name: string | null;
}

export function takeAllOutcomeStatement(d1: D1Database, businessId: string, entries: readonly (readonly [phone: string, entryId: string])[]): D1PreparedStatement {
  return d1.prepare(TAKE_ALL_SQL).bind(businessId, JSON.stringify(entries));
}
