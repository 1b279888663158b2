/** A conversation: everything between a business and one person, for the page that tells it. */
import { callsFrom } from "./calls";
import { consentLedger } from "./consent";
import type { Db } from "./db";
import { textsWith } from "./texts";

/** The latest calls and texts (newest first) and the whole consent ledger (oldest first), in one round trip. */
export async function conversation(db: Db, businessId: string, phone: string) {
  const [calls, texts, consent] = await db.batch([
    callsFrom(db, businessId, phone, 100),
    textsWith(db, businessId, phone, 300),
    consentLedger(db, businessId, phone),
  ]);
  return { calls, texts, consent };
}
