/**
 * Urgent and safety words in a caller's reply ("burst pipe", "no heat", "gas smell"), whole words,
 * any case, not negated ("no leak", "not urgent", "isn't leaking anymore"), for triage (DESIGN.md
 * §6.3) and the `urgency` answer of qualification (§6.2). Pure: no I/O.
 */

/** Words that turn the phrase after them around, within the same clause and three words. */
const NEGATORS = new Set(["no", "not", "isn't", "isnt", "wasn't", "wasnt", "aren't", "arent", "don't", "dont", "doesn't", "doesnt", "never", "without", "nothing", "nor", "stopped", "fixed"]);

/** Words right after the phrase that say it is over ("the leak stopped", "flooding is fixed"). */
const ENDED = /^\s+(?:(?:is|has|was|got)\s+)?(?:stopped|fixed|gone|resolved|over|sorted)\b/i;

/** Phrases that say there is no hurry. */
const CALM = /\b(?:no rush|no hurry|not urgent|whenever|no emergency|not an emergency|not a big deal|not in a hurry|any ?time (?:next|this) week|can wait)\b/i;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The words of a clause before `index`, nearest last (a clause ends at . , ; ! ? or a dash). */
function wordsBefore(text: string, index: number): string[] {
  const clause = text.slice(0, index).split(/[.,;!?\n]|\s-\s|\bbut\b/i).at(-1) ?? "";
  return clause.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The phrases of `words` that the text says, not negated, in the order of `words`.
 *
 * @example findPhrases("Pipe burst, water everywhere", ["burst pipe", "pipe burst", "flood"]) // ["pipe burst"]
 * @example findPhrases("There's no leak anymore", ["leak"]) // []
 */
export function findPhrases(text: string, words: readonly string[]): string[] {
  const found: string[] = [];
  for (const phrase of words) {
    const pattern = new RegExp(`(?<![\\w'])${escape(phrase.trim()).replace(/\s+/g, "\\s+")}(?![\\w'])`, "gi");
    for (const m of text.matchAll(pattern)) {
      const near = wordsBefore(text, m.index).slice(-3);
      // "no heat" is itself the phrase; only words before it can negate it.
      if (near.some((w) => NEGATORS.has(w.replace(/[^a-z']/g, ""))) || ENDED.test(text.slice(m.index + m[0].length))) continue;
      found.push(phrase);
      break;
    }
  }
  return found;
}

export type UrgencyLevel = "urgent" | "not_urgent";

/**
 * How urgent the caller says it is: `urgent` with the words that said so, `not_urgent` when they
 * say there is no hurry, or null when the reply does not say.
 *
 * @example classifyUrgency("Basement is flooding!!", ["flooding"]) // { level: "urgent", matched: ["flooding"] }
 * @example classifyUrgency("no rush, next week is fine", ["flooding"]) // { level: "not_urgent", matched: [] }
 */
export function classifyUrgency(text: string, urgentWords: readonly string[]): { level: UrgencyLevel | null; matched: string[] } {
  const matched = findPhrases(text, urgentWords);
  if (matched.length > 0) return { level: "urgent", matched };
  return { level: CALM.test(text) ? "not_urgent" : null, matched };
}
