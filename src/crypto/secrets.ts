/**
 * Carrier credentials at rest: AES-256-GCM under DATA_KEY, a fresh 96-bit IV per value.
 * Stored form: `v1.<base64 iv>.<base64 ciphertext+tag>`, so a later key rotation can tell versions apart.
 *
 * During a key rotation DATA_KEY may hold "NEW,OLD": new values are written under NEW and stored
 * values are read under whichever key opens them, so the Worker keeps working while
 * `npm run rotate-key` re-encrypts; then DATA_KEY goes back to NEW alone.
 */

/** The key new values are written under: the first of DATA_KEY's list ("NEW,OLD" during a rotation). */
export function currentDataKey(dataKey: string): string {
  return keysOf(dataKey)[0] ?? "";
}

function keysOf(dataKey: string): string[] {
  return dataKey
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
}

const keys = new Map<string, Promise<CryptoKey>>();

function importDataKey(dataKey: string): Promise<CryptoKey> {
  let key = keys.get(dataKey);
  if (!key) {
    const raw = base64ToBytes(dataKey);
    if (raw.length !== 32) throw new Error("DATA_KEY must be base64 of 32 bytes");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    // Only a key that imported stays cached: a failure is tried again, not remembered for the isolate's life.
    key.catch(() => keys.delete(dataKey));
    keys.set(dataKey, key);
  }
  return key;
}

export async function encryptSecret(dataKey: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await importDataKey(currentDataKey(dataKey)),
    new TextEncoder().encode(plaintext),
  );
  return `v1.${bytesToBase64(iv)}.${bytesToBase64(new Uint8Array(ct))}`;
}

export async function decryptSecret(dataKey: string, stored: string): Promise<string> {
  const [version, iv, ct] = stored.split(".");
  if (version !== "v1" || !iv || !ct) throw new Error("unknown secret format");
  let failure: unknown = new Error("DATA_KEY is empty");
  for (const k of keysOf(dataKey)) {
    try {
      const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: base64ToBytes(iv) }, await importDataKey(k), base64ToBytes(ct));
      return new TextDecoder().decode(pt);
    } catch (e) {
      failure = e;
    }
  }
  throw failure;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
