/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), as authenticator apps make them:
 * HMAC-SHA1, 30-second steps, 6 digits. A code is accepted one step either side of now, for clocks
 * that drift and codes typed as they change; the caller remembers the step used so a code works once.
 */

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const TOTP_STEP_SECONDS = 30;

export type TotpHash = "SHA-1" | "SHA-256" | "SHA-512";

/** RFC 4648 base32 without padding, as otpauth:// URIs carry secrets. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.toUpperCase().replace(/[\s=]/g, "");
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error("not base32");
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** RFC 4226 HOTP: the code for one counter value. */
export async function hotp(secret: Uint8Array<ArrayBuffer>, counter: number, digits = 6, hash: TotpHash = "SHA-1"): Promise<string> {
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash }, false, ["sign"]);
  const msg = new Uint8Array(8);
  new DataView(msg.buffer).setBigUint64(0, BigInt(counter));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, msg));
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/** The step a Unix time (seconds) falls in. */
export function totpStep(unixSeconds: number): number {
  return Math.floor(unixSeconds / TOTP_STEP_SECONDS);
}

/** RFC 6238 TOTP: the code at a Unix time (seconds). */
export function totp(secret: Uint8Array<ArrayBuffer>, unixSeconds: number, digits = 6, hash: TotpHash = "SHA-1"): Promise<string> {
  return hotp(secret, totpStep(unixSeconds), digits, hash);
}

/**
 * The step `code` belongs to, within one step of now, or null. A step at or before `lastUsedStep`
 * is refused: a code seen once (over a shoulder, in a log) cannot log in again.
 */
export async function matchTotp(secret: Uint8Array<ArrayBuffer>, code: string, unixSeconds: number, lastUsedStep: number | null): Promise<number | null> {
  const typed = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(typed)) return null;
  const now = totpStep(unixSeconds);
  let found: number | null = null;
  // Every candidate is computed, so the time taken does not say which one matched.
  for (const step of [now - 1, now, now + 1]) {
    const expected = await hotp(secret, step);
    if (expected === typed && (lastUsedStep === null || step > lastUsedStep)) found ??= step;
  }
  return found;
}

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32 for the app. */
export function newTotpSecret(): string {
  return base32Encode(crypto.getRandomValues(new Uint8Array(20)));
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(secretBase32: string, account: string, issuer = "Textback"): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=${TOTP_STEP_SECONDS}`;
}
