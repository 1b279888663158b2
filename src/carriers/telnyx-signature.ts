/**
 * Telnyx webhook signatures (carriers.md §2.2), WebCrypto only and free of Worker-only imports, so the
 * Node differential test can import it as is.
 */

import { BoundedMap } from "../bounded-map";

/** Telnyx rejects webhooks whose timestamp is further than this from now (its SDKs do the same). */
export const TELNYX_TOLERANCE_SECONDS = 300;

// One public key per Telnyx account; bounded like the other per-isolate caches, without the cliff of
// clearing them all.
const keyCache = new BoundedMap<string, Promise<CryptoKey>>(10_000);

function publicKey(b64: string): Promise<CryptoKey> {
  let key = keyCache.get(b64);
  if (!key) {
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    key = crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
    key.catch(() => keyCache.delete(b64));
    keyCache.set(b64, key);
  }
  return key;
}

/**
 * Whether the headers could be a current Telnyx signature: a timestamp of digits within 300 s of
 * `nowSeconds` and a signature of 64 bytes in padded base64. Needs no key, so it is checked before
 * the number is looked up; `verifyTelnyx` checks it again.
 */
export function isTelnyxSignatureShaped(
  signatureB64: string | null | undefined,
  timestamp: string | null | undefined,
  nowSeconds: number,
): boolean {
  if (!signatureB64 || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > TELNYX_TOLERANCE_SECONDS) return false;
  // Strict padded base64 of 64 bytes, as the telnyx SDK decodes it: atob alone would also take
  // unpadded or whitespace-laden headers.
  return /^[A-Za-z0-9+/]{86}==$/.test(signatureB64);
}

/**
 * Verify `telnyx-signature-ed25519` over `"{telnyx-timestamp}|{raw body}"` with the account's public
 * key; timestamps more than 300 s from `nowSeconds` (either way) or not all digits are rejected.
 */
export async function verifyTelnyx(
  publicKeyB64: string,
  signatureB64: string | null | undefined,
  timestamp: string | null | undefined,
  rawBody: string,
  nowSeconds: number,
): Promise<boolean> {
  if (!signatureB64 || !timestamp || !isTelnyxSignatureShaped(signatureB64, timestamp, nowSeconds)) return false;
  let sig: Uint8Array<ArrayBuffer>;
  try {
    sig = Uint8Array.from(atob(signatureB64), (c) => c.charCodeAt(0));
  } catch {
    return false;
  }
  if (sig.length !== 64) return false;
  try {
    return await crypto.subtle.verify({ name: "Ed25519" }, await publicKey(publicKeyB64), sig, new TextEncoder().encode(`${timestamp}|${rawBody}`));
  } catch {
    return false;
  }
}
