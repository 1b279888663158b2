/** The SQL of admin sessions and personal API tokens: both read on every request, never cached. */
import { desc, eq, lt, or, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { preparedPer } from "./prepared";
import { apiTokens, sessions, type ApiTokenRow, type SessionRow } from "./team-schema";

type Db = DrizzleD1Database & { $client: D1Database };

/** Two hours without a request ends a session (its absolute lifetime is in the cookie and the row's expires_at). */
export const SESSION_IDLE_MS = 2 * 3600 * 1000;

export function insertSession(db: Db, row: SessionRow) {
  return db.insert(sessions).values(row);
}

const sessionById = preparedPer((db) => db.select().from(sessions).where(eq(sessions.id, sql.placeholder("id"))).prepare());

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return sessionById(db).get({ id });
}

export function touchSession(db: Db, id: string, now: number) {
  return db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

export function deleteSession(db: Db, id: string) {
  return db.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of a user at once (a password or role change, removal). */
export function deleteUserSessions(db: Db, userId: string) {
  return db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Sessions past their lifetime or idle limit: swept by the cron so the table does not grow. */
export function deleteStaleSessions(db: Db, now: number) {
  return db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, now - SESSION_IDLE_MS)));
}

export function insertApiToken(db: Db, row: ApiTokenRow) {
  return db.insert(apiTokens).values(row);
}

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
  return row;
}

export async function findApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

/** A user's tokens, or everyone's (null), newest first; never their hashes. */
export function listApiTokens(db: Db, userId: string | null) {
  return db
    .select({ id: apiTokens.id, userId: apiTokens.userId, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(userId === null ? undefined : eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export function deleteApiToken(db: Db, id: string) {
  return db.delete(apiTokens).where(eq(apiTokens.id, id));
}

export function deleteUserApiTokens(db: Db, userId: string) {
  return db.delete(apiTokens).where(eq(apiTokens.userId, userId));
}

export function touchApiToken(db: Db, id: string, now: number) {
  return db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

