/** The SQL of people: users, the businesses each works for, invites and failed logins. */
import { and, asc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Role } from "../vocabulary";
import { preparedPer } from "./prepared";
import { invites, loginFailures, userBusinesses, users, type UserRow } from "./team-schema";

type Db = DrizzleD1Database & { $client: D1Database };

const userById = preparedPer((db) => db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare());

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return userById(db).get({ id });
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export function listUsers(db: Db) {
  return db.select().from(users).orderBy(asc(users.email));
}

/** The businesses a user works for (an owner's list is empty: an owner works for all). */
export async function businessIdsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.select({ id: userBusinesses.businessId }).from(userBusinesses).where(eq(userBusinesses.userId, userId));
  return rows.map((r) => r.id);
}

/** Every user's businesses, by user id. */
export async function businessIdsByUser(db: Db): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of await db.select().from(userBusinesses)) out.set(r.userId, [...(out.get(r.userId) ?? []), r.businessId]);
  return out;
}

/** The statements replacing a user's businesses (batched with the change they belong to). */
export function setBusinessesStatements(db: Db, userId: string, businessIds: readonly string[]) {
  const del = db.delete(userBusinesses).where(eq(userBusinesses.userId, userId));
  // Two parameters a row: 40 rows a statement stays under D1's 100.
  const inserts = [];
  for (let i = 0; i < businessIds.length; i += 40) {
    inserts.push(db.insert(userBusinesses).values(businessIds.slice(i, i + 40).map((businessId) => ({ userId, businessId }))));
  }
  return [del, ...inserts] as const;
}

export function userRoleStatement(db: Db, userId: string, role: Role, now: number) {
  return db.update(users).set({ role, updatedAt: now }).where(eq(users.id, userId));
}

/** Invites not used yet and not expired, newest first. */
export function pendingInvites(db: Db, now: number) {
  return db
    .select({ id: invites.id, userId: invites.userId, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
    .from(invites)
    .where(and(isNull(invites.usedAt), gt(invites.expiresAt, now)))
    .orderBy(sql`${invites.createdAt} desc`);
}

/**
 * Marks the invite with this token hash used, if it is still good, and says whose it was: one
 * statement, so two posts of one link cannot both pass.
 */
export async function claimInvite(db: Db, tokenHash: string, now: number): Promise<string | null> {
  const [row] = await db
    .update(invites)
    .set({ usedAt: now })
    .where(and(eq(invites.tokenHash, tokenHash), isNull(invites.usedAt), gt(invites.expiresAt, now)))
    .returning({ userId: invites.userId });
  return row?.userId ?? null;
}

/** The user an invite is for, if it is still good (the form shows their email). */
export async function inviteeOf(db: Db, tokenHash: string, now: number): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.userId))
    .where(and(eq(invites.tokenHash, tokenHash), isNull(invites.usedAt), gt(invites.expiresAt, now)));
  return row?.user;
}

export async function failuresOf(db: Db, key: string) {
  const [row] = await db.select().from(loginFailures).where(eq(loginFailures.key, key));
  return row;
}

/** One more failure for `key`, counted within a window; past `limit` the key is locked until `lockUntil`. */
export function recordFailureStatement(db: Db, key: string, now: number, windowMs: number, limit: number, lockMs: number) {
  return db
    .insert(loginFailures)
    .values({ key, failures: 1, windowStart: now, lockedUntil: null })
    .onConflictDoUpdate({
      target: loginFailures.key,
      set: {
        failures: sql`case when ${loginFailures.windowStart} < ${now - windowMs} then 1 else ${loginFailures.failures} + 1 end`,
        windowStart: sql`case when ${loginFailures.windowStart} < ${now - windowMs} then ${now} else ${loginFailures.windowStart} end`,
        lockedUntil: sql`case when ${loginFailures.windowStart} >= ${now - windowMs} and ${loginFailures.failures} + 1 >= ${limit} then ${now + lockMs} else ${loginFailures.lockedUntil} end`,
      },
    });
}

/** Failure counts no longer locking anything and older than a day: they count nothing any more. */
export function deleteSpentFailures(db: Db, now: number) {
  return db.delete(loginFailures).where(and(lt(loginFailures.windowStart, now - 24 * 3600 * 1000), or(isNull(loginFailures.lockedUntil), lt(loginFailures.lockedUntil, now))));
}

export function clearFailures(db: Db, key: string) {
  return db.delete(loginFailures).where(eq(loginFailures.key, key));
}

