/**
 * A test text is the owner's check that a number works, so "queued" is not an answer: the page waits
 * (a few seconds at most) for the carrier's, and says what it was: accepted, or refused and why
 * (20003: the credentials are wrong).
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { messages } from "../db/schema";
import { carrierErrorWords } from "../rules/carrier-errors";

export type CarrierAnswer =
  | { answered: "accepted" }
  | { answered: "refused"; code: string | null; words: string; retrying: boolean }
  | { answered: "not_yet" };

const ACCEPTED = new Set(["sent", "delivered"]);
const REFUSED = new Set(["failed", "undelivered", "dead", "suppressed"]);

/** Poll the text's row until the outbox records the carrier's answer, or `timeoutMs` passes. */
export async function awaitCarrierAnswer(db: D1Database, messageId: string, timeoutMs = 6_000, pollMs = 150): Promise<CarrierAnswer> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await drizzle(db)
      .select({ status: messages.status, errorCode: messages.errorCode })
      .from(messages)
      .where(eq(messages.id, messageId));
    if (row && ACCEPTED.has(row.status)) return { answered: "accepted" };
    // A retrying row already carries the carrier's first answer: an owner fixing a wrong token wants it now.
    if (row && (REFUSED.has(row.status) || (row.status === "retrying" && row.errorCode))) {
      return { answered: "refused", code: row.errorCode, words: carrierErrorWords(row.errorCode), retrying: row.status === "retrying" };
    }
    if (Date.now() >= until) return { answered: "not_yet" };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
