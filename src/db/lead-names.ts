/**
 * A name a person gives a contact, on that phone's open lead (DESIGN.md §6.1): it replaces a lead's
 * name from caller ID, from the caller's answer or from the contact's older name, and fills a lead
 * without one; never a name a person set on the lead itself, nor a closed lead's.
 */

/** The open lead `l` may take the contact's name `?name`. */
const takesName = (name: string) => `l.business_id = ?1 AND l.closed_at IS NULL
  AND (l.name IS NULL OR l.name_source IN ('caller_id', 'caller', 'contact')) AND l.name IS NOT ${name}`;

/** `?2`: a JSON array of `[phone, name]`; the entry `fields:<?3>:<phone>` on each lead it renames. */
const NAME_ENTRY = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at)
  SELECT 'fields:' || ?3 || ':' || l.phone, l.id, l.business_id, 'fields', json_object('name', j.name, 'nameFrom', 'contact'), ?5, ?4
  FROM (SELECT json_extract(value, '$[0]') AS phone, json_extract(value, '$[1]') AS name FROM json_each(?2)) j
  INNER JOIN leads l ON l.business_id = ?1 AND l.phone = j.phone AND l.closed_at IS NULL
  WHERE ${takesName("j.name")}
  ON CONFLICT (id) DO NOTHING`;

/** Each lead its entry (just written) names. */
const RENAME = `UPDATE leads AS l SET name = json_extract(e.detail, '$.name'), name_source = 'contact', last_activity_at = MAX(l.last_activity_at, ?4)
  FROM (SELECT lead_id, detail FROM lead_events WHERE id IN (SELECT 'fields:' || ?3 || ':' || json_extract(value, '$[0]') FROM json_each(?2))) e
  WHERE l.id = e.lead_id AND ${takesName("json_extract(e.detail, '$.name')")}`;

/** The entry id that says a contact's name went on its phone's open lead, for events about that lead. */
export const contactNameEntryId = (change: string, phone: string) => `fields:${change}:${phone}`;

/**
 * The statements that put contacts' names on their phones' open leads, after the batch's contact
 * writes: an entry per lead renamed (`contactNameEntryId`), then the lead. A contact without a name
 * changes no lead. `change`: an id of this change, unique per request.
 */
export function contactNameLeadStatements(
  d1: D1Database,
  businessId: string,
  named: readonly { phone: string; name: string | null }[],
  change: string,
  at: number,
  actor: string,
): D1PreparedStatement[] {
  const byPhone = new Map(named.filter((c) => c.name !== null && c.name.trim() !== "").map((c) => [c.phone, c.name!.trim()]));
  if (byPhone.size === 0) return [];
  const pairs = JSON.stringify([...byPhone]);
  return [d1.prepare(NAME_ENTRY).bind(businessId, pairs, change, at, actor), d1.prepare(RENAME).bind(businessId, pairs, change, at)];
}
