import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import { timingSafeEqual } from "hono/utils/buffer";
import { BoundedMap } from "../bounded-map";
import { API_TOKEN_PATTERN, sha256Hex } from "../crypto/tokens";
import { findApiTokenByHash, touchApiToken } from "../db/sessions";
import { findUser } from "../db/team";
import type { Env } from "../env";
import { ADMIN_PRINCIPAL, userPrincipal, type Principal } from "./principal";

/** How long an address that guessed too often is refused, even with the right token (LOGIN_RL's period). */
const LOCKOUT_SECONDS = 60;
/** A token's last-used time is written at most this often. */
const TOUCH_EVERY_MS = 60 * 1000;

/** Addresses refused for guessing, until when (ms): the limiter counts failures only, so this holds the line for the right token too. */
const lockedOut = new BoundedMap<string, number>(10_000);

/**
 * The principal behind a personal API token (`tb_…`), looked up by its SHA-256 on every request:
 * nothing is cached, so a revoked token or a removed user is refused from the next request on.
 */
async function tokenPrincipal(env: Pick<Env, "DB">, token: string, now = Date.now()): Promise<Principal | null> {
  if (!API_TOKEN_PATTERN.test(token)) return null;
  const db = drizzle(env.DB);
  const row = await findApiTokenByHash(db, await sha256Hex(token));
  if (!row) return null;
  const user = await findUser(db, row.userId);
  if (!user) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY_MS) await touchApiToken(db, row.id, now);
  return userPrincipal(db, user, { id: row.id, name: row.name });
}

/**
 * `Authorization: Bearer <ADMIN_TOKEN>` (the owner) or `Bearer tb_…` (a personal token, acting with
 * its user's role and businesses). ADMIN_TOKEN is compared through hono's timingSafeEqual (hash then
 * compare), so the time taken says nothing about how much of it was right. Wrong tokens are counted
 * per address with the login form's limiter (LOGIN_RL, 10 a minute): past it, the address gets 429
 * with Retry-After for a minute, the right token included, so guessing ends where it starts to pay.
 * Scripts that use a right token are never counted. Cloudflare's edge always sets
 * cf-connecting-ip; a request without one (a local tool, a test) has no address to count against.
 */
export const adminAuth = createMiddleware<{ Bindings: Env; Variables: { principal: Principal } }>(async (c, next) => {
  const address = c.req.header("cf-connecting-ip");
  const refuse = () => c.json({ error: "too many wrong admin tokens from this address; wait a minute" }, 429, { "retry-after": String(LOCKOUT_SECONDS) });
  if (address && (lockedOut.get(address) ?? 0) > Date.now()) return refuse();
  const expected = c.env.ADMIN_TOKEN;
  const m = /^Bearer +(\S+)$/i.exec(c.req.header("authorization") ?? "");
  const given = m?.[1];
  let principal: Principal | null = null;
  if (given && expected && (await timingSafeEqual(expected, given))) principal = ADMIN_PRINCIPAL;
  else if (given) principal = await tokenPrincipal(c.env, given);
  if (!principal) {
    const { success } = address ? await c.env.LOGIN_RL.limit({ key: `bearer:${address}` }) : { success: true };
    if (!success && address) {
      lockedOut.set(address, Date.now() + LOCKOUT_SECONDS * 1000);
      return refuse();
    }
    return c.json({ error: "missing or wrong admin token" }, 401, { "www-authenticate": 'Bearer realm="textback"' });
  }
  c.set("principal", principal);
  await next();
});
