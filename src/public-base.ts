import type { Env } from "./env";

/**
 * The origin carriers call back on and texts link to, without a trailing slash. Behind a proxy or a
 * custom domain the request's own origin is not the one the world reaches, so PUBLIC_BASE_URL wins.
 *
 * @example publicBase(c) // "https://textback.example.com"
 */
export function publicBase(c: { env: Pick<Env, "PUBLIC_BASE_URL">; req: { url: string } }): string {
  return (c.env.PUBLIC_BASE_URL || new URL(c.req.url).origin).replace(/\/$/, "");
}
