/**
 * Vonage's signed webhooks (carriers.md §5): `Authorization: Bearer <JWT>`, HS256 with the account's
 * signature secret, whose `payload_hash` claim is the hex SHA-256 of the raw body. WebCrypto only and
 * free of Worker-only imports, so the Node differential test can import it as is.
 */

import { BoundedMap } from "../bounded-map";

/**
 * How far a token's `iat` may be from now, either way. Vonage signs each delivery when it sends it
 * and sets no expiry, so without this a captured request could be replayed for ever; 300 s like
 * Telnyx's timestamps and our own voice-AI signature.
 */
export const VONAGE_TOLERANCE_SECONDS = 300;

/** The claims Textback reads from a verified token (Vonage adds `jti`, `api_key`, `application_id`…). */
export interface VonageClaims {
  iat: number;
  payload_hash?: string;
  exp?: number;
  nbf?: number;
  [claim: string]: unknown;
}

const encoder = new TextEncoder();
const keyCache = new BoundedMap<string, Promise<CryptoKey>>(10_000);

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    key.catch(() => keyCache.delete(secret));
    keyCache.set(secret, key);
  }
  return key;
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64UrlJson(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  try {
    const bin = atob(segment.replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Lengths are public; contents are compared in full. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

interface ReadToken {
  signingInput: string;
  signature: string;
  claims: VonageClaims;
}

/** The token of a `Bearer` header, if it is an HS256 JWT whose `iat` is within the tolerance of `nowSeconds`. */
function readToken(authorization: string | null | undefined, nowSeconds: number): ReadToken | null {
  const m = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(authorization?.trim() ?? "");
  if (!m) return null;
  const header = base64UrlJson(m[1]!) as { alg?: unknown } | null;
  const claims = base64UrlJson(m[2]!) as VonageClaims | null;
  if (!header || typeof header !== "object" || header.alg !== "HS256") return null;
  if (!claims || typeof claims !== "object" || Array.isArray(claims)) return null;
  if (typeof claims.iat !== "number" || Math.abs(nowSeconds - claims.iat) > VONAGE_TOLERANCE_SECONDS) return null;
  if (claims.exp !== undefined && !(typeof claims.exp === "number" && nowSeconds < claims.exp)) return null;
  if (claims.nbf !== undefined && !(typeof claims.nbf === "number" && nowSeconds >= claims.nbf)) return null;
  return { signingInput: `${m[1]}.${m[2]}`, signature: m[3]!, claims };
}

/**
 * Whether the header could be a current Vonage signature: a Bearer HS256 JWT with an `iat` within
 * 300 s of now. Needs no key, so it is checked before the body is read or a number looked up.
 */
export function isVonageSignatureShaped(authorization: string | null | undefined, nowSeconds: number): boolean {
  return readToken(authorization, nowSeconds) !== null;
}

/**
 * Whether the JWT alone is signed with `secret` (and not expired at `nowSeconds`): what `@vonage/jwt`'s
 * `verifySignature` checks, without the body or the freshness of `iat`.
 */
export async function verifyVonageToken(secret: string, authorization: string | null | undefined, nowSeconds: number): Promise<VonageClaims | null> {
  const token = readToken(authorization, nowSeconds);
  if (!token || !secret) return null;
  try {
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(token.signingInput)));
    // Compared as the canonical encoding, as the SDK does: another spelling of the same bytes is refused.
    return constantTimeEqual(base64UrlEncode(mac), token.signature) ? token.claims : null;
  } catch {
    return null;
  }
}

/**
 * Verify a signed webhook: the token is HS256 with the account's signature secret, issued within
 * 300 s of `nowSeconds`, and its `payload_hash` is the SHA-256 of the raw body. A request without a
 * body (an answer URL fetched with GET) may carry no `payload_hash`; one with a body must.
 *
 * @example await verifyVonage(secret, c.req.header("authorization"), await c.req.text(), now) // claims or null
 */
export async function verifyVonage(
  secret: string,
  authorization: string | null | undefined,
  rawBody: string,
  nowSeconds: number,
): Promise<VonageClaims | null> {
  const claims = await verifyVonageToken(secret, authorization, nowSeconds);
  if (!claims) return null;
  const hash = claims.payload_hash;
  if (hash === undefined) return rawBody === "" ? claims : null;
  if (typeof hash !== "string") return null;
  return constantTimeEqual(hash.toLowerCase(), await sha256Hex(rawBody)) ? claims : null;
}
