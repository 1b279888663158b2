import { createMiddleware } from "hono/factory";
import { timingSafeEqual } from "hono/utils/buffer";
import type { Env } from "../env";

/**
 * `Authorization: Bearer <ADMIN_TOKEN>`. Compared through hono's timingSafeEqual (hash then compare),
 * so the time taken says nothing about how much of the token was right.
 */
export const adminAuth = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  const m = /^Bearer +(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!expected || !m?.[1] || !(await timingSafeEqual(expected, m[1]))) {
    return c.json({ error: "missing or wrong admin token" }, 401, { "www-authenticate": 'Bearer realm="textback"' });
  }
  await next();
});
