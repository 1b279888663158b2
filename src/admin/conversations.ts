/** A conversation: everything between a business and one person, for the page that tells it. */
import { transcriptsFrom } from "../db/transcripts";
import { callsFrom } from "./calls";
import { consentLedger } from "./consent";
import type { Db } from "./db";
import { latestLeadOf, pagesOf } from "./leads";
import { textsWith } from "./texts";

/**
 * The latest calls, texts and voicemails read from the carrier (newest first), the whole consent
 * ledger (oldest first) and the caller's lead (open, else latest; null without one), in one round
 * trip; for an urgent lead nobody took, its pages in a second one (whether anyone was paged).
 */
export async function conversation(db: Db, businessId: string, phone: string) {
  const [calls, texts, consent, voicemails, leads] = await db.batch([
    callsFrom(db, businessId, phone, 100),
    textsWith(db, businessId, phone, 300),
    consentLedger(db, businessId, phone),
    transcriptsFrom(db, businessId, phone, 100),
    latestLeadOf(db, businessId, phone),
  ]);
  const lead = leads[0] ?? null;
  const pages = lead?.urgent && lead.acknowledgedAt === null ? (await pagesOf(db, lead)).map((r) => r.page) : [];
  return { calls, texts, consent, voicemails, lead, pages };
}
