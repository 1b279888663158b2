/**
 * Which caller the owner's unaddressed text is for, when it is not clear (DESIGN.md §6.6): two or
 * more different callers reached the owner's phone (a relay, a summary, a page) in the last 10
 * minutes. The text is held, never guessed, and the owner asked once; a number picks the caller.
 * Pure.
 */
import { formatPhone } from "./display";

/** Callers who reached the owner within this long make an unaddressed text ambiguous. */
export const REACH_WINDOW_MS = 10 * 60_000;
/** How long a held text waits for the owner's choice. */
export const HELD_REPLY_MS = 30 * 60_000;
/** The most callers the question offers (newest first). */
export const MAX_CHOICES = 5;

/** The owner's text held until they say which caller it is for: the callers offered, newest first. */
export interface HeldReply {
  text: string;
  at: number;
  choices: string[];
}

/**
 * The caller a reply to the question picks ("2": the second offered), or null when it picks none.
 *
 * @example chosenCaller("2", { text: "On our way", at: 0, choices: ["+14155550100", "+14155550101"] }) // "+14155550101"
 * @example chosenCaller("3", { text: "On our way", at: 0, choices: ["+14155550100", "+14155550101"] }) // null
 */
export function chosenCaller(body: string, held: HeldReply | null): string | null {
  const n = /^\s*#?([1-9])\s*[.!)]?\s*$/.exec(body)?.[1];
  return held && n ? (held.choices[Number(n) - 1] ?? null) : null;
}

/**
 * The question, each caller as the business's phones name them (`who`, newest first).
 *
 * @example whichCallerQuestion(["Maria G. (512) 555-0100", "(737) 555-0101"])
 * // "Textback: Which caller? Reply 1 for Maria G. (512) 555-0100, 2 for (737) 555-0101."
 */
export function whichCallerQuestion(who: readonly string[]): string {
  return `Textback: Which caller? Reply ${who.map((w, i) => `${i + 1} for ${w}`).join(", ")}.`;
}

/** The question before the callers' names are read: by their numbers. */
export const whichCallerByNumber = (callers: readonly string[]): string => whichCallerQuestion(callers.map(formatPhone));

const clip = (text: string) => {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
};

/**
 * What the answer to the owner's next text adds when it drops a held text (they wrote something
 * else instead of choosing).
 *
 * @example heldDroppedNote("On our way") // ' Your held reply "On our way" was not sent.'
 */
export const heldDroppedNote = (text: string): string => ` Your held reply "${clip(text)}" was not sent.`;

/**
 * An answer with that note after it, as its own sentence.
 *
 * @example withNote("Textback: Marked won $450: (415) 555-0100", heldDroppedNote("On our way"))
 * // 'Textback: Marked won $450: (415) 555-0100. Your held reply "On our way" was not sent.'
 */
export const withNote = (answer: string, note: string | undefined): string => (note ? `${answer}${/[.!?]$/.test(answer) ? "" : "."}${note}` : answer);

/** The same note alone, for a text that gets no answer of its own. */
export const heldDroppedText = (text: string): string => `Textback:${heldDroppedNote(text)}`;
