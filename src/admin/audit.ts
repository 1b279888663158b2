/** The audit log: who changed what. Every admin write adds its row in the same batch as the change. */
import { and, desc, eq, or } from "drizzle-orm";
import type * as z from "../zod";
import { auditLog } from "../db/schema";
import { currentActor } from "./actor";
import type { Db } from "./db";
import type { auditQuerySchema } from "./schemas";

/** The row recording a change, with who made it (actor.ts), to batch with the change itself. */
export function audit(db: Db, action: string, entity: string, entityId: string, detail: unknown) {
  return db.insert(auditLog).values({ ...currentActor(), action, entity, entityId, detail, at: Date.now() });
}

/**
 * Newest first, optionally of one entity (business, number, template, consent, message…), one id,
 * or one actor: `admin`, a user's id (their changes, through their tokens too) or a token's id.
 */
export function listAudit(db: Db, q: z.infer<typeof auditQuerySchema>) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        q.entity ? eq(auditLog.entity, q.entity) : undefined,
        q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
        q.actor ? or(eq(auditLog.actor, q.actor), eq(auditLog.actorToken, q.actor)) : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit);
}
