/**
 * Urgent and safety words in a caller's reply ("burst pipe", "no heat", "gas smell"), whole words,
 * any case, in any of their forms (phrase-pattern.ts), or a cold house for a temperature word
 * ("below 60 degrees inside": indoor-cold.ts), not negated ("no leak", "not urgent",
 * "isn't leaking anymore": negation.ts), for triage (DESIGN.md §6.3) and the `urgency` answer of
 * qualification (§6.2). The reply and the words are read in matching form (match-text.ts), so
 * "can’t" typed on an iPhone is "can't". Pure: no I/O.
 */
import { matchPhrase, matchText } from "../match-text";
import { coldLimit, coldReadings } from "./indoor-cold";
import { isNegated } from "./negation";
import { phrasePattern } from "./phrase-pattern";
import { isSoonWord, SOON_SAID } from "./soon-words";

/** Phrases that say there is no hurry. */
const CALM = /\b(?:no rush|no hurry|not urgent|whenever|no emergency|not an emergency|not a big deal|not in a hurry|any ?time (?:next|this) week|can wait)\b/i;

interface Said {
  phrase: string;
  /** The list's order, for the answer. */
  order: number;
  start: number;
  end: number;
  /** Said in the words the business wrote, not another form or order. */
  literal: boolean;
}

const squeeze = (s: string) => s.toLowerCase().replace(/[\s-]+/g, " ").trim();

/** Where the text says `phrase`: its words in any form, or for a temperature word, a cold reading. */
function sayings(read: string, wanted: string): { start: number; end: number }[] {
  const limit = coldLimit(wanted);
  if (limit !== null) return coldReadings(read, limit);
  return [...read.matchAll(phrasePattern(wanted))].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Where the text says `phrase` first, not negated, or null. */
function firstSaid(read: string, phrase: string, order: number): Said | null {
  const wanted = matchPhrase(phrase);
  if (wanted.trim() === "") return null;
  for (const { start, end } of sayings(read, wanted)) {
    if (!isNegated(read, start, end, wanted)) return { phrase, order, start, end, literal: squeeze(read.slice(start, end)) === squeeze(wanted) };
  }
  return null;
}

/**
 * The phrases of `words` that the text says, not negated, in the order of `words` (each as the
 * business wrote it). Where several say the same words ("flood", "flooding"; "smell gas", "gas
 * smell"), the one written as the caller wrote it, else the longest, stands for them.
 *
 * @example findPhrases("Pipe burst, water everywhere", ["burst pipe", "pipe burst", "flood"]) // ["pipe burst"]
 * @example findPhrases("There's no leak anymore", ["leak"]) // []
 * @example findPhrases("Advil doesn't touch the severe pain", ["severe pain"]) // ["severe pain"]
 */
export function findPhrases(text: string, words: readonly string[]): string[] {
  return phrasesIn(matchText(text).text, words);
}

/** findPhrases for a text already in matching form. */
function phrasesIn(read: string, words: readonly string[]): string[] {
  const said = words.map((phrase, i) => firstSaid(read, phrase, i)).filter((s): s is Said => s !== null);
  said.sort((a, b) => Number(b.literal) - Number(a.literal) || b.end - b.start - (a.end - a.start) || a.order - b.order);
  const kept: Said[] = [];
  for (const s of said) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  return kept.sort((a, b) => a.order - b.order).map((s) => s.phrase);
}

export type UrgencyLevel = "urgent" | "not_urgent";

/**
 * How urgent the caller says it is: `urgent` with the words that said so, `not_urgent` when they
 * say there is no hurry, or null when the reply does not say. `matched` are the emergencies named
 * (what pages the on-call); `soon`, the words that say only how soon ("asap", "right away": soon-words.ts),
 * which make it urgent without paging anyone.
 *
 * @example classifyUrgency("Basement is FLOODING!!", ["flooding"]) // { level: "urgent", matched: ["flooding"], soon: [] }
 * @example classifyUrgency("need someone asap", ["flooding", "asap"]) // { level: "urgent", matched: [], soon: ["asap"] }
 * @example classifyUrgency("no rush, next week is fine", ["flooding"]) // { level: "not_urgent", matched: [], soon: [] }
 */
export function classifyUrgency(text: string, urgentWords: readonly string[]): { level: UrgencyLevel | null; matched: string[]; soon: string[] } {
  const read = matchText(text).text;
  const said = phrasesIn(read, urgentWords);
  const matched = said.filter((w) => !isSoonWord(w));
  const listedSoon = said.filter(isSoonWord);
  const soon = listedSoon.length > 0 ? listedSoon : phrasesIn(read, SOON_SAID);
  if (matched.length > 0 || soon.length > 0) return { level: "urgent", matched, soon };
  return { level: CALM.test(read) ? "not_urgent" : null, matched, soon };
}
