/** Random secrets handed to people once (invite links, API tokens), and the hashes kept instead of them. */

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `bytes` random bytes as base62, always the same length (43 characters for 32 bytes). */
export function randomBase62(bytes = 32): string {
  let n = 0n;
  for (const b of crypto.getRandomValues(new Uint8Array(bytes))) n = (n << 8n) | BigInt(b);
  const length = Math.ceil((bytes * 8) / Math.log2(62));
  let out = "";
  for (let i = 0; i < length; i++) {
    out = BASE62[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return out;
}

/**
 * A personal API token: `tb_` and 32 random bytes in base62. The prefix lets secret scanners and
 * the API tell it from ADMIN_TOKEN.
 *
 * @example newApiToken() // "tb_3kT0…" (46 characters)
 */
export function newApiToken(): string {
  return `tb_${randomBase62(32)}`;
}

export const API_TOKEN_PATTERN = /^tb_[0-9A-Za-z]{43}$/;

/** SHA-256 as hex: what D1 keeps of a token. A token is 256 random bits, so no salt or stretching is needed. */
export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
