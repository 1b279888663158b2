import { and, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { consentEvents, undeliverable } from "./schema";

/**
 * Statements recording what a carrier error says about a recipient (`problem`, as
 * rules/delivery.ts's recipientProblem reads the error): an opt-out in the consent ledger
 * (evidence: the error) or an undeliverable flag. Empty when the error says nothing about them.
 */
export function recipientProblemWrites(
  db: DrizzleD1Database<Record<string, unknown>>,
  problem: "opted_out" | "undeliverable" | null,
  args: { businessId: string; phone: string; code: string | null; message: string; messageId: string; at: number },
) {
  if (problem === "opted_out") {
    return [
      db.insert(consentEvents).values({
        businessId: args.businessId,
        phone: args.phone,
        kind: "opt_out",
        source: "carrier_error",
        evidenceId: args.messageId,
        evidenceText: `${args.code}: ${args.message}`.slice(0, 500),
        at: args.at,
      }),
    ];
  }
  if (problem === "undeliverable") {
    return [
      db
        .insert(undeliverable)
        .values({ businessId: args.businessId, phone: args.phone, errorCode: args.code!, messageId: args.messageId, at: args.at })
        .onConflictDoUpdate({
          target: [undeliverable.businessId, undeliverable.phone],
          set: { errorCode: args.code!, messageId: args.messageId, at: args.at },
        }),
    ];
  }
  return [];
}

/** A delivered text proves the number takes texts after all (ported to a mobile, unblocked). */
export function clearUndeliverable(db: DrizzleD1Database<Record<string, unknown>>, businessId: string, phone: string) {
  return db.delete(undeliverable).where(and(eq(undeliverable.businessId, businessId), eq(undeliverable.phone, phone)));
}
