/**
 * The answer to a question asking a name ("What's the patient's full name?"), for the `name` answer
 * of qualification (DESIGN.md §6.2). Pure: no I/O.
 *
 * Callers rarely answer with the name alone: "Maria Santos, I'm an existing patient", "it's for my
 * son, Luis", "maria santos here". Only the name is the answer; a reply with no name in it ("Now the
 * swelling is spreading to my eye", a question, a long story) answers nothing, so the question stays
 * open rather than the lead being named after a sentence.
 */
import { matchText } from "../match-text";
import { extractName, notAName, titled } from "./name";
import { GREETING } from "./service-answer";
import { findPhrases } from "./urgency";

/** Most words a name answer has ("Mary Ann de Souza" is four). */
const MAX_WORDS = 4;

/** Who the name belongs to, as a caller says it before the name: "my son", "the patient". */
const WHOSE = String.raw`(?:my\s+)?(?:son|daughter|husband|wife|kid|child|mom|dad|mother|father|partner|brother|sister|boyfriend|girlfriend)`;

/** Words that open a name answer without being part of it: "it's", "I'm", "Name:", "the patient is", "for my son", "Mrs.". */
const LEAD_IN = new RegExp(
  String.raw`^(?:(?:yes|yeah|yep|sure|ok|okay|sorry|oh|it's|its|it\s+is|this\s+is|i'm|im|i\s+am|name'?s?|full\s+name|patient(?:'s)?\s+name|the\s+patient(?:'s\s+name)?|patient|${WHOSE}(?:'s\s+name)?|for\s+${WHOSE}|is|was|called|named|mr|mrs|ms|miss|dr)\b[.:]?\s*)+`,
  "i",
);

/** Everyday words of a sentence that are never a name, beyond those extract/name.ts knows. */
const SENTENCE_WORDS = new Set(
  (
    "now need needs want wants have has had got get can could would should will do does did be been being are was were he she they them his her their him us " +
    "what why how when where who which if because since then than too much more some any all one two call text help know think said " +
    "pain hurts hurt hurting ache aching tooth teeth toothache jaw gum gums face eye mouth swelling swollen worse bad better bleeding broke broken fell " +
    "crown filling cleaning checkup appointment insurance out up down off by as son daughter wife husband kid child family " +
    "accident injury divorce court case lawyer attorney water heater pipe leak furnace ac sink toilet drain roof"
  ).split(" "),
);

/** Words that may follow a one-word name in the same breath ("Luis here", "Dana speaking"). */
const AFTER_ONE_WORD = /^(?:here|speaking|again|is\s+the\s+patient)\b/i;

/** A word as a name is written: letters of any alphabet, with an inner apostrophe or hyphen ("O'Brien", "Mary-Kate", "José"). */
const NAME_WORD = /^\p{L}+(?:['-]\p{L}+)*$/u;

const neverAName = (word: string) => notAName(word) || SENTENCE_WORDS.has(word.toLowerCase()) || /n't$/i.test(word);

/** A name as it goes on the lead: as typed, or each word capitalised when typed all in one case ("maria santos", "MARIA SANTOS"). */
function asWritten(words: string[]): string {
  const typed = words.join(" ");
  const oneCase = typed === typed.toLowerCase() || typed === typed.toUpperCase();
  return oneCase ? words.map((w) => titled(w.toLowerCase())).join(" ") : typed;
}

/** The name a clause of the reply gives, or null: its leading name words once the lead-in is out. */
function nameIn(clause: string): string | null {
  const text = clause.replace(GREETING, "").trim().replace(LEAD_IN, "");
  const words = text.split(/\s+/).filter((w) => w !== "");
  const name: string[] = [];
  for (const word of words) {
    if (name.length === MAX_WORDS || !NAME_WORD.test(word) || neverAName(word)) break;
    name.push(word);
  }
  if (name.length === 0) return null;
  const rest = words.slice(name.length).join(" ");
  // One word and a sentence going on ("Honestly I just want a call") is no name given.
  if (name.length === 1 && rest !== "" && !AFTER_ONE_WORD.test(rest)) return null;
  // More name-like words than a name has: a sentence, not a name.
  if (name.length === MAX_WORDS && rest !== "" && NAME_WORD.test(words[MAX_WORDS]!) && !neverAName(words[MAX_WORDS]!)) return null;
  return asWritten(name);
}

/**
 * The name a reply to the name question gives, or null when it gives none. `urgentWords`: the
 * business's urgent words, which are never a name ("Severe Swelling").
 *
 * @example nameAnswer("Maria Santos, I'm an existing patient") // "Maria Santos"
 * @example nameAnswer("it's for my son, luis santos") // "Luis Santos"
 * @example nameAnswer("Now the swelling is spreading to my eye") // null
 */
export function nameAnswer(reply: string, urgentWords: readonly string[] = []): string | null {
  const text = matchText(reply).text;
  const introduced = extractName(text, true);
  const candidates = introduced ? [introduced] : [];
  // A clause at a time: "My son, Luis Santos" gives its name in the second.
  for (const clause of text.split(/[,;:.!?\n()]+|\s+-\s+|\s+(?:and|but)\s+/i)) {
    const found = nameIn(clause);
    if (found) candidates.push(found);
  }
  return candidates.find((name) => findPhrases(name, urgentWords).length === 0) ?? null;
}
