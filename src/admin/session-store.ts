/**
 * Sessions kept in D1 beside the signed cookie (session.ts): the signature refuses a forged cookie
 * before D1 is asked, and the row lets a session end at once, on logout, on a password or role
 * change and on removal, which a cookie alone cannot. A session ends after SESSION_IDLE_MS without a
 * request, and SESSION_TTL_SECONDS after login whatever happens.
 */
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { deleteSession, findSession, insertSession, SESSION_IDLE_MS, touchSession } from "../db/sessions";
import { findUser } from "../db/team";
import type { Env } from "../env";
import { ADMIN_PRINCIPAL, userPrincipal, type Principal } from "./principal";
import { createSession, readSession, setSessionCookie, type Session } from "./session";

/** last_seen_at is written at most this often: one write a minute, not one a request. */
const TOUCH_EVERY_MS = 60 * 1000;

type SessionEnv = Pick<Env, "DB" | "ADMIN_TOKEN" | "DATA_KEY">;

/** Logs in: a new session for a user (or, with null, the ADMIN_TOKEN owner), and its cookie. */
export async function startSession(c: Context, env: SessionEnv, userId: string | null, now = Date.now()): Promise<void> {
  const { session, cookie } = await createSession(env, now);
  await insertSession(drizzle(env.DB), { id: session.id, userId, createdAt: now, lastSeenAt: now, expiresAt: session.expiresAt * 1000 });
  setSessionCookie(c, cookie, session);
}

/** The session a cookie carries and who it is, or null when it is forged, ended, idle too long or expired. */
export async function resumeSession(env: SessionEnv, cookie: string | undefined, now = Date.now()): Promise<{ session: Session; principal: Principal } | null> {
  const session = await readSession(env, cookie, now);
  if (!session) return null;
  const db = drizzle(env.DB);
  const row = await findSession(db, session.id);
  if (!row || row.expiresAt <= now || row.lastSeenAt <= now - SESSION_IDLE_MS) return null;
  let principal = ADMIN_PRINCIPAL;
  if (row.userId !== null) {
    const user = await findUser(db, row.userId);
    if (!user) return null;
    principal = await userPrincipal(db, user);
  }
  if (now - row.lastSeenAt >= TOUCH_EVERY_MS) await touchSession(db, row.id, now);
  return { session, principal };
}

export async function endSession(env: Pick<Env, "DB">, sessionId: string): Promise<void> {
  await deleteSession(drizzle(env.DB), sessionId);
}
