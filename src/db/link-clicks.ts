/**
 * Tracked booking links (DESIGN.md §6.5): the text a code was sent in, and a click on its lead.
 * The lead of a link is the one that was open for that caller when the text was made, so a click
 * on an old text counts on the lead it belonged to, even after a newer one opened.
 */

export interface LinkTarget {
  messageId: string;
  businessId: string;
  bookingUrl: string | null;
  leadId: string | null;
}

const LINK_TARGET = `SELECT m.id AS messageId, m.business_id AS businessId, b.booking_url AS bookingUrl,
    (SELECT l.id FROM leads l WHERE l.business_id = m.business_id AND l.phone = m.to_phone AND l.created_at <= m.created_at
       AND (l.closed_at IS NULL OR l.closed_at >= m.created_at) ORDER BY l.created_at DESC LIMIT 1) AS leadId
  FROM messages m INNER JOIN businesses b ON b.id = m.business_id
  WHERE m.link_code = ?1`;

/** The text that carried `code`, its business's booking URL as stored now, and its lead; null for an unknown code. */
export function findLinkTarget(d1: D1Database, code: string): Promise<LinkTarget | null> {
  return d1.prepare(LINK_TARGET).bind(code).first<LinkTarget>();
}

const CLICK_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at)
  SELECT ?1, id, business_id, 'click', json_object('messageId', ?3), phone, ?4 FROM leads WHERE id = ?2`;

const CLICK_COUNT = `UPDATE leads SET clicks = clicks + 1, first_click_at = COALESCE(first_click_at, ?2), last_click_at = ?2,
    last_activity_at = MAX(last_activity_at, ?2)
  WHERE id = ?1`;

/** One click on the lead: its timeline entry `entryId` (one per request) and its counts and times. */
export function leadClickStatements(d1: D1Database, click: { entryId: string; leadId: string; messageId: string; at: number }): D1PreparedStatement[] {
  return [
    d1.prepare(CLICK_EVENT).bind(click.entryId, click.leadId, click.messageId, click.at),
    d1.prepare(CLICK_COUNT).bind(click.leadId, click.at),
  ];
}
