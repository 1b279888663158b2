/**
 * Which caller the owner's unaddressed text is for, when it is not clear (DESIGN.md §6.6). It is
 * clear when the owner dealt with one caller in the last 2 minutes (that caller's text reached
 * them, or they took that caller's page or texted them, with nobody else's text since), or when one
 * caller is left to offer. Otherwise, with two or more callers' texts in the last 10 minutes, the
 * text is held, never guessed, and the owner asked once (rules/choice-question.ts); a number picks
 * the caller. Blocked callers, closed leads and pages another phone took are never offered. Pure.
 */

/** Callers who reached the owner within this long make an unaddressed text ambiguous. */
export const REACH_WINDOW_MS = 10 * 60_000;
/** How long a held text waits for the owner's choice. */
export const HELD_REPLY_MS = 30 * 60_000;
/** A plain text this soon after the owner's last exchange with one caller goes to that caller. */
export const RECENT_MS = 2 * 60_000;
/** The most callers the question offers: three fit one segment with their hints. */
export const MAX_CHOICES = 3;

/** The owner's text held until they say which caller it is for: the callers offered, in the question's order, and how many more were left out of it. */
export interface HeldReply {
  text: string;
  at: number;
  choices: string[];
  /** Callers left out of the question (absent: none). */
  more?: number;
}

/** A caller and when: their text reached the owner, or the owner acted with them. */
export interface Reach {
  caller: string;
  at: number;
}

/**
 * The caller the owner dealt with alone in the last 2 minutes, if any: the owner's own last act
 * (`lastAct`: took their page, texted them, a shortcut on them) and every caller whose text reached
 * them since (`reached`: each caller's latest), one caller in all.
 *
 * @example clearCaller([{ caller: "+14155550100", at: 50_000 }], null, 60_000) // "+14155550100"
 * @example clearCaller([{ caller: "+14155550100", at: 50_000 }, { caller: "+14155550101", at: 55_000 }], null, 60_000) // null
 */
export function clearCaller(reached: readonly Reach[], lastAct: Reach | null, now: number): string | null {
  const act = lastAct && now - lastAct.at <= RECENT_MS ? lastAct : null;
  const since = act ? act.at : now - RECENT_MS;
  const callers = new Set([...(act ? [act.caller] : []), ...reached.filter((r) => r.at > since).map((r) => r.caller)]);
  return callers.size === 1 ? [...callers][0]! : null;
}

/**
 * The callers a question offers: at most three, the ones the owner heard from last, kept in the
 * given order (oldest first, so a caller keeps their number from one question to the next), and how
 * many were left out.
 *
 * @example pickChoices(["+1a", "+1b", "+1c", "+1d"], ["+1d", "+1a", "+1c", "+1b"]) // { choices: ["+1a", "+1c", "+1d"], more: 1 }
 */
export function pickChoices(oldestFirst: readonly string[], newestFirst: readonly string[]): { choices: string[]; more: number } {
  const kept = new Set(newestFirst.slice(0, MAX_CHOICES));
  const choices = oldestFirst.filter((c) => kept.has(c));
  return { choices, more: oldestFirst.length - choices.length };
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
