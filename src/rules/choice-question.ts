/**
 * The owner's question "Which caller?" (rules/owner-choice.ts) in words: each caller offered by
 * number with a short hint to tell them apart while driving (their name, else the first words of
 * their need or address), in one segment where it fits. Pure.
 */
import { countSegments, GSM7_BASIC_CHARS, toGsmSmart } from "./encoding";
import { shortName } from "./staff-texts";

/** The longest hint beside a caller's number. */
export const HINT_MAX = 20;

/** What the business knows of a caller offered in the question (db/caller-choices.ts). */
export interface ChoiceFacts {
  blocked: boolean;
  /** They had a lead and none is open: the job is over. */
  closed: boolean;
  name: string | null;
  service: string | null;
  address: string | null;
  /** Their newest text to the business. */
  said: string | null;
}

/** A caller as the question needs them: may they be offered, and the hint beside their number. */
export interface CallerChoice {
  offer: boolean;
  hint: string | null;
}

/** A choice as the question shows it: the number as the business's phones read it, and its hint. */
export interface Choice {
  phone: string;
  hint: string | null;
}

const GSM = new Set(GSM7_BASIC_CHARS);

/** Words without the punctuation they end on, but for an initial's point ("Maria G."). */
const tidy = (words: string) => (/(?:^|\s)\p{L}\.$/u.test(words) ? words : words.replace(/[\s,.;:!?-]+$/, "")) || null;

/** Words cut to `max` characters at a word's end, in characters every phone shows in one GSM-7 segment. */
function firstWords(text: string, max: number): string | null {
  const plain = [...toGsmSmart(text)].filter((ch) => GSM.has(ch)).join("").replace(/\s+/g, " ").trim();
  if (plain.length <= max) return tidy(plain);
  const cut = plain.slice(0, max + 1);
  const end = cut.lastIndexOf(" ");
  return tidy(end > 0 ? cut.slice(0, end) : plain.slice(0, max));
}

/**
 * The hint beside a caller's number: their short name (unless it is in characters GSM-7 lacks,
 * which would make the question UCS-2 and so two segments), else (not `privateTexts`, which keeps
 * callers' words off the business's phones) the first words of their service, address or newest
 * text; at most 20 characters.
 *
 * @example choiceHint({ name: null, service: "Water heater banging", address: null, said: null }, false) // "Water heater banging"
 * @example choiceHint({ name: "Maria Garcia", service: null, address: null, said: null }, true) // "Maria G."
 */
export function choiceHint(facts: Pick<ChoiceFacts, "name" | "service" | "address" | "said">, privateTexts: boolean): string | null {
  const name = shortName(facts.name);
  if (name && [...name].every((ch) => GSM.has(ch))) return firstWords(name, HINT_MAX);
  if (privateTexts) return null;
  for (const words of [facts.service, facts.address, facts.said]) {
    const hint = words ? firstWords(words, HINT_MAX) : null;
    if (hint) return hint;
  }
  return null;
}

/**
 * Whether a caller may be offered, and their hint: not a blocked caller, not one whose lead is
 * closed, not one whose urgent page another phone took (`takenByOther`). With no facts read
 * (a caller who reached the owner while D1 was read), offered by number.
 */
export function callerChoice(facts: ChoiceFacts | undefined, takenByOther: boolean, privateTexts: boolean): CallerChoice {
  if (!facts) return { offer: !takenByOther, hint: null };
  return { offer: !facts.blocked && !facts.closed && !takenByOther, hint: choiceHint(facts, privateTexts) };
}

const label = (c: Choice, max: number) => {
  const hint = c.hint && max > 0 ? firstWords(c.hint, max) : null;
  return hint ? `${hint} ${c.phone}` : c.phone;
};

const render = (choices: readonly Choice[], max: number, tail: string) =>
  `Textback: Which caller? Reply ${choices.map((c, i) => `${i + 1} for ${label(c, max)}`).join(", ")}.${tail}`;

/**
 * The question, each caller by hint and number in the order offered; `more` callers left out are
 * to be named by number. Hints are shortened until the question fits one segment, and left out
 * when even the numbers alone do not fit.
 *
 * @example whichCallerQuestion([{ phone: "(512) 555-0100", hint: "Maria G." }, { phone: "(737) 555-0101", hint: null }])
 * // "Textback: Which caller? Reply 1 for Maria G. (512) 555-0100, 2 for (737) 555-0101."
 */
export function whichCallerQuestion(choices: readonly Choice[], more = 0): string {
  const tail = more > 0 ? ` ${more} more: put their number first.` : "";
  for (let max = HINT_MAX; max > 0; max -= 2) {
    const question = render(choices, max, tail);
    if (countSegments(question).segments === 1) return question;
  }
  return render(choices, 0, tail);
}
