/**
 * Twilio webhook signatures (`X-Twilio-Signature`), WebCrypto only.
 *
 * Signing string: the full URL exactly as Twilio requested it, then `name + value` for each POST
 * param in code-unit order. HMAC-SHA1 keyed with the auth token by default; a webhook signed with a
 * SharedKey names the key and its hash (HMAC-SHA1 or HMAC-SHA256) in
 * `X-Twilio-Webhooks-Signature-Settings` and is keyed with its secret. Mirrors twilio-node 6.x
 * (`lib/webhooks/webhooks.js`), which the Node test suite uses as an oracle.
 */

import { BoundedMap } from "../bounded-map";

/** Form params as parsed from the body; a repeated name carries every value. */
export type TwilioParams = Record<string, string | string[]>;

export type SignatureAlgorithm = "HMAC-SHA1" | "HMAC-SHA256";

const HASH: Record<SignatureAlgorithm, { name: "SHA-1" | "SHA-256"; bytes: number }> = {
  "HMAC-SHA1": { name: "SHA-1", bytes: 20 },
  "HMAC-SHA256": { name: "SHA-256", bytes: 32 },
};

const DEFAULT_PORT: Record<string, string> = { "https://": ":443", "http://": ":80" };

const encoder = new TextEncoder();

// Importing a key costs more than the HMAC itself and every webhook needs one. Promises are cached
// so concurrent requests share one import. One key per number's token: bounded like the other
// per-number caches, so an isolate serving more numbers than the bound doesn't import on every call.
const keyCache = new BoundedMap<string, Promise<CryptoKey>>(10_000);

function hmacKey(authToken: string, algorithm: SignatureAlgorithm): Promise<CryptoKey> {
  const cacheKey = `${algorithm}:${authToken}`;
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const imported = crypto.subtle.importKey(
    "raw",
    encoder.encode(authToken),
    { name: "HMAC", hash: HASH[algorithm].name },
    false,
    ["sign", "verify"],
  );
  // A failed import must not stick in the cache.
  imported.catch(() => {
    if (keyCache.get(cacheKey) === imported) keyCache.delete(cacheKey);
  });
  keyCache.set(cacheKey, imported);
  return imported;
}

function signingString(url: string, params: TwilioParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (Array.isArray(value)) {
      // twilio-node 6.x signs each distinct value once, sorted; older SDKs kept submission order.
      for (const v of Array.from(new Set(value)).sort()) data += name + v;
    } else {
      data += name + value;
    }
  }
  return data;
}

/**
 * The URL forms Twilio may have signed: as received, plus the default port added or removed.
 * Split by hand because `new URL()` would re-encode characters (`'` → `%27`) Twilio signed raw.
 * Other ports are never stripped: a signature for `host/` must not validate `host:8443/`.
 */
function urlVariants(url: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return [url];
  const [prefix, scheme = "", authority = ""] = match;
  const defaultPort = DEFAULT_PORT[scheme.toLowerCase()];
  if (!defaultPort) return [url];
  const hostStart = authority.lastIndexOf("@") + 1;
  const hostAndPort = authority.slice(hostStart);
  // In an IPv6 literal the colons inside the brackets are not the port separator.
  const portStart = hostAndPort.indexOf(":", hostAndPort.lastIndexOf("]") + 1);
  const head = scheme + authority.slice(0, hostStart);
  const rest = url.slice(prefix.length);
  if (portStart === -1) return [url, head + hostAndPort + defaultPort + rest];
  if (hostAndPort.slice(portStart) === defaultPort) {
    return [url, head + hostAndPort.slice(0, portStart) + rest];
  }
  return [url];
}

/** Strict base64 decode: only the canonical encoding is accepted, so a header has one valid form. */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // atob tolerates whitespace, missing padding and non-zero trailing bits; Twilio sends none.
  return encodeBase64(bytes) === text ? bytes : null;
}

function encodeBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Equal-length check is fine to short-circuit: lengths are public, contents are compared fully. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function verifyAnyUrl(
  authToken: string,
  header: string | null | undefined,
  url: string,
  params: TwilioParams,
  algorithm: SignatureAlgorithm,
): Promise<boolean> {
  // An empty token would let anyone sign; treat it as misconfiguration, not as a key.
  if (!header || !authToken) return false;
  const signature = decodeBase64(header);
  if (!signature || signature.length !== HASH[algorithm].bytes) return false;
  const key = await hmacKey(authToken, algorithm);
  for (const candidate of urlVariants(url)) {
    const data = encoder.encode(signingString(candidate, params));
    // subtle.verify compares in constant time, unlike comparing base64 strings.
    if (await crypto.subtle.verify("HMAC", key, signature, data)) return true;
  }
  return false;
}

/**
 * The base64 signature Twilio sends in `X-Twilio-Signature` for a form-encoded webhook.
 * Rejects for an empty token (WebCrypto refuses zero-length HMAC keys).
 *
 * @example
 * await twilioSignature("12345", "https://example.com/hook", { From: "+15551230000" });
 */
