import type { LeadStatus } from "../vocabulary";

/**
 * A caller's standing with a business, read when one of their held texts comes due: their open
 * lead (else their newest closed one) and whether they are a blocked contact. One statement, by
 * the keys of `leads_business_phone_idx` and `contact_tags`.
 */
const STANDING_SQL = `SELECT
  (SELECT json_object('status', status, 'handedOver', handed_over, 'acknowledged', acknowledged_at IS NOT NULL) FROM leads WHERE business_id = ?1 AND phone = ?2
    ORDER BY closed_at IS NULL DESC, closed_at DESC LIMIT 1) AS lead,
  EXISTS (SELECT 1 FROM contact_tags WHERE business_id = ?1 AND phone = ?2 AND tag = 'blocked') AS blocked`;

export async function callerStanding(d1: D1Database, businessId: string, phone: string): Promise<{ lead: { status: LeadStatus; handedOver: boolean; acknowledged: boolean } | null; blocked: boolean }> {
  const row = await d1.prepare(STANDING_SQL).bind(businessId, phone).first<{ lead: string | null; blocked: number }>();
  const lead = row?.lead ? (JSON.parse(row.lead) as { status: LeadStatus; handedOver: number; acknowledged: number }) : null;
  return { lead: lead ? { status: lead.status, handedOver: lead.handedOver === 1, acknowledged: lead.acknowledged === 1 } : null, blocked: row?.blocked === 1 };
}
