// @ts-check
/** The Ed25519 key pair the simulator signs Telnyx events with, and the signature itself. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";

/** @import { KeyObject } from "node:crypto" */

/** DER prefixes around a raw Ed25519 key: SPKI (public, 12 bytes) and PKCS#8 (private seed, 16 bytes). */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * An Ed25519 key pair for signing Telnyx events: from a 32-byte seed (hex or bytes), or fresh.
 * `publicKeyB64` is what Telnyx shows in Mission Control: base64 of the raw 32-byte key.
 *
 * @example telnyxKeyPair().publicKeyB64 // "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=" (44 chars)
 * @param {string | Uint8Array} [seed]
 * @returns {{ privateKey: KeyObject, publicKeyB64: string }}
 */
export function telnyxKeyPair(seed) {
  let privateKey, publicKey;
  if (seed === undefined) {
    ({ privateKey, publicKey } = generateKeyPairSync("ed25519"));
  } else {
    const bytes = typeof seed === "string" ? Buffer.from(seed, "hex") : Buffer.from(seed);
    if (bytes.length !== 32) throw new Error("an Ed25519 seed is 32 bytes (64 hex digits)");
    privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, bytes]), format: "der", type: "pkcs8" });
    publicKey = createPublicKey(privateKey);
  }
  const spki = publicKey.export({ format: "der", type: "spki" });
  if (!spki.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) throw new Error("unexpected SPKI encoding of an Ed25519 key");
  return { privateKey, publicKeyB64: spki.subarray(12).toString("base64") };
}

/**
 * `telnyx-signature-ed25519`: base64 Ed25519 signature over `${timestamp}|${rawBody}`.
 *
 * @example telnyxSignature(keys.privateKey, "1704110400", '{"data":{}}')
 * @param {KeyObject} privateKey
 * @param {string} timestamp
 * @param {string} rawBody
 * @returns {string}
 */
export function telnyxSignature(privateKey, timestamp, rawBody) {
  return sign(null, Buffer.from(`${timestamp}|${rawBody}`, "utf8"), privateKey).toString("base64");
}