export async function twilioSignature(
  authToken: string,
  url: string,
  params: TwilioParams,
  algorithm: SignatureAlgorithm = "HMAC-SHA1",
): Promise<string> {
  const key = await hmacKey(authToken, algorithm);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(signingString(url, params)));
  return encodeBase64(new Uint8Array(mac));
}

/**
 * Whether a header could be a Twilio-format signature at all: base64 of an HMAC-SHA1 (28 characters)
 * or HMAC-SHA256 (44). Checked before the called number is looked up or its token decrypted, so a
 * request without one costs nothing; the full check follows once the key is known.
 *
 * @example isTwilioSignatureShaped("0p3Hx2/tF2GqkbzvYpA6RPV3lRU="); // true
 */
export function isTwilioSignatureShaped(header: string | null | undefined): boolean {
  return typeof header === "string" && /^(?:[A-Za-z0-9+/]{27}|[A-Za-z0-9+/]{43})=$/.test(header);
}

/**
 * Verifies a form-encoded Twilio webhook. `url` is the full URL Twilio requested (scheme, host,
 * path, query, not re-encoded); the default port may be present or absent. Returns false, never
 * throws, for a missing or malformed header.
 *
 * @example
 * const ok = await verifyTwilioForm(authToken, req.header("X-Twilio-Signature"), url, params);
 * if (!ok) return c.text("Forbidden", 403);
 */
export async function verifyTwilioForm(
  authToken: string,
  header: string | null | undefined,
  url: string,
  params: TwilioParams,
  algorithm: SignatureAlgorithm = "HMAC-SHA1",
): Promise<boolean> {
  try {
    return await verifyAnyUrl(authToken, header, url, params, algorithm);
  } catch {
    return false;
  }
}

/**
 * Verifies a JSON-body Twilio webhook: the URL carries `bodySHA256=<hex sha256 of the raw body>`,
 * the signature covers the URL alone, and the body must hash to that value.
 *
 * @example
 * const ok = await verifyTwilioJson(authToken, req.header("X-Twilio-Signature"), url, await req.text());
 */
export async function verifyTwilioJson(
  authToken: string,
  header: string | null | undefined,
  url: string,
  rawBody: string,
  algorithm: SignatureAlgorithm = "HMAC-SHA1",
): Promise<boolean> {
  try {
    const claimed = new URL(url).searchParams.get("bodySHA256");
    // Without the hash in the signed URL the body would be unauthenticated.
    if (!claimed) return false;
    const signed = await verifyAnyUrl(authToken, header, url, {}, algorithm);
    return signed && constantTimeEqual(claimed, await sha256Hex(rawBody));
  } catch {
    return false;
  }
}

/** The first non-empty `name=value` of a settings header (twilio-node reads it the same way), or null. */
function settingsPart(header: string, name: string): string | null {
  for (const part of header.split(",")) {
    const separator = part.indexOf("=");
    if (separator === -1 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    if (value) return value;
  }
  return null;
}

/**
 * Reads the algorithm from `X-Twilio-Webhooks-Signature-Settings`
 * (`key=<sharedKeyId>,algorithm=HMAC_SHA256`). An absent header means legacy auth-token signing
 * (HMAC-SHA1). An algorithm this module does not know also yields HMAC-SHA1, so verification fails
 * closed (403) instead of throwing on attacker-controlled input.
 *
 * @example
 * signatureAlgorithmFromSettings("key=webhooks_sharedkey_1,algorithm=HMAC_SHA256"); // "HMAC-SHA256"
 */
export function signatureAlgorithmFromSettings(header: string | null | undefined): SignatureAlgorithm {
  // Like twilio-node, the first non-empty algorithm= wins.
  return settingsPart(header ?? "", "algorithm")?.toUpperCase() === "HMAC_SHA256" ? "HMAC-SHA256" : "HMAC-SHA1";
}

/** The keys a Twilio number's webhooks may be signed with (its credentials' `authToken` and `sharedKeys`). */
export interface TwilioWebhookKeys {
  authToken: string;
  sharedKeys?: readonly { id: string; secret: string }[];
}

/**
 * The key and hash a Twilio webhook is to be checked with. Without a settings header: the auth
 * token and HMAC-SHA1, as Twilio signs by default. With one, Twilio signed with the SharedKey it
 * names, so only that key's secret will do (never the auth token); a key the number does not hold
 * (or none named) is `unknownKeyId`, to refuse and say which.
 *
 * @example twilioWebhookKey({ authToken: "tok" }, undefined) // { secret: "tok", algorithm: "HMAC-SHA1" }
 * @example twilioWebhookKey({ authToken: "tok" }, "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256") // { unknownKeyId: "webhooks_sharedkey_1" }
 */
export function twilioWebhookKey(keys: TwilioWebhookKeys, settingsHeader: string | null | undefined): { secret: string; algorithm: SignatureAlgorithm } | { unknownKeyId: string | null } {
  if (!settingsHeader) return { secret: keys.authToken, algorithm: "HMAC-SHA1" };
  const keyId = settingsPart(settingsHeader, "key");
  const key = keyId === null ? undefined : keys.sharedKeys?.find((k) => k.id === keyId);
  return key ? { secret: key.secret, algorithm: signatureAlgorithmFromSettings(settingsHeader) } : { unknownKeyId: keyId };
}
