/** Who last changed a thing and when, read from the audit log for the pages (a template, a business's settings). */
import { and, desc, eq, inArray } from "drizzle-orm";
import { auditLog } from "../db/schema";
import { actedByWords } from "../rules/acted-by";
import { apiTokens, users } from "../db/team-schema";
import type { Db } from "./db";

export interface LastChange {
  /** "Ana Lopez", "Ana Lopez, through the token “zapier”", "the owner (admin token)", or a removed user's id. */
  by: string;
  at: number;
}

/** The newest change of each of `entityIds` (of one entity kind), by id; at most 90 ids. */
export async function lastChanges(db: Db, entity: string, entityIds: readonly string[]): Promise<Map<string, LastChange>> {
  const rows = await db
    .select({ entityId: auditLog.entityId, actor: auditLog.actor, at: auditLog.at, name: users.name, tokenName: apiTokens.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actor))
    .leftJoin(apiTokens, eq(apiTokens.id, auditLog.actorToken))
    .where(and(eq(auditLog.entity, entity), inArray(auditLog.entityId, [...entityIds])))
    .orderBy(desc(auditLog.at), desc(auditLog.id));
  const out = new Map<string, LastChange>();
  for (const r of rows) {
    if (out.has(r.entityId)) continue;
    const who = r.actor === "admin" ? actedByWords({ kind: "admin_token" }) : (r.name ?? r.actor);
    out.set(r.entityId, { by: r.tokenName ? `${who}, through the token “${r.tokenName}”` : who, at: r.at });
  }
  return out;
}
