/** Calls, as the line recorded them: a business's, newest first, or one caller's. */
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { calls, messages, type CallRow } from "../db/schema";
import { TEXT_BACK_KINDS } from "../vocabulary";
import { optOutsOf } from "./consent";
import type { Db } from "./db";
import { olderThan, type ListCursor } from "./list-cursor";

/**
 * A business's calls, newest first, each with its text-back's kind (the after-hours one says the
 * call came after hours) and final state (null when it was not texted), in one statement: the list says what finally happened (rules/text-fate.ts) without a
 * query per call. `before` (ms) pages back through older ones, or `after` a page's last call.
 */
export function listCalls(db: Db, businessId: string, opts: { limit: number; before?: number; after?: ListCursor }) {
  return db
    .select({
      call: calls,
      text: { id: messages.id, kind: messages.kind, status: messages.status, errorCode: messages.errorCode, errorMessage: messages.errorMessage, attempts: messages.attempts },
    })
    .from(calls)
    .leftJoin(messages, and(eq(messages.callId, calls.id), inArray(messages.kind, TEXT_BACK_KINDS)))
    .where(
      and(
        eq(calls.businessId, businessId),
        opts.before !== undefined ? lt(calls.at, opts.before) : undefined,
        opts.after ? olderThan(calls.at, calls.id, opts.after) : undefined,
      ),
    )
    .orderBy(desc(calls.at), desc(calls.id))
    .limit(opts.limit);
}

export type ListedCall = Awaited<ReturnType<typeof listCalls>>[number];

/** One caller's calls to a business, newest first. */
export function callsFrom(db: Db, businessId: string, phone: string, limit: number) {
  return db
    .select()
    .from(calls)
    .where(and(eq(calls.businessId, businessId), eq(calls.fromPhone, phone)))
    .orderBy(desc(calls.at))
    .limit(limit);
}

/**
 * "Not texted: the caller opted out on Mar 3": for calls skipped because of an opt-out, the date
 * of the newest opt-out before the call, from the consent ledger. Keyed by call id.
 */
export async function optOutDates(db: Db, businessId: string, rows: readonly CallRow[]): Promise<Map<string, number>> {
  const skipped = rows.filter((r) => r.decision === "skipped:opted_out");
  if (skipped.length === 0) return new Map();
  const events = await optOutsOf(db, businessId, [...new Set(skipped.map((r) => r.fromPhone))]);
  const out = new Map<string, number>();
  for (const call of skipped) {
    const before = events.filter((e) => e.phone === call.fromPhone && e.at <= call.at).map((e) => e.at);
    if (before.length > 0) out.set(call.id, Math.max(...before));
  }
  return out;
}
