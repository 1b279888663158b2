/**
 * The application JWT Vonage's REST APIs take (`Authorization: Bearer …`): RS256, signed with the
 * application's private key (PKCS#8 PEM, as the dashboard downloads it), claims `application_id`,
 * `iat`, `jti`, `exp`, as `@vonage/jwt`'s tokenGenerate makes them. WebCrypto only.
 */

import { BoundedMap } from "../bounded-map";
import { base64UrlEncode } from "./vonage-signature";

/** A token lives this long; each send makes its own (signing costs well under a millisecond). */
const TOKEN_TTL_SECONDS = 900;

const PEM = /^-----BEGIN PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PRIVATE KEY-----\s*$/;

/** Whether `pem` looks like a PKCS#8 private key in PEM (the shape the dashboard downloads; RSA keys in PKCS#1 say BEGIN RSA PRIVATE KEY). */
export function isPkcs8Pem(pem: string): boolean {
  return PEM.test(pem.trim());
}

const keyCache = new BoundedMap<string, Promise<CryptoKey>>(1_000);

function signingKey(pem: string): Promise<CryptoKey> {
  let key = keyCache.get(pem);
  if (!key) {
    const body = PEM.exec(pem.trim())?.[1];
    if (!body) return Promise.reject(new Error("the private key is not a PKCS#8 PEM"));
    const der = Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
    key = crypto.subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
    key.catch(() => keyCache.delete(pem));
    keyCache.set(pem, key);
  }
  return key;
}

const json = (value: unknown) => base64UrlEncode(new TextEncoder().encode(JSON.stringify(value)));

/**
 * A fresh application token. Throws when the key cannot be read (the send is then refused as
 * invalid credentials, never retried).
 *
 * @example await vonageApplicationToken(creds.applicationId, creds.privateKey, Math.floor(Date.now() / 1000))
 */
export async function vonageApplicationToken(applicationId: string, privateKeyPem: string, nowSeconds: number): Promise<string> {
  const input = `${json({ alg: "RS256", typ: "JWT" })}.${json({
    application_id: applicationId,
    iat: nowSeconds,
    jti: crypto.randomUUID(),
    exp: nowSeconds + TOKEN_TTL_SECONDS,
  })}`;
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", await signingKey(privateKeyPem), new TextEncoder().encode(input));
  return `${input}.${base64UrlEncode(new Uint8Array(sig))}`;
}
