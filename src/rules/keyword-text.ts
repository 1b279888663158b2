/**
 * How keyword and opt-out matching reads a text (compliance.md §1.5): one key for the exact-keyword
 * lookup, and words (whole message, or sentence by sentence) for free-text phrases. Pure: no I/O.
 */
import { matchText } from "./match-text";

/**
 * The text in matching form (match-text.ts: apostrophe look-alikes, fullwidth letters, spaces,
 * invisible characters), then diacritics stripped ("ARRÊT" is ARRET) and upper case.
 */
function fold(text: string): string {
  return matchText(text)
    .text.normalize("NFD")
    .replace(/\p{M}/gu, "") // accents, and emoji variation selectors
    .normalize("NFC")
    .toUpperCase();
}

/** The text folded, apostrophes dropped so "don't", "don’t" and "dont" all read DONT. */
const foldWords = (text: string) => fold(text).replace(/'/g, "");

/**
 * Normalise a message for the exact-keyword lookup: NFKC, diacritics stripped, upper case,
 * surrounding punctuation/quotes/emoji/symbols removed, and then hyphens, underscores, dots and
 * whitespace dropped so every spelling of a keyword collapses to one key.
 *
 * @example normalizeKeyword("🛑 Opt-Out!!") // "OPTOUT"
 * @example normalizeKeyword("Arrêt.") // "ARRET"
 */
export function normalizeKeyword(text: string): string {
  return fold(text)
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")
    // Dropping every inner space also covers collapsing them: "s t o p", "STOP ALL" (Telnyx, §1.3).
    .replace(/[\s\p{Pd}_.]/gu, "");
}

/** Texting shorthand, read as the words it stands for ("pls stop txting me", "u have the wrong number"). */
const SHORTHAND: ReadonlyMap<string, string> = new Map([
  ["TXT", "TEXT"], ["TXTS", "TEXTS"], ["TXTING", "TEXTING"], ["TEXTIN", "TEXTING"],
  ["MSG", "MESSAGE"], ["MSGS", "MESSAGES"], ["MSGING", "MESSAGING"],
  ["U", "YOU"], ["UR", "YOUR"], ["DNT", "DONT"],
]);

/** Two words read as one, so one phrase covers both spellings ("do not text" = "don't text"). */
const JOINED: readonly (readonly [string, string, string])[] = [
  ["DO", "NOT", "DONT"],
  // An apostrophe typed as a separate character: "don ' t".
  ["DON", "T", "DONT"],
];

function canonical(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const word = SHORTHAND.get(w) ?? w;
    const join = JOINED.find(([a, b]) => out.at(-1) === a && word === b);
    if (join) out[out.length - 1] = join[2];
    else out.push(word);
  }
  return out;
}

/** Upper-case words of a stretch of text: apostrophes dropped, any other non-letter a space. */
function wordsOf(text: string): string[] {
  const words = text.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return words === "" ? [] : canonical(words.split(" "));
}

/**
 * The message as words, for whole-message phrases.
 *
 * @example sentenceTokens("Don’t txt me!") // ["DONT", "TEXT", "ME"]
 */
export function sentenceTokens(text: string): string[] {
  return wordsOf(foldWords(text));
}

/**
 * The message's sentences (split at . , ; : ! ? and line breaks, which is also where a clause
 * ends), each as words; empty ones left out.
 *
 * @example sentences("Stop. I found someone") // [["STOP"], ["I", "FOUND", "SOMEONE"]]
 */
export function sentences(text: string): string[][] {
  return foldWords(text)
    .split(/[.,;:!?¡¿\n\r]+/u)
    .map(wordsOf)
    .filter((s) => s.length > 0);
}

export function startsWith(tokens: readonly string[], words: readonly string[], at = 0): boolean {
  if (at < 0 || at + words.length > tokens.length) return false;
  return words.every((w, i) => tokens[at + i] === w);
}

/** Whether `words` occur together anywhere in `tokens`. */
export function contains(tokens: readonly string[], words: readonly string[]): boolean {
  for (let i = 0; i + words.length <= tokens.length; i++) if (startsWith(tokens, words, i)) return true;
  return false;
}

/** Politeness, greetings and "again" that may surround a request without changing it (word form). */
const PADDING: readonly (readonly string[])[] = [
  ["PLEASE"], ["PLS"], ["PLZ"], ["PLEASEE"], ["KINDLY"], ["JUST"],
  ["THANKS"], ["THANX"], ["THX"], ["TY"], ["THANKYOU"], ["THANK", "YOU"],
  ["OK"], ["OKAY"], ["SORRY"], ["HI"], ["HEY"], ["HELLO"],
  ["AGAIN"], ["ANYMORE"], ["ANY", "MORE"], ["EVER", "AGAIN"],
  ["POR", "FAVOR"], ["GRACIAS"],
  ["MERCI"], ["SVP"], ["SIL", "VOUS", "PLAIT"],
];

/** Remove politeness from both ends ("please stop, thank you" → ["STOP"]). */
export function stripPadding(tokens: readonly string[]): string[] {
  let start = 0;
  let end = tokens.length;
  let changed = true;
  while (changed && start < end) {
    changed = false;
    for (const pad of PADDING) {
      if (start + pad.length <= end && startsWith(tokens, pad, start)) {
        start += pad.length;
        changed = true;
      }
      if (end - pad.length >= start && startsWith(tokens, pad, end - pad.length)) {
        end -= pad.length;
        changed = true;
      }
    }
  }
  return tokens.slice(start, end);
}
