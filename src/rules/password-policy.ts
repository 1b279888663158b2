/**
 * What a new password must be (DESIGN.md §7): at least 12 characters, and not one of the 10,000
 * most common passwords, nor one of them with digits or symbols added, repeated, or one character
 * over and over. The list (common-passwords.json) is the top 10,000 of the ranked list zxcvbn 4.4.2
 * ships (MIT; from Mark Burnett's 10 million password set), lowercase, most common first; the Worker
 * carries it sorted and front-coded (common-passwords-packed.ts, made by scripts/common-passwords.mjs),
 * the same words in 24 KB of the bundle's gzip instead of 43. Only 56
 * of those have 12 characters or more, which is why the stripped and repeated forms are checked too:
 * "password1234" and "dragondragon" are long enough, and just as guessable.
 */
import { COMMON_PASSWORDS_PACKED } from "./common-passwords-packed";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * The words of a front-coded list: each capital letter keeps that many characters of the word before
 * (A = 0) and the word goes on until the next capital; line breaks are only for the diff.
 *
 * @example unpackWords("Adragon\nGfly\nApass\nEword") // Set { "dragon", "dragonfly", "pass", "password" }
 */
export function unpackWords(packed: string): Set<string> {
  const words = new Set<string>();
  let word = "";
  for (const [, kept = "A", rest = ""] of packed.matchAll(/([A-Z])([^A-Z\n]*)/g)) {
    word = word.slice(0, kept.charCodeAt(0) - 65) + rest;
    words.add(word);
  }
  return words;
}

let common: Set<string> | undefined;
/** The common-password list, unpacked once per isolate (on the first password set, not at start-up). */
export const commonPasswords = (): Set<string> => (common ??= unpackWords(COMMON_PASSWORDS_PACKED));
const isCommon = (s: string) => commonPasswords().has(s);

/** The word under "Summer2024!!" or "password1234": leading and trailing digits and symbols removed. */
function stem(lower: string): string {
  return lower.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
}

/** `abcabcabc` → `abc`: the shortest unit the whole string repeats, or null when it does not. */
function repeatedUnit(s: string): string | null {
  for (let n = 1; n <= s.length / 2; n++) {
    if (s.length % n === 0 && s.slice(0, n).repeat(s.length / n) === s) return s.slice(0, n);
  }
  return null;
}

/**
 * Why this password may not be used, as a sentence for the form, or null when it may.
 *
 * @example passwordProblem("password1234") // "This is a common password with digits or symbols added: …"
 */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters (this has ${length}).`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (isCommon(lower)) return "This is one of the most common passwords, so it is among the first guessed. Choose another.";
  const unit = repeatedUnit(lower);
  if (unit && (unit.length < 4 || isCommon(unit))) return "This repeats a short or common word, so it is easy to guess. Choose another.";
  const word = stem(lower);
  if (word.length === 0) return "Use some letters, not only digits and symbols: a few unrelated words are easy to remember and hard to guess.";
  if (word !== lower && isCommon(word)) return "This is a common password with digits or symbols added, so it is easy to guess. Choose another.";
  return null;
}
