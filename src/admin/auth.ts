import { createMiddleware } from "hono/factory";
import { timingSafeEqual } from "hono/utils/buffer";
import { BoundedMap } from "../bounded-map";
import type { Env } from "../env";

/** How long an address that guessed too often is refused, even with the right token (LOGIN_RL's period). */
const LOCKOUT_SECONDS = 60;

/** Addresses refused for guessing, until when (ms): the limiter counts failures only, so this holds the line for the right token too. */
const lockedOut = new BoundedMap<string, number>(10_000);

/**
 * `Authorization: Bearer <ADMIN_TOKEN>`. Compared through hono's timingSafeEqual (hash then compare),
 * so the time taken says nothing about how much of the token was right. Wrong tokens are counted
 * per address with the login form's limiter (LOGIN_RL, 10 a minute): past it, the address gets 429
 * with Retry-After for a minute, the right token included, so guessing ends where it starts to pay.
 * Scripts that use the right token are never counted. Cloudflare's edge always sets
 * cf-connecting-ip; a request without one (a local tool, a test) has no address to count against.
 */
export const adminAuth = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const address = c.req.header("cf-connecting-ip");
  const refuse = () => c.json({ error: "too many wrong admin tokens from this address; wait a minute" }, 429, { "retry-after": String(LOCKOUT_SECONDS) });
  if (address && (lockedOut.get(address) ?? 0) > Date.now()) return refuse();
  const expected = c.env.ADMIN_TOKEN;
  const m = /^Bearer +(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!expected || !m?.[1] || !(await timingSafeEqual(expected, m[1]))) {
    const { success } = address ? await c.env.LOGIN_RL.limit({ key: `bearer:${address}` }) : { success: true };
    if (!success && address) {
      lockedOut.set(address, Date.now() + LOCKOUT_SECONDS * 1000);
      return refuse();
    }
    return c.json({ error: "missing or wrong admin token" }, 401, { "www-authenticate": 'Bearer realm="textback"' });
  }
  await next();
});
