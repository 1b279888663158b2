/** A conversation: everything between a business and one person, for the page that tells it. */
import { transcriptsFrom } from "../db/transcripts";
import { callsFrom } from "./calls";
import { consentLedger } from "./consent";
import type { Db } from "./db";
import { alertsAbout } from "./caller-alerts";
import { latestLeadOf, pagesOf } from "./leads";
import { textsWith } from "./texts";

/**
 * The latest calls, texts, voicemails read from the carrier and texts to the business's phones
 * about this caller (`alerts`: relays, pages, alerts; newest first), the whole consent
 * ledger (oldest first) and the caller's lead (open, else latest; null without one), in one round
 * trip; for an urgent lead nobody took, its pages in a second one (whether anyone was paged).
 */
export async function conversation(db: Db, businessId: string, phone: string) {
  const [calls, texts, consent, voicemails, leads, alerts] = await db.batch([
    callsFrom(db, businessId, phone, 100),
    textsWith(db, businessId, phone, 300),
    consentLedger(db, businessId, phone),
    transcriptsFrom(db, businessId, phone, 100),
    latestLeadOf(db, businessId, phone),
    alertsAbout(db, businessId, phone, { limit: 100 }),
  ]);
  const lead = leads[0] ?? null;
  const pages = lead?.urgent && lead.acknowledgedAt === null ? (await pagesOf(db, lead)).map((r) => r.page) : [];
  return { calls, texts, consent, voicemails, lead, pages, alerts };
}
