import type { LostReason } from "../vocabulary";

/** A caller's newest lead when they have no open one: how it closed, and the ZIP it had. */
export interface ClosedLeadRow {
  id: string;
  status: "won" | "lost";
  lostReason: LostReason | null;
  zip: string | null;
  closedAt: number;
}

/** One probe of leads_business_phone_idx: none while the caller has an open lead. */
const CLOSED_LEAD = `SELECT id, status, lost_reason AS lostReason, json_extract(fields, '$.zip') AS zip, closed_at AS closedAt
  FROM leads WHERE business_id = ?1 AND phone = ?2 AND closed_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM leads WHERE business_id = ?1 AND phone = ?2 AND closed_at IS NULL)
  ORDER BY closed_at DESC LIMIT 1`;

/** The caller's newest closed lead, or null when they have an open one or none at all. */
export async function closedLeadOf(d1: D1Database, businessId: string, phone: string): Promise<ClosedLeadRow | null> {
  const row = await d1.prepare(CLOSED_LEAD).bind(businessId, phone).first<ClosedLeadRow & { zip: unknown }>();
  if (!row || (row.status !== "won" && row.status !== "lost")) return null;
  return { ...row, zip: typeof row.zip === "string" ? row.zip : null };
}
