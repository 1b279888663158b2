/**
 * SMS encoding and segment counting (compliance.md §5), plus the smart-encoding substitutions
 * used to suggest a GSM-7 version of a template. Pure: no I/O, no runtime-specific APIs.
 */

export type { SmsEncoding } from "../vocabulary";
import type { SmsEncoding } from "../vocabulary";

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
  /** Billable segments; 0 for an empty body. */
  segments: number;
  /** Distinct characters (grapheme clusters) that forced UCS-2, in order of appearance. */
  nonGsmChars: string[];
}

/**
 * GSM 03.38 basic table, in table order (§5.1), without ESC (0x1B), which is not a character.
 * 0x09 is capital Ç as in Twilio's calculator: Twilio counts small ç as UCS-2, so we must too.
 * The Greek capitals are escaped so that look-alikes (e.g. the Ohm sign U+2126) cannot slip in.
 */
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅå" +
  "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039EÆæßÉ" +
  " !\"#¤%&'()*+,-./" +
  "0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNO" +
  "PQRSTUVWXYZÄÖÑÜ§" +
  "¿abcdefghijklmno" +
  "pqrstuvwxyzäöñüà";

/** Extension table (§5.2): ESC + code, so each costs two septets. */
const GSM_EXTENSION = "\f^{}\\[~]|€";

const BASIC_SET: ReadonlySet<string> = new Set(GSM_BASIC);
const EXTENSION_SET: ReadonlySet<string> = new Set(GSM_EXTENSION);

/** Exported for tests: the tables exactly as counted. */
export const GSM7_BASIC_CHARS: readonly string[] = [...GSM_BASIC];
export const GSM7_EXTENSION_CHARS: readonly string[] = [...GSM_EXTENSION];

const GSM_SINGLE_LIMIT = 160;
const GSM_PART_SIZE = 153;
const UCS_SINGLE_LIMIT = 70;
const UCS_PART_SIZE = 67;

/** Septets a single code point costs in GSM-7, or undefined when it is not in the alphabet. */
function gsmCost(ch: string): 1 | 2 | undefined {
  if (BASIC_SET.has(ch)) return 1;
  if (EXTENSION_SET.has(ch)) return 2;
  return undefined;
}

/**
 * Replace CR LF with LF.
 *
 * Why: browsers submit `<textarea>` line breaks as CR LF, and a CR LF pair is one grapheme cluster
 * that Twilio's calculator treats as non-GSM (§5.3), so one pasted line break could silently turn a
 * template into UCS-2. It would also cost an extra septet per line break for no visible difference.
 * Lone CR is left alone: it is a real GSM-7 character.
 *
 * @example normalizeLineEndings("a\r\nb") // "a\nb"
 */
export function normalizeLineEndings(body: string): string {
  return body.replace(/\r\n/g, "\n");
}

let graphemeSegmenter: Intl.Segmenter | null | undefined;

/**
 * Split into grapheme clusters, so that an emoji with a skin tone or a ZWJ family is never cut in
 * two segments. Falls back to code points if Intl.Segmenter is missing (it exists in workerd and
 * Node 20; the fallback still never splits a surrogate pair).
 */
