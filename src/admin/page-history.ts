/**
 * An urgent lead's page history for its card (rules/page-history.ts): read from the page rows the
 * card's one batch already holds (admin/leads.ts leadRecords) and the lead's acknowledgement; only
 * for pages a line still holds is that line asked when they go (one call per number, not per page).
 */
import type { BusinessRow } from "../db/schema";
import type { Env } from "../env";
import { log } from "../log";
import { pageHistory, type PageStep } from "../rules/page-history";
import { parseSettings } from "../settings";
import { heldTextTimes } from "./held-texts";
import type { LeadRecords, LeadRow } from "./leads";

/** `time` writes when a held page goes, as the page writes times. */
export async function leadPageHistory(env: Pick<Env, "LINE">, business: BusinessRow, lead: LeadRow, records: Pick<LeadRecords, "pages">, time: (at: number) => string): Promise<PageStep[]> {
  if (records.pages.length === 0 && lead.acknowledgedAt === null) return [];
  // A line that cannot be asked leaves its held pages "next": the card still shows.
  const held = await heldTextTimes(env, lead.phone, records.pages, "page").catch((e: unknown) => {
    log.warn("admin.held_pages_unread", { leadId: lead.id, error: String(e) });
    return new Map<string, number>();
  });
  const taken = lead.acknowledgedAt !== null ? { at: lead.acknowledgedAt, by: lead.acknowledgedBy } : null;
  const { urgent } = parseSettings(business.settings);
  return pageHistory({ pages: records.pages, ownerPhone: business.notifyPhone, onCall: urgent.onCall, taken, held, time });
}
