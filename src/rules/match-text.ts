/**
 * A caller's text in the one form every text rule reads (urgent and safety words, negation,
 * opt-out keywords and phrases, answer extractors): phones and keyboards type the same words many
 * ways, and "I can’t breathe" (iPhone's ’) must match "can't breathe" exactly as "can't" does.
 * Only for matching: what is stored, relayed and paged is what the caller wrote, and `original`
 * gives back their own characters for whatever a rule found. Pure: no I/O.
 *
 * - apostrophe look-alikes (’ ‘ ‛ ‚ ′ ‵ ʼ ʹ ` ´ ＇) read as ', double-quote look-alikes (“ ” „ ″ « »
 *   ＂) as ";
 * - compatibility forms (NFKC: fullwidth ＳＴＯＰ and １２, ligatures, fullwidth punctuation, …),
 *   except superscripts, fractions and circled numbers, so "3²" is never read as 32;
 * - every space (non-breaking, narrow, ideographic, en quad…) as a plain space, line and paragraph
 *   separators as a line break;
 * - invisible characters dropped (zero-width spaces and joiners, word joiner, BOM, soft hyphen,
 *   bidi marks);
 * - dashes (‐ ‑ ‒ – — ― −): a hyphen between digits ("9–11", "30301–1234"), a hyphen inside a word
 *   ("knocked‐out"), otherwise a dash standing between spaces, so "burst—water" is two words.
 */
import { BoundedMap } from "../bounded-map";

export interface MatchText {
  /** The text as the rules read it. */
  text: string;
  /** The caller's own characters for `text.slice(start, end)`. */
  original(start: number, end: number): string;
}

const APOSTROPHE = /^['\u2018\u2019\u201A\u201B\u2032\u2035\u02B9\u02BC\u0060\u00B4\uFF07]$/u;
const DOUBLE_QUOTE = /^[\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB\uFF02]$/u;
/** Hyphens that only ever join a word. */
const HYPHEN = /^[\u2010\u2011]$/u;
/** Dashes that join figures or set words apart. */
const DASH = /^[\u2012\u2013\u2014\u2015\u2212]$/u;
const INVISIBLE = /^\p{Cf}+$/u;
const LINE_BREAK = /^[\u2028\u2029\u0085]$/u;
/** Kept as typed: NFKC would make "3²" read 32 and "½" read 1⁄2. */
const KEEP = /^\p{No}/u;

/** A character with the marks that follow it, so accents compose ("e" + ◌̂ → "ê"). */
const CLUSTERS = /\P{M}\p{M}*|\p{M}+/gu;

const isSpace = (s: string | undefined) => s === undefined || /^\s*$/u.test(s);
const isDigit = (s: string | undefined) => s !== undefined && /^\d$/u.test(s.normalize("NFKC"));

/** What one character (with its marks) reads as; `before` and `after` are its neighbours as typed. */
function readAs(cluster: string, before: string | undefined, after: string | undefined): string {
  if (APOSTROPHE.test(cluster)) return "'";
  if (DOUBLE_QUOTE.test(cluster)) return '"';
  if (INVISIBLE.test(cluster)) return "";
  if (LINE_BREAK.test(cluster)) return "\n";
  if (HYPHEN.test(cluster)) return "-";
  if (DASH.test(cluster)) {
    if (isDigit(before) && isDigit(after)) return "-";
    return `${isSpace(before) ? "" : " "}-${isSpace(after) ? "" : " "}`;
  }
  if (KEEP.test(cluster)) return cluster;
  return cluster.normalize("NFKC").replace(/[^\S\n\r\t]/gu, " ");
}

/**
 * The text as the rules read it, and the way back to the caller's characters.
 *
 * @example matchText("I can’t\u00A0breathe").text // "I can't breathe"
 * @example matchText("pipe burst—water everywhere").text // "pipe burst - water everywhere"
 */
export function matchText(raw: string): MatchText {
  const clusters = [...raw.matchAll(CLUSTERS)];
  let text = "";
  // For each character read, where the character it came from starts and ends in `raw`.
  const starts: number[] = [];
  const ends: number[] = [];
  clusters.forEach((m, i) => {
    // Invisible neighbours do not count: "9\u200B–\u200B11" is still a range.
    const neighbour = (step: number) => {
      for (let j = i + step; j >= 0 && j < clusters.length; j += step) if (!INVISIBLE.test(clusters[j]![0])) return clusters[j]![0];
      return undefined;
    };
    const read = readAs(m[0], neighbour(-1), neighbour(1));
    for (let k = 0; k < read.length; k++) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
    text += read;
  });
  return {
    text,
    original: (start, end) => (end <= start ? "" : raw.slice(starts[start] ?? raw.length, ends[end - 1] ?? raw.length)),
  };
}

/**
 * Phrases a business wrote (its urgent and safety words), read once: every caller's text is read
 * against the whole lists, several times over, and reading a phrase costs more than finding it.
 */
const READ_PHRASES = new BoundedMap<string, string>(2_000);

/**
 * A business's phrase as the rules read it (matchText's `text`), remembered.
 *
 * @example matchPhrase("can’t breathe") // "can't breathe"
 */
export function matchPhrase(phrase: string): string {
  let read = READ_PHRASES.get(phrase);
  if (read === undefined) {
    read = matchText(phrase).text;
    READ_PHRASES.set(phrase, read);
  }
  return read;
}