function graphemes(text: string): string[] {
  if (graphemeSegmenter === undefined) {
    graphemeSegmenter =
      typeof Intl !== "undefined" && typeof Intl.Segmenter === "function"
        ? new Intl.Segmenter(undefined, { granularity: "grapheme" })
        : null;
  }
  if (graphemeSegmenter === null) return [...text];
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

/**
 * Septets and segments of a text that is GSM-7 throughout, or null at its first other character.
 * Each GSM-7 character is one UTF-16 code unit and a grapheme cluster of its own (CR LF, the one
 * pair that is not, was normalised before), so such a text is counted unit by unit: this runs for
 * every text sent, and splitting it into clusters first cost more than the rest of the count.
 * An extension character that does not fit in what is left of a segment moves whole to the next.
 */
function gsmSeptets(text: string): { units: number; segments: number } | null {
  let units = 0;
  let segments = 1;
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const cost = gsmCost(text.charAt(i));
    if (cost === undefined) return null;
    units += cost;
    if (used + cost > GSM_PART_SIZE) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { units, segments: units <= GSM_SINGLE_LIMIT ? 1 : segments };
}

/**
 * Count segments by packing whole items in order: an item that does not fit in what is left of
 * the current segment starts the next one. This is what keeps an extension character's two
 * septets, or a surrogate pair, from being split across segments.
 */
function packSegments(costs: readonly number[], partSize: number): number {
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > partSize) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

/**
 * Encoding and segment count of an SMS body, as Twilio counts it (compliance.md §5).
 *
 * One character outside GSM-7 switches the whole message to UCS-2. An empty body has 0 units and
 * 0 segments: nothing would be sent, and callers treat an empty body as an error anyway.
 *
 * @example
 * countSegments("Sorry we missed your call!")  // { encoding: "GSM-7", units: 26, segments: 1, nonGsmChars: [] }
 * countSegments("Thanks 😊")                   // { encoding: "UCS-2", units: 9, segments: 1, nonGsmChars: ["😊"] }
 */
export function countSegments(body: string): SegmentInfo {
  const text = normalizeLineEndings(body);
  if (text.length === 0) return { encoding: "GSM-7", units: 0, segments: 0, nonGsmChars: [] };

  const gsm = gsmSeptets(text);
  if (gsm) return { encoding: "GSM-7", units: gsm.units, segments: gsm.segments, nonGsmChars: [] };

  // Some character is not GSM-7, so the whole text is UCS-2.
  const clusters = graphemes(text);
  const nonGsm: string[] = [];
  const seen = new Set<string>();
  for (const cluster of clusters) {
    // Every GSM-7 character is a single UTF-16 code unit, so a multi-unit cluster
    // (emoji, e + combining accent) is non-GSM as a whole, as in Twilio's calculator.
    if ((cluster.length !== 1 || gsmCost(cluster) === undefined) && !seen.has(cluster)) {
      seen.add(cluster);
      nonGsm.push(cluster);
    }
  }

  const units = text.length;
  if (units <= UCS_SINGLE_LIMIT) return { encoding: "UCS-2", units, segments: 1, nonGsmChars: nonGsm };
  const unitCosts: number[] = [];
  for (const cluster of clusters) {
    if (cluster.length <= UCS_PART_SIZE) {
      unitCosts.push(cluster.length);
    } else {
      // A cluster longer than a whole segment (e.g. piled-up combining marks) has to be split;
      // split it between code points so at least no surrogate pair is broken.
      for (const cp of cluster) unitCosts.push(cp.length);
    }
  }
  return { encoding: "UCS-2", units, segments: packSegments(unitCosts, UCS_PART_SIZE), nonGsmChars: nonGsm };
}

/**
 * The body cut to at most `maxSegments` segments with `tail` kept whole after it, and an ellipsis
 * where it was cut: "..." in a GSM-7 text (the single character "…" would turn the whole text into
 * UCS-2, halving what fits), "…" in a UCS-2 one. Cut between grapheme clusters, so no emoji is
 * broken. Unchanged (with its tail) when it fits.
 *
 * @example truncateToSegments("x".repeat(1600), 3).length // 459 (456 characters and "...")
 */
export function truncateToSegments(body: string, maxSegments: number, tail = ""): string {
  const whole = countSegments(body + tail);
  if (whole.segments <= maxSegments) return body + tail;
  const ellipsis = whole.encoding === "GSM-7" ? "..." : "\u2026";
  const clusters = graphemes(normalizeLineEndings(body));
  const cut = (n: number) => `${clusters.slice(0, n).join("").trimEnd()}${ellipsis}${tail}`;
  // The longest prefix that fits: with the ellipsis fixed, a longer prefix never takes fewer segments.
  let lo = 0;
  let hi = clusters.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (countSegments(cut(mid)).segments <= maxSegments) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

/** Look-alike characters and their GSM-7 replacements (compliance.md §5.4). */
const SMART_MAP: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  const put = (chars: string, to: string): void => {
    for (const ch of chars) m.set(ch, to);
  };
  // Double quotes, including modifier double primes and the low-9 form.
  put("\u00AB\u00BB\u201C\u201D\u201E\u201F\u275D\u275E\u301D\u301E\uFF02\u02BA\u02EE\u2033", '"');
  // Single quotes, apostrophes, primes and stray accents typed as apostrophes; the backtick is not GSM-7.
  put("\u2018\u2019\u201A\u201B\u2032\u02BB\u02BC\u02BD\u02B9\u02C8\u00B4\u02CA\u02CB`\u275B\u275C\uFF07\u2039\u203A", "'");
  // Hyphens, dashes, minus and bullets.
  put("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D\u2043\u2022", "-");
  put("\u2026", "...");
  put("\u203C", "!!");
  // Special spaces and separators: one ordinary space, so the text reads and counts the same.
  put("\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000\u2028\u2029\t", " ");
  // Invisible characters: zero-width space, word joiner, BOM / zero-width no-break space.
  put("\u200B\u2060\uFEFF", "");
  put("\u00BC", "1/4");
  put("\u00BD", "1/2");
  put("\u00BE", "3/4");
  put("\u00F7", "/");
  put("\u3001", ",");
  put("\u3002", ".");
  // Fullwidth ASCII forms U+FF01..U+FF5E sit at a fixed offset from ASCII.
  for (let cp = 0xff01; cp <= 0xff5e; cp++) {
    const ascii = String.fromCharCode(cp - 0xfee0);
    if (!m.has(String.fromCharCode(cp))) m.set(String.fromCharCode(cp), ascii === "`" ? "'" : ascii);
  }
  // Small form variants (U+FE50..U+FE6B).
  const small: Record<string, string> = {
    "\uFE50": ",", "\uFE51": ",", "\uFE52": ".", "\uFE54": ";", "\uFE55": ":", "\uFE56": "?",
    "\uFE57": "!", "\uFE59": "(", "\uFE5A": ")", "\uFE5B": "{", "\uFE5C": "}", "\uFE5F": "#",
    "\uFE60": "&", "\uFE61": "*", "\uFE62": "+", "\uFE64": "<", "\uFE65": ">", "\uFE66": "=",
    "\uFE68": "\\", "\uFE69": "$", "\uFE6A": "%", "\uFE6B": "@",
  };
  for (const [from, to] of Object.entries(small)) m.set(from, to);
  return m;
})();

/**
 * Apply smart-encoding substitutions (compliance.md §5.4): curly quotes, dashes, ellipsis, special
 * spaces, fullwidth forms and the like become their GSM-7 look-alikes, and zero-width characters are
 * removed. Accented letters (á, ó, ç) and emoji have no look-alike and are left as they are, so the
 * result can still be UCS-2; check it with {@link countSegments}.
 *
 * @example toGsmSmart("We’re closed — call back…") // "We're closed - call back..."
 */
export function toGsmSmart(body: string): string {
  let out = "";
  for (const ch of body) out += SMART_MAP.get(ch) ?? ch;
  return out;
}

/**
 * The replacement {@link toGsmSmart} would use for one character, or undefined if it has none.
 *
 * @example smartReplacement("’") // "'"
 */
export function smartReplacement(ch: string): string | undefined {
  return SMART_MAP.get(ch);
}
