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
