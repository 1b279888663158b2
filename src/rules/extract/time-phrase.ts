/**
 * When the caller would like someone to come ("tomorrow morning", "after 5pm", "Friday at 10"), as
 * they wrote it, for the `preferredTime` answer of qualification (DESIGN.md §6.2). Pure: no I/O.
 * It keeps the caller's words rather than a date: the person who calls back reads it. Read in
 * matching form (match-text.ts), given back in the caller's own characters.
 */
import { matchText } from "../match-text";

const DAY = String.raw`(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?`;
const CLOCK = String.raw`(?:\d{1,2}(?::[0-5]\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:[0-5]\d|noon|midnight)`;
const PART = String.raw`(?:morning|afternoon|evening|night|lunch(?:time)?)`;

/** Each alternative is a phrase people use; the longest one starting first wins. */
const PHRASES = [
  String.raw`(?:between|from)\s+${CLOCK}\s*(?:and|to|-)\s*${CLOCK}`,
  String.raw`(?:between|from)\s+\d{1,2}\s*(?:and|to|-)\s*\d{1,2}(?:\s*(?:am|pm))?`,
  String.raw`(?:(?:next|this)\s+)?${DAY}(?:\s+(?:morning|afternoon|evening|night))?(?:\s+(?:at|around|after|before|by)\s+(?:${CLOCK}|\d{1,2}(?![\d:])))?`,
  String.raw`(?:today|tonight|tomorrow|tmrw|tmr)(?:\s+(?:morning|afternoon|evening|night))?(?:\s+(?:at|around|after|before|by)\s+(?:${CLOCK}|\d{1,2}(?![\d:])))?`,
  String.raw`(?:this|tomorrow|in\s+the)\s+${PART}`,
  String.raw`(?:after|before|around|by|at)\s+(?:${CLOCK}|\d{1,2}(?![\d:]))(?!\s*(?:years?|yrs?|days?|hours?|mins?|minutes?|weeks?|months?|times?|people|stars?|[a-z]*\s*(?:st|street|ave|avenue|rd|road|dr|drive|ln|lane)\b))`,
  String.raw`${CLOCK}`,
  String.raw`(?:this|next)\s+week(?:end)?`,
  String.raw`(?:this|over\s+the)\s+weekend`,
  String.raw`(?:asap|as\s+soon\s+as\s+possible|right\s+away|any\s*time|whenever(?:\s+you\s+can)?)`,
];

const TIME = new RegExp(`(?<![\\w:])(?:${PHRASES.join("|")})(?![\\w:])`, "gi");

/** Words just before a phrase that put it in the past ("since Monday", "last Tuesday"). */
const PAST_BEFORE = /\b(?:since|last|ago|until|till|was|were|on)\s*$/i;
/** Words after it that do the same ("3 hours ago"). */
const PAST_AFTER = /^\s*(?:ago|already)\b/i;

/**
 * The first time the caller asks for, as written (lower case, single spaces), or null.
 *
 * @example extractTimePhrase("Could you come tomorrow morning?") // "tomorrow morning"
 * @example extractTimePhrase("It broke last Tuesday") // null
 */
export function extractTimePhrase(typed: string): string | null {
  const read = matchText(typed);
  const text = read.text;
  for (const m of text.matchAll(TIME)) {
    const end = m.index + m[0].length;
    if (PAST_BEFORE.test(text.slice(0, m.index)) || PAST_AFTER.test(text.slice(end))) continue;
    return read.original(m.index, end).toLowerCase().replace(/\s+/g, " ").trim();
  }
  return null;
}
