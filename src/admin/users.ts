/**
 * People (DESIGN.md §7): inviting one (a user without a password and a one-use link), changing their
 * role and businesses, removing them. A role change and a removal end their sessions at once; a
 * removal takes their tokens and invites with them. Every change is audited.
 */
import { eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { sha256Hex, randomBase62 } from "../crypto/tokens";
import { businesses } from "../db/schema";
import { deleteUserApiTokens, deleteUserSessions } from "../db/sessions";
import { findUser, findUserByEmail, setBusinessesStatements, userRoleStatement } from "../db/team";
import { invites, userBusinesses, users, type UserRow } from "../db/team-schema";
import type { Env } from "../env";
import type { Role } from "../vocabulary";
import { audit } from "./audit";
import { newId } from "./db";
import type { CreateUserInput, PatchUserInput } from "./team-schemas";

/** An invite link works this long, once. */
export const INVITE_TTL_MS = 72 * 3600 * 1000;

type TeamEnv = Pick<Env, "DB">;

/** A role as a sentence names it: "an agent", "a manager". */
const withArticle = (role: Role) => `${/^[aeiou]/.test(role) ? "an" : "a"} ${role}`;

/** 400 unless every id is a business and a non-owner has at least one; an owner's list is dropped (they have all). */
async function checkedBusinesses(env: TeamEnv, role: Role, ids: readonly string[]): Promise<string[]> {
  if (role === "owner") return [];
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new HTTPException(400, { message: `businessIds: ${withArticle(role)} needs at least one business` });
  const found = new Set<string>();
  for (let i = 0; i < unique.length; i += 90) {
    const rows = await drizzle(env.DB).select({ id: businesses.id }).from(businesses).where(inArray(businesses.id, unique.slice(i, i + 90)));
    for (const r of rows) found.add(r.id);
  }
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw new HTTPException(400, { message: `businessIds: no such business: ${missing.join(", ")}` });
  return unique;
}

/** A new invite for a user: the link's token is returned once, only its hash is stored. */
async function inviteStatement(env: TeamEnv, userId: string, createdBy: string, now: number) {
  const token = randomBase62(32);
  const row = { id: newId("inv"), userId, tokenHash: await sha256Hex(token), expiresAt: now + INVITE_TTL_MS, createdBy, createdAt: now };
  return { token, statement: drizzle(env.DB).insert(invites).values(row) };
}

export async function inviteUser(env: TeamEnv, input: CreateUserInput, createdBy: string, now = Date.now()): Promise<{ user: UserRow; token: string }> {
  const db = drizzle(env.DB);
  const existing = await findUserByEmail(db, input.email);
  if (existing) throw new HTTPException(409, { message: `email: ${existingAccount(existing)}` });
  const businessIds = await checkedBusinesses(env, input.role, input.businessIds);
  const user: UserRow = { id: newId("usr"), email: input.email, name: input.name, role: input.role, passwordHash: null, totpSecret: null, totpLastStep: null, createdAt: now, updatedAt: now };
  const { token, statement } = await inviteStatement(env, user.id, createdBy, now);
  await db.batch([
    db.insert(users).values(user),
    ...setBusinessesStatements(db, user.id, businessIds),
    statement,
    audit(db, "user.invite", "user", user.id, { email: user.email, role: user.role, businessIds }),
  ]);
  return { user, token };
}

/** Why an email cannot be invited again: a person who never set a password gets a new link instead. */
function existingAccount(user: UserRow): string {
  if (user.passwordHash) return `${user.email} already has an account`;
  return `${user.email} has an invite not used yet: make a new invite link for ${user.name} on the Users page (POST /api/users/${user.id}/invite)`;
}

/**
 * A new invite link for a person who has not set a password: it replaces every earlier one (a lost
 * or expired link stops working), audited. 409 once they have a password: they log in instead.
 */
export async function reinviteUser(env: TeamEnv, user: UserRow, createdBy: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
  if (user.passwordHash) throw new HTTPException(409, { message: `user: ${user.email} has set a password already: they log in, no invite needed` });
  const db = drizzle(env.DB);
  const { token, statement } = await inviteStatement(env, user.id, createdBy, now);
  await db.batch([
    db.delete(invites).where(eq(invites.userId, user.id)),
    statement,
    audit(db, "user.reinvite", "user", user.id, { email: user.email }),
  ]);
  return { token, expiresAt: now + INVITE_TTL_MS };
}

export async function findUserOr404(env: TeamEnv, id: string): Promise<UserRow> {
  const user = await findUser(drizzle(env.DB), id);
  if (!user) throw new HTTPException(404, { message: "no such user" });
  return user;
}

/** Changes name, role or businesses; a role change ends the user's sessions, so it applies at once to what the pages show. */
export async function updateUser(env: TeamEnv, user: UserRow, patch: PatchUserInput, now = Date.now()): Promise<UserRow> {
  const db = drizzle(env.DB);
  const role = patch.role ?? user.role;
  const current = (await db.select({ id: userBusinesses.businessId }).from(userBusinesses).where(eq(userBusinesses.userId, user.id))).map((r) => r.id);
  const businessIds = patch.businessIds !== undefined || role !== user.role ? await checkedBusinesses(env, role, patch.businessIds ?? current) : current;
  const roleChanged = role !== user.role;
  await db.batch([
    db.update(users).set({ name: patch.name ?? user.name, updatedAt: now }).where(eq(users.id, user.id)),
    userRoleStatement(db, user.id, role, now),
    ...setBusinessesStatements(db, user.id, businessIds),
    ...(roleChanged ? [deleteUserSessions(db, user.id)] : []),
    audit(db, "user.update", "user", user.id, { name: patch.name, role: roleChanged ? { from: user.role, to: role } : undefined, businessIds: patch.businessIds }),
  ]);
  return { ...user, name: patch.name ?? user.name, role, updatedAt: now };
}

/** Removes a user: their sessions and tokens end at once, their invites stop working. */
export async function removeUser(env: TeamEnv, user: UserRow): Promise<void> {
  const db = drizzle(env.DB);
  await db.batch([
    deleteUserSessions(db, user.id),
    deleteUserApiTokens(db, user.id),
    db.delete(invites).where(eq(invites.userId, user.id)),
    ...setBusinessesStatements(db, user.id, []),
    db.delete(users).where(eq(users.id, user.id)),
    audit(db, "user.remove", "user", user.id, { email: user.email, role: user.role }),
  ]);
}
