/** Personal API tokens: made for oneself (or, by the owner, for anyone), shown once, stored as SHA-256, revoked at once. */
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { newApiToken, sha256Hex } from "../crypto/tokens";
import { deleteApiToken, findApiToken, insertApiToken } from "../db/sessions";
import { findUser } from "../db/team";
import type { Env } from "../env";
import { audit } from "./audit";
import { newId } from "./db";
import type { Principal } from "./principal";

/**
 * The user a token is made for: oneself, or (the owner only) `userId`. The ADMIN_TOKEN owner is no
 * user, so it names one.
 */
async function tokenOwner(env: Pick<Env, "DB">, principal: Principal, userId: string | undefined): Promise<string> {
  const wanted = userId ?? principal.userId;
  if (!wanted) throw new HTTPException(400, { message: "userId: required with the admin token, which is no user's" });
  if (wanted !== principal.userId && principal.role !== "owner") throw new HTTPException(403, { message: "userId: only an owner makes tokens for someone else" });
  if (!(await findUser(drizzle(env.DB), wanted))) throw new HTTPException(400, { message: `userId: no such user: ${wanted}` });
  return wanted;
}

export async function createApiToken(env: Pick<Env, "DB">, principal: Principal, input: { name: string; userId?: string }, now = Date.now()) {
  const userId = await tokenOwner(env, principal, input.userId);
  const token = newApiToken();
  const row = { id: newId("tok"), userId, name: input.name, tokenHash: await sha256Hex(token), createdAt: now, lastUsedAt: null };
  const db = drizzle(env.DB);
  await db.batch([insertApiToken(db, row), audit(db, "token.create", "token", row.id, { userId, name: input.name })]);
  return { id: row.id, token, userId, name: row.name };
}

/** Revokes a token: one's own, or any (the owner). Someone else's token is a 404, like an unknown one. */
export async function revokeApiToken(env: Pick<Env, "DB">, principal: Principal, id: string): Promise<void> {
  const db = drizzle(env.DB);
  const row = await findApiToken(db, id);
  if (!row || (principal.role !== "owner" && row.userId !== principal.userId)) throw new HTTPException(404, { message: "no such token" });
  await db.batch([deleteApiToken(db, id), audit(db, "token.revoke", "token", id, { userId: row.userId, name: row.name })]);
}
