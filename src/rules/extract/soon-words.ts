/**
 * Words that say only how soon the caller would like someone ("asap", "right away", "urgent",
 * "today"), not what is wrong (DESIGN.md §6.2, §6.3). In a storm or a busy week nearly every caller
 * says them, so they answer "how urgent is it?" (the lead's `urgency` is `urgent`) and never page
 * the on-call or send the emergency answer: paging is for an emergency the caller names (a burst
 * pipe, water coming in, no heat, gas). A business's own list that holds one reads it the same
 * way: it says how soon, and pages nobody. Pure: no I/O.
 */
import { matchPhrase } from "../match-text";

/** Listed as an urgent word, each of these says only "soon". */
const SOON_WORDS: ReadonlySet<string> = new Set([
  "asap", "a.s.a.p", "a.s.a.p.", "as soon as possible", "as soon as you can", "soon", "right away", "right now",
  "urgent", "urgently", "very urgent", "it's urgent", "immediately", "quickly", "today", "tonight", "same day",
]);

/**
 * What a caller says "soon" with, in any reply, whatever the business lists: "today" is not among
 * them, since a day said in passing tells when ("I'm home today after 5"), not how urgent it is.
 */
export const SOON_SAID: readonly string[] = ["asap", "as soon as possible", "as soon as you can", "right away", "urgent", "urgently", "immediately"];

const squeeze = (s: string) => matchPhrase(s).toLowerCase().replace(/\s+/g, " ").trim();

/**
 * Whether a phrase of a business's urgent words says only how soon, not what is wrong.
 *
 * @example isSoonWord("ASAP") // true
 * @example isSoonWord("Right  away") // true
 * @example isSoonWord("emergency") // false
 * @example isSoonWord("court today") // false
 */
export function isSoonWord(phrase: string): boolean {
  return SOON_WORDS.has(squeeze(phrase));
}
