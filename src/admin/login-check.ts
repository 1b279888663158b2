/**
 * Email and password (and a TOTP code, for those who turned it on) checked for a login. A wrong
 * password, an unknown email and a wrong code give one answer, in about the same time (an unknown
 * email costs a password hash too), so the form does not tell which addresses have accounts.
 * Failures are counted per email in D1, known or not: five in fifteen minutes lock it for fifteen.
 * The per-address limit is the LOGIN_RL binding, checked by the form before this.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { hashPassword, needsRehash, spendPasswordTime, verifyPassword } from "../crypto/password-hash";
import { decryptSecret } from "../crypto/secrets";
import { base32Decode, matchTotp } from "../crypto/totp";
import { clearFailures, failuresOf, findUserByEmail, recordFailureStatement } from "../db/team";
import { users, type UserRow } from "../db/team-schema";
import type { Env } from "../env";

export const ACCOUNT_FAILURE_LIMIT = 5;
export const ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_LOCK_MS = 15 * 60 * 1000;

export type LoginCheck = { ok: true; user: UserRow } | { ok: false; locked: boolean };

export interface LoginInput {
  email: string;
  password: string;
  code?: string;
}

/** The TOTP step the code matched (and is now used up), or false. True when the user has no TOTP. */
async function secondFactor(env: Pick<Env, "DATA_KEY">, user: UserRow, code: string | undefined, now: number): Promise<number | boolean> {
  if (!user.totpSecret) return true;
  const secret = base32Decode(await decryptSecret(env.DATA_KEY, user.totpSecret));
  return (await matchTotp(secret, code ?? "", Math.floor(now / 1000), user.totpLastStep)) ?? false;
}

export async function checkLogin(env: Pick<Env, "DB" | "DATA_KEY">, input: LoginInput, now = Date.now()): Promise<LoginCheck> {
  const db = drizzle(env.DB);
  const email = input.email.trim().toLowerCase();
  const key = `email:${email}`;
  const failures = await failuresOf(db, key);
  if (failures?.lockedUntil && failures.lockedUntil > now) return { ok: false, locked: true };

  const user = email ? await findUserByEmail(db, email) : undefined;
  let passwordOk = false;
  if (user?.passwordHash) passwordOk = await verifyPassword(user.passwordHash, input.password);
  else await spendPasswordTime(input.password);
  const factor = user && passwordOk ? await secondFactor(env, user, input.code, now) : false;

  if (!user || factor === false) {
    await recordFailureStatement(db, key, now, ACCOUNT_WINDOW_MS, ACCOUNT_FAILURE_LIMIT, ACCOUNT_LOCK_MS);
    return { ok: false, locked: false };
  }
  const updates: Partial<UserRow> = {};
  if (typeof factor === "number") updates.totpLastStep = factor;
  // A hash made at a lower cost is remade now that the password is known to be right.
  if (user.passwordHash && needsRehash(user.passwordHash)) updates.passwordHash = await hashPassword(input.password);
  const rewrite = Object.keys(updates).length > 0 ? [db.update(users).set(updates).where(eq(users.id, user.id))] : [];
  await db.batch([clearFailures(db, key), ...rewrite]);
  return { ok: true, user };
}
