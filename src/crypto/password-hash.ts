/**
 * Password hashes: PBKDF2-HMAC-SHA256 through WebCrypto, 600,000 iterations (OWASP's figure for
 * SHA-256), a 16-byte salt per password. Cloudflare's runtime refuses more than 100,000 iterations
 * in one deriveBits call (workerd issue #1346; the local workerd allows more, production does not),
 * so the work is done as a chain of rounds of 100,000: round k derives from the password with
 * `salt ‖ output of round k-1` as its salt. Every round needs the password and the one before it,
 * so a guess costs 600,000 sequential HMACs, the same as one PBKDF2 call of 600,000.
 *
 * Stored form: `pbkdf2-sha256$<iterations per round>*<rounds>$<salt b64>$<hash b64>`: the cost is
 * kept with the hash, so raising ROUNDS applies to new passwords and to old ones at their next login
 * ({@link needsRehash}). 70 to 280 ms of CPU per hash on this shared 2-core machine (test/password-hash.test.ts logs
 * it): within the Workers Paid plan's CPU limit, not within the Free plan's 10 ms.
 */
import { bytesToBase64, base64ToBytes } from "./secrets";

export const ROUND_ITERATIONS = 100_000;
export const ROUNDS = 6;
/** A stored hash asking for more than this is refused unread: it could only be a forgery meant to burn CPU. */
const MAX_ROUNDS = 30;
const PREFIX = "pbkdf2-sha256";

interface Parsed {
  perRound: number;
  rounds: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, perRound: number, rounds: number): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  let out = new Uint8Array(0);
  for (let i = 0; i < rounds; i++) {
    const roundSalt = new Uint8Array(salt.length + out.length);
    roundSalt.set(salt);
    roundSalt.set(out, salt.length);
    out = new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: roundSalt, iterations: perRound }, key, 256));
  }
  return out;
}

/** A new stored hash of `password` at today's cost. */
export async function hashPassword(password: string, rounds = ROUNDS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, ROUND_ITERATIONS, rounds);
  return `${PREFIX}$${ROUND_ITERATIONS}*${rounds}$${bytesToBase64(salt)}$${bytesToBase64(hash)}`;
}

function parse(stored: string): Parsed | null {
  const m = /^pbkdf2-sha256\$(\d{1,7})\*(\d{1,3})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return null;
  const perRound = Number(m[1]);
  const rounds = Number(m[2]);
  if (perRound < 1 || perRound > ROUND_ITERATIONS || rounds < 1 || rounds > MAX_ROUNDS) return null;
  try {
    return { perRound, rounds, salt: base64ToBytes(m[3]!), hash: base64ToBytes(m[4]!) };
  } catch {
    return null;
  }
}

/** Whether `password` is the one `stored` was made from; compared in constant time. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const p = parse(stored);
  if (!p) return false;
  const got = await derive(password, p.salt, p.perRound, p.rounds);
  if (got.length !== p.hash.length) return false;
  let diff = 0;
  for (let i = 0; i < got.length; i++) diff |= got[i]! ^ p.hash[i]!;
  return diff === 0;
}

/** Whether a stored hash costs less than today's: the login that proves the password rewrites it. */
export function needsRehash(stored: string): boolean {
  const p = parse(stored);
  return !p || p.perRound * p.rounds < ROUND_ITERATIONS * ROUNDS;
}

/**
 * Spends the time a real check takes, for a login whose email has no password: the answer then
 * takes as long as a wrong password does, so timing does not tell which addresses have accounts.
 */
export async function spendPasswordTime(password: string): Promise<void> {
  await derive(password, new Uint8Array(16), ROUND_ITERATIONS, ROUNDS);
}
