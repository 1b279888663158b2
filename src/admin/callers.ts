/**
 * Who a page's callers are, for the name the admin shows each by (rules/display.ts shownCaller):
 * each phone's contact (its name and tags), the name on their lead and whether they are a landline, in one statement however
 * many phones a page shows.
 */
import { landlineCallerSql } from "../db/line-types";
import type { CallerNames } from "../rules/display";

/**
 * The name on a caller's lead, as a scalar subquery over leads_business_phone_idx: the open lead's,
 * else the newest named one's (a caller who gave their name once keeps it on later leads' pages).
 *
 * @example leadNameSql("?1", "s.phone")
 */
export const leadNameSql = (businessId: string, phone: string) => `(SELECT l.name FROM leads l
    WHERE l.business_id = ${businessId} AND l.phone = ${phone} AND trim(l.name) <> ''
    ORDER BY l.closed_at IS NOT NULL, l.last_activity_at DESC LIMIT 1)`;

// ?2: a JSON array of phones. The contact by its key, the lead name by leads_business_phone_idx.
const CALLERS = `SELECT j.value AS phone, k.name AS contact_name, k.tags AS tags, ${leadNameSql("?1", "j.value")} AS lead_name,
    ${landlineCallerSql("?1", "j.value")} AS landline
  FROM json_each(?2) j
  LEFT JOIN contacts k ON k.business_id = ?1 AND k.phone = j.value`;

export interface KnownCaller {
  contactName: string | null;
  leadName: string | null;
  /** The contact's tags (none for a stranger). */
  tags: string[];
  /** A landline (by the carrier's lookup or its refusal of a text): called back, never texted. */
  landline: boolean;
}

interface CallerRow {
  phone: string;
  contact_name: string | null;
  tags: string | null;
  lead_name: string | null;
  landline: number;
}

/** Each phone's contact and lead name, by phone (every phone asked is in the map): one statement. */
export async function callersOf(d1: D1Database, businessId: string, phones: readonly string[]): Promise<Map<string, KnownCaller>> {
  if (phones.length === 0) return new Map();
  const { results } = await d1.prepare(CALLERS).bind(businessId, JSON.stringify([...new Set(phones)])).all<CallerRow>();
  return new Map(results.map((r) => [r.phone, { contactName: r.contact_name, leadName: r.lead_name, tags: r.tags ? (JSON.parse(r.tags) as string[]) : [], landline: r.landline === 1 }]));
}

/** A caller's names for shownCaller; `leadName`: the lead a page is about, instead of their latest. */
export function namesOf(caller: KnownCaller | undefined, leadName?: string | null): CallerNames {
  return { contact: caller?.contactName, lead: leadName === undefined ? caller?.leadName : leadName };
}
