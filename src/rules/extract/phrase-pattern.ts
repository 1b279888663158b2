/**
 * How a business's urgent or safety phrase ("severe pain", "burst pipe", "can't breathe") is found
 * in a caller's words (DESIGN.md §6.3): whole words, any case, any form of each word
 * (word-forms.ts), apostrophes optional ("cant"), a hyphen for a space ("knocked-out"), and a
 * two-word phrase also the other way round ("the pain is severe", "pipe has burst") or with a word
 * between ("severe tooth pain", "court date is tomorrow"). Pure: no I/O.
 */
import { BoundedMap } from "../../bounded-map";
import { NEGATORS } from "./negation";
import { formsOf } from "./word-forms";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const key = (word: string) => word.toLowerCase().replace(/'/g, "");

/** Between two words: spaces, or a hyphen ("knocked-out"). */
const SEP = String.raw`(?:\s*-\s*|\s+)`;

/** A word's form as a pattern: apostrophes optional, two-word forms ("can not") spaced any way, plurals. */
function formPattern(form: string): string {
  const words = form.split(/\s+/).map((w) => escape(w).replace(/'/g, "'?"));
  const last = words.length - 1;
  const plain = form.split(/\s+/)[last]!;
  // A plural: "pipes", "abscesses", "emergencies".
  if (/^[a-z]{3,}$/.test(plain)) words[last] = /[^aeiou]y$/.test(plain) ? `${words[last]!.slice(0, -1)}(?:y|ies)` : `${words[last]}(?:e?s)?`;
  return words.join(String.raw`\s+`);
}

/**
 * The words a slot of a phrase may be: "furnace/boiler/heater" is any of the three, while "a/c" or
 * "24/7" (a side shorter than two letters, or not a word) is one word as written.
 */
export function slotWords(word: string): string[] {
  const parts = word.split("/");
  return parts.length > 1 && parts.every((p) => /^[a-z][a-z']+$/i.test(p)) ? parts : [word];
}

/**
 * Words that name another thing when one of these stands before them: a water heater or a space
 * heater going out is not the heating going out.
 */
const NOT_AFTER: Readonly<Record<string, readonly string[]>> = { heater: ["water", "space", "pool"] };

/** Any form of any word of one slot of a phrase. */
function wordPattern(word: string): string {
  const forms = slotWords(word).flatMap((w) => {
    const guard = NOT_AFTER[key(w)]?.map((n) => String.raw`(?<!\b${n}${SEP})`).join("") ?? "";
    return formsOf(w).map((f) => `${guard}${formPattern(f)}`);
  });
  return `(?:${forms.join("|")})`;
}

/** "is" and "has" also as "'s": "heat's out" is "heat is out". */
const contracts = (word: string) => slotWords(word).some((w) => w === "is" || w === "has");

/**
 * Words that hold a phrase together as it is ("no heat", "in danger", "hurt me"): a phrase with one
 * is not turned round, nor split by another word, so "in custody" is never "in a custody battle".
 */
const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  ...NEGATORS.map(key),
  "a", "an", "the", "in", "on", "at", "to", "of", "for", "with", "by", "from", "into", "out", "up", "off",
  "me", "my", "i", "it", "we", "us", "you", "he", "she", "they", "him", "her", "them", "being", "been", "is", "are",
]);

/** Words that may link the two words of a phrase: "pain is really severe", "pipe has burst", "never had pain this severe". */
const LINKS = [
  "is", "are", "was", "were", "has", "have", "had", "been", "got", "gets", "getting", "feels", "feel", "looks", "look",
  "seems", "seem", "just", "now", "still", "really", "very", "so", "super", "extremely", "pretty", "totally", "completely", "this",
];
const LINK = `(?:${SEP}(?:${LINKS.join("|")})){0,3}`;

/** Words that never stand inside a phrase: a negator ("smell no gas") or a joint between two things ("severe storm and pain"). */
const NOT_BETWEEN = [...NEGATORS.map((n) => escape(n).replace(/'/g, "'?")), "and", "or", "but", "if", "then", "because", "so", "when", "while"];
/** One other word inside a phrase: "severe tooth pain", "broken front tooth", "gas line leak". */
const ONE_WORD = String.raw`(?:${SEP}(?!(?:${NOT_BETWEEN.join("|")})(?![\w']))[a-z]+(?:'[a-z]+)?)?`;

/** Before: not inside a word. After: not inside a word, though "pain's" ends at "pain". */
const BEFORE = String.raw`(?<!\w)(?<!\w')`;
const AFTER = String.raw`(?!\w)(?!'(?!s\b)[a-z])`;

/**
 * Patterns' sources by phrase, as built: a caller's text is read against the business's whole
 * lists several times (triage, then each answer), and building a pattern (every form of every
 * word) costs many times more than running it. Bounded: a few businesses' lists.
 */
const BUILT = new BoundedMap<string, string>(2_000);

/**
 * The pattern that finds `phrase` (already in matching form, match-text.ts) in a caller's text: a
 * new RegExp each time, so one caller's `lastIndex` never moves another's.
 *
 * @example phrasePattern("severe pain").test("the pain is really severe") // true
 * @example phrasePattern("in custody").test("in a custody battle") // false
 */
export function phrasePattern(phrase: string): RegExp {
  let source = BUILT.get(phrase);
  if (source === undefined) {
    source = patternSource(phrase);
    BUILT.set(phrase, source);
  }
  return new RegExp(source, "gi");
}

function patternSource(phrase: string): string {
  const words = phrase.trim().toLowerCase().split(/[\s-]+/).filter(Boolean);
  const exact = words.map((w, i) => (i === 0 ? wordPattern(w) : `(?:${SEP}${wordPattern(w)}${contracts(w) ? "|'s" : ""})`)).join("");
  const turnable = words.length === 2 && !words.some((w) => slotWords(w).some((p) => FUNCTION_WORDS.has(key(p))));
  if (!turnable) return `${BEFORE}${exact}${AFTER}`;
  const [a, b] = [wordPattern(words[0]!), wordPattern(words[1]!)];
  const forward = `${a}(?:'s)?${ONE_WORD}${LINK}${SEP}${b}`;
  const turned = `${b}(?:'s)?${LINK}${SEP}${a}`;
  return `${BEFORE}(?:${forward}|${turned})${AFTER}`;
}
