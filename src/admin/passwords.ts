/** Setting a password: from an invite link (once), or changing one's own (which ends every session of that user). */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { hashPassword, verifyPassword } from "../crypto/password-hash";
import { sha256Hex } from "../crypto/tokens";
import { deleteUserSessions } from "../db/sessions";
import { claimInvite } from "../db/team";
import { users, type UserRow } from "../db/team-schema";
import type { Env } from "../env";
import { passwordProblem } from "../rules/password-policy";
import { audit } from "./audit";

export const INVITE_GONE = "This invite link has been used, has expired or is not valid. Ask the owner for a new one.";

function checkNewPassword(password: string, confirm: string | undefined): void {
  const problem = passwordProblem(password);
  if (problem) throw new HTTPException(400, { message: `password: ${problem}` });
  if (confirm !== undefined && confirm !== password) throw new HTTPException(400, { message: "confirm: the two passwords differ" });
}

/**
 * Sets the invitee's password and uses the invite up: 400 for a password the rules refuse (the link
 * still works), 410 for a used, expired or unknown link.
 */
export async function acceptInvite(env: Pick<Env, "DB">, token: string, password: string, confirm?: string, now = Date.now()): Promise<string> {
  checkNewPassword(password, confirm);
  const hash = await hashPassword(password);
  const db = drizzle(env.DB);
  const userId = await claimInvite(db, await sha256Hex(token), now);
  if (!userId) throw new HTTPException(410, { message: INVITE_GONE });
  await db.batch([
    db.update(users).set({ passwordHash: hash, updatedAt: now }).where(eq(users.id, userId)),
    deleteUserSessions(db, userId),
    audit(db, "user.password_set", "user", userId, { via: "invite" }),
  ]);
  return userId;
}

/** A user's new password, given the current one; every session of theirs ends (the caller starts a new one for this browser). */
export async function changePassword(env: Pick<Env, "DB">, user: UserRow, current: string, next: string, confirm?: string, now = Date.now()): Promise<void> {
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current))) throw new HTTPException(400, { message: "current: that is not your current password" });
  checkNewPassword(next, confirm);
  const db = drizzle(env.DB);
  await db.batch([
    db.update(users).set({ passwordHash: await hashPassword(next), updatedAt: now }).where(eq(users.id, user.id)),
    deleteUserSessions(db, user.id),
    audit(db, "user.password_change", "user", user.id, {}),
  ]);
}
