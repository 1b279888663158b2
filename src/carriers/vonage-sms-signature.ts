/**
 * The SMS API's signed requests (carriers.md §5): an inbound text to an account whose default SMS
 * setting is the SMS API carries `sig` (and `timestamp`, `nonce`) among its parameters. The signing
 * string is every other parameter in sorted order as `&key=value`, with `&` and `=` inside values
 * replaced by `_`; `md5hash` is md5(string + secret), the others are HMACs of the string keyed with the
 * secret; hex, compared case-insensitively. WebCrypto only (MD5 is workerd's own digest).
 */

export type VonageSmsAlgorithm = "md5hash" | "md5" | "sha1" | "sha256" | "sha512";

/** The SMS API's `timestamp` may be this far from now, either way (as for the JWTs). */
const TOLERANCE_SECONDS = 300;

const enc = new TextEncoder();
const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

export function vonageSmsSigningString(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== "sig")
    .sort()
    .map((k) => `&${k}=${params[k]!.replace(/[&=]/g, "_")}`)
    .join("");
}

/** HMAC-MD5 by its definition (RFC 2104): WebCrypto's HMAC takes no MD5. */
async function hmacMd5(key: Uint8Array, message: Uint8Array): Promise<ArrayBuffer> {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? new Uint8Array(await crypto.subtle.digest("MD5", key)) : key);
  const pad = (byte: number, tail: Uint8Array) => {
    const out = new Uint8Array(64 + tail.length);
    for (let i = 0; i < 64; i++) out[i] = block[i]! ^ byte;
    out.set(tail, 64);
    return out;
  };
  const inner = new Uint8Array(await crypto.subtle.digest("MD5", pad(0x36, message)));
  return crypto.subtle.digest("MD5", pad(0x5c, inner));
}

const HASH = { sha1: "SHA-1", sha256: "SHA-256", sha512: "SHA-512" } as const;

/** The hex signature of `params` under `algorithm`. */
export async function vonageSmsSignature(params: Record<string, string>, secret: string, algorithm: VonageSmsAlgorithm): Promise<string> {
  const text = vonageSmsSigningString(params);
  if (algorithm === "md5hash") return hex(await crypto.subtle.digest("MD5", enc.encode(text + secret)));
  if (algorithm === "md5") return hex(await hmacMd5(enc.encode(secret), enc.encode(text)));
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: HASH[algorithm] }, false, ["sign"]);
  return hex(await crypto.subtle.sign("HMAC", key, enc.encode(text)));
}

/** The algorithms a `sig` of this length can be: the account's setting decides which Vonage uses. */
function candidates(sig: string): VonageSmsAlgorithm[] {
  return sig.length === 32 ? ["md5hash", "md5"] : sig.length === 40 ? ["sha1"] : sig.length === 64 ? ["sha256"] : sig.length === 128 ? ["sha512"] : [];
}

/** Whether the parameters could carry a current SMS API signature: hex `sig` of a known length and a `timestamp` within 300 s. */
export function isVonageSmsSignatureShaped(params: Record<string, string>, nowSeconds: number): boolean {
  const { sig, timestamp } = params;
  if (!sig || !/^[0-9a-fA-F]+$/.test(sig) || candidates(sig).length === 0) return false;
  return !!timestamp && /^\d{1,12}$/.test(timestamp) && Math.abs(nowSeconds - Number(timestamp)) <= TOLERANCE_SECONDS;
}

/** Lengths are public; contents are compared in full. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.toLowerCase().charCodeAt(i) ^ b.toLowerCase().charCodeAt(i);
  return diff === 0;
}

/**
 * Verify an SMS API request's `sig` with the account's signature secret, under whichever algorithm its
 * length allows; refused when stale (see isVonageSmsSignatureShaped).
 *
 * @example await verifyVonageSms(secret, Object.fromEntries(new URL(url).searchParams), now) // true or false
 */
export async function verifyVonageSms(secret: string, params: Record<string, string>, nowSeconds: number): Promise<boolean> {
  if (!secret || !isVonageSmsSignatureShaped(params, nowSeconds)) return false;
  let ok = false;
  for (const algorithm of candidates(params.sig!)) ok = sameHex(await vonageSmsSignature(params, secret, algorithm), params.sig!) || ok;
  return ok;
}
