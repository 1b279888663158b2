/**
 * Admin page sessions: ADMIN_TOKEN is typed once and exchanged for a signed cookie, so the token
 * itself never sits in the browser. Stateless on purpose (no session table): the cookie carries an
 * id and an expiry, signed with HMAC-SHA256 under a key derived from DATA_KEY and ADMIN_TOKEN.
 * Rotating ADMIN_TOKEN therefore ends every session at once ("log out everywhere"); logout itself
 * clears the cookie in this browser.
 */
import { getCookie, setCookie } from "hono/cookie";
import type { Context } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import { base64ToBytes, currentDataKey } from "../crypto/secrets";
import type { Env } from "../env";

/** `__Host-`: Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or shadow it. */
export const SESSION_COOKIE = "__Host-textback_admin";
/** An office day; after that the token is asked for again. */
export const SESSION_TTL_SECONDS = 8 * 3600;

export interface Session {
  id: string;
  /** Unix seconds. */
  expiresAt: number;
  /** Goes into every form; ties a POST to this session (see {@link checkCsrfToken}). */
  csrfToken: string;
}

type Secrets = Pick<Env, "ADMIN_TOKEN" | "DATA_KEY">;

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * HKDF-SHA256 over the current DATA_KEY (the first of "NEW,OLD" during a rotation, so sessions end
 * with the rotation, as the README says), salted with a hash of ADMIN_TOKEN. A separate key (not
 * DATA_KEY itself) keeps cookie signatures and credential encryption from sharing key material.
 */
function sessionKey(env: Secrets): Promise<CryptoKey> {
  const dataKey = currentDataKey(env.DATA_KEY);
  const cacheKey = `${dataKey}\u0000${env.ADMIN_TOKEN}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = (async () => {
      const ikm = await crypto.subtle.importKey("raw", base64ToBytes(dataKey), "HKDF", false, ["deriveKey"]);
      const salt = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(env.ADMIN_TOKEN));
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt, info: new TextEncoder().encode("textback admin session v1") },
        ikm,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign", "verify"],
      );
    })();
    // Cache only success: a bad key is tried again on the next request, not for the isolate's life.
    key.catch(() => keys.delete(cacheKey));
    keys.set(cacheKey, key);
  }
  return key;
}

function b64url(bytes: ArrayBuffer | Uint8Array): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = "";
  for (const b of u8) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4);
  try {
    return base64ToBytes(b64);
  } catch {
    return null;
  }
}

async function sign(env: Secrets, data: string): Promise<string> {
  return b64url(await crypto.subtle.sign("HMAC", await sessionKey(env), new TextEncoder().encode(data)));
}

const csrfFor = (env: Secrets, id: string) => sign(env, `csrf.${id}`);

/** A new session, and the cookie value that carries it: `<id>.<expires>.<signature>`. */
export async function createSession(env: Secrets, now = Date.now()): Promise<{ session: Session; cookie: string }> {
  const id = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const expiresAt = Math.floor(now / 1000) + SESSION_TTL_SECONDS;
  const payload = `${id}.${expiresAt}`;
  const cookie = `${payload}.${await sign(env, `session.${payload}`)}`;
  return { session: { id, expiresAt, csrfToken: await csrfFor(env, id) }, cookie };
}

/** The session a cookie value carries, or null when it is missing, forged, malformed or expired. */
export async function readSession(env: Secrets, cookie: string | undefined, now = Date.now()): Promise<Session | null> {
  if (!cookie || !env.ADMIN_TOKEN) return null;
  const m = /^([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
  if (!m) return null;
  const [, id, exp, sig] = m as unknown as [string, string, string, string];
  const signature = fromB64url(sig);
  if (!signature) return null;
  // subtle.verify compares in constant time.
  const ok = await crypto.subtle.verify("HMAC", await sessionKey(env), signature, new TextEncoder().encode(`session.${id}.${exp}`));
  const expiresAt = Number(exp);
  if (!ok || expiresAt * 1000 <= now) return null;
  return { id, expiresAt, csrfToken: await csrfFor(env, id) };
}

/** Whether a submitted CSRF token is the one for this session. */
export async function checkCsrfToken(session: Session, submitted: string | undefined | null): Promise<boolean> {
  if (!submitted) return false;
  return timingSafeEqual(session.csrfToken, submitted);
}

export function getSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function setSessionCookie(c: Context, value: string, session: Session): void {
  setCookie(c, SESSION_COOKIE, value, {
    path: "/",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: Math.max(0, session.expiresAt - Math.floor(Date.now() / 1000)),
  });
}

export function clearSessionCookie(c: Context): void {
  setCookie(c, SESSION_COOKIE, "", { path: "/", httpOnly: true, secure: true, sameSite: "Strict", maxAge: 0 });
}
