/**
 * The name a business knows a caller by: their open lead's, else their newest named lead's, else
 * their contact's. Two probes of (business, phone) keys: leads_business_phone_idx and the
 * contacts primary key.
 */
const CALLER_NAME = `SELECT COALESCE(
    (SELECT name FROM leads WHERE business_id = ?1 AND phone = ?2 AND name IS NOT NULL
      ORDER BY closed_at IS NOT NULL, last_activity_at DESC LIMIT 1),
    (SELECT name FROM contacts WHERE business_id = ?1 AND phone = ?2)) AS name`;

export async function callerName(d1: D1Database, businessId: string, phone: string): Promise<string | null> {
  const row = await d1.prepare(CALLER_NAME).bind(businessId, phone).first<{ name: string | null }>();
  return row?.name?.trim() || null;
}

/** The same for several callers at once (`?2`: a JSON list of phones): one statement. */
const CALLER_NAMES = `SELECT j.value AS phone, COALESCE(
    (SELECT name FROM leads WHERE business_id = ?1 AND phone = j.value AND name IS NOT NULL
      ORDER BY closed_at IS NOT NULL, last_activity_at DESC LIMIT 1),
    (SELECT name FROM contacts WHERE business_id = ?1 AND phone = j.value)) AS name
  FROM json_each(?2) AS j`;

export async function callerNames(d1: D1Database, businessId: string, phones: readonly string[]): Promise<Record<string, string | null>> {
  const { results } = await d1.prepare(CALLER_NAMES).bind(businessId, JSON.stringify(phones)).all<{ phone: string; name: string | null }>();
  return Object.fromEntries(results.map((r) => [r.phone, r.name?.trim() || null]));
}
