/**
 * The owner's SMS shortcuts (DESIGN.md §6.6), texted to the business number from `notifyPhone`:
 * alone they act on the lead of the caller the owner dealt with last; after a caller's number
 * ("+14155552671 W 450") on that caller's. A text that only looks like one is not sent
 * (rules/shortcut-like.ts); anything else is an answer to the caller. Pure: no I/O.
 */
import type { PresetId } from "../presets";
import { wonWhen } from "./business-kind";
import type { LostReason } from "../vocabulary";
import { formatDollars, parseDollars } from "./amount";
import { closedLeadAnswer, LOST_REASON_WORDS, type ClosedLead } from "./lost-reason";

export type OwnerCommand =
  | { kind: "won"; cents: number | null }
  | { kind: "lost"; reason: LostReason | null; note: string | null }
  | { kind: "booked" }
  | { kind: "block" };

/** `W 12,34`: a won shortcut whose amount cannot be read one way. Asked again; nothing changes. */
export interface UnclearAmount {
  kind: "unclear_amount";
  typed: string;
}

/**
 * `W 450`, `WON $1,250.50`, `w`, `PAID 150` (paid is won); `L` / `LOST`; `B` / `BOOKED`; `BLOCK`:
 * the whole text, any case, trailing punctuation ignored.
 */
const COMMAND = /^\s*(w|won|paid|l|lost|b|booked|block)(?:\s+(.+?))?\s*[.!]*\s*$/i;

/** An amount typed against its word, as a thumb does: `W95`, `won$150`, `L95`. */
const GLUED = /^(\s*(?:w|won|paid|l|lost|b|booked))(?=\$?\d)/i;

/**
 * The text with an amount glued to its shortcut's word spaced out (`W95` is `W 95`).
 *
 * @example spacedShortcut("W95") // "W 95"
 */
export const spacedShortcut = (body: string): string => body.replace(GLUED, "$1 ");

/** What follows W when the owner meant an amount: figures, `$`, separators, maybe a `k`; no words. */
const AMOUNT_LIKE = /^[$\d.][\d$.,\s]*k?$/i;

/** An amount, then a few words about it (`150 cash`, `$1,200 by check`): no more figures after it. */
const AMOUNT_THEN_WORDS = /^(\$?\s*\d[\d,.]*k?)\s+([^\d]+)$/i;

/** Words after a won amount that still leave it a note to the owner, not a sentence to a caller. */
const MAX_NOTE_WORDS = 4;

/** `L price`, `LOST no response`, `L area`, `L other went with a cheaper quote`: why, in the owner's words. */
const LOST_WITH_REASON = /^\s*(?:l|lost)\s*[:,-]?\s+(.+?)\s*[.!]*\s*$/i;

const REASON_WORDS: readonly [RegExp, LostReason][] = [
  [/^(?:price|too expensive|expensive|cost)$/i, "price"],
  [/^(?:no response|no reply|no answer|ghosted|nr)$/i, "no_response"],
  [/^(?:area|out of area|outside (?:the )?area|too far)$/i, "out_of_area"],
];

/**
 * A lost shortcut with its reason, or null when the words after L name none (so "lost my keys"
 * reaches the caller). `other` takes whatever follows it as the note.
 */
function lostWithReason(body: string): OwnerCommand | null {
  const words = LOST_WITH_REASON.exec(body)?.[1];
  if (!words) return null;
  const other = /^other\b[\s:,-]*(.*)$/is.exec(words);
  if (other) return { kind: "lost", reason: "other", note: other[1]!.trim().slice(0, 500) || null };
  const hit = REASON_WORDS.find(([re]) => re.test(words));
  return hit ? { kind: "lost", reason: hit[1], note: null } : null;
}

/**
 * The shortcut a text is, or null for an ordinary answer to the caller. An amount goes only with
 * won ("L 450" is not a shortcut, so it reaches the caller rather than being half-understood); an
 * amount that cannot be read one way (`W 12,34`, `W 1.200`, `W 2k`) is asked again, never guessed
 * and never sent to the caller.
 *
 * `W`, `WON` or `PAID` then an amount is won whatever few words follow the amount (`Won 150
 * cash`); an amount glued to its word is read as if spaced (`W95`).
 *
 * @example parseOwnerCommand("W $1,200") // { kind: "won", cents: 120000 }
 * @example parseOwnerCommand("paid 150 cash") // { kind: "won", cents: 15000 }
 * @example parseOwnerCommand("W 12,34") // { kind: "unclear_amount", typed: "12,34" }
 * @example parseOwnerCommand("L price") // { kind: "lost", reason: "price", note: null }
 * @example parseOwnerCommand("Will be there at 4") // null
 */
export function parseOwnerCommand(body: string): OwnerCommand | UnclearAmount | null {
  const m = COMMAND.exec(spacedShortcut(body));
  if (!m) return lostWithReason(body);
  const word = m[1]!.toLowerCase();
  const rest = m[2];
  if (word === "w" || word === "won" || word === "paid") return wonWith(rest);
  if (rest !== undefined) return lostWithReason(body);
  if (word === "l" || word === "lost") return { kind: "lost", reason: null, note: null };
  if (word === "b" || word === "booked") return { kind: "booked" };
  return { kind: "block" };
}

/** Won with what follows the word: nothing, an amount, or an amount and a few words; else no shortcut. */
function wonWith(rest: string | undefined): OwnerCommand | UnclearAmount | null {
  if (rest === undefined) return { kind: "won", cents: null };
  const noted = AMOUNT_THEN_WORDS.exec(rest);
  const typed = AMOUNT_LIKE.test(rest) ? rest : noted && noted[2]!.trim().split(/\s+/).length <= MAX_NOTE_WORDS ? noted[1]!.trim() : null;
  if (typed === null) return null;
  const cents = parseDollars(typed);
  return cents === null ? { kind: "unclear_amount", typed: typed.slice(0, 20) } : { kind: "won", cents };
}

/**
 * Whose lead an owner's shortcut acts on: the caller it names ("+14155552671 W 450"), else the
 * caller the owner dealt with last (whose text was relayed or paged to them, or whom they
 * answered, whichever came later: the line keeps that one as `ownerLastCaller`). A line that has
 * not recorded it yet falls back on the newest relay, as before.
 */
export function shortcutTarget(s: { named: string | null; ownerLastCaller: string | null; lastRelayedCaller: string | null }): string | null {
  return s.named ?? s.ownerLastCaller ?? s.lastRelayedCaller;
}

/** "(415) 234-5630, Maria": the caller as the owner knows them, so a wrong target shows at once. */
export function callerLabel(phone: string, name: string | null): string {
  const known = name?.replace(/\s+/g, " ").trim().slice(0, 40);
  return known ? `${phone}, ${known}` : phone;
}

/**
 * The one short answer to a shortcut: what happened and to whom (`caller`: callerLabel). `applied`:
 * the caller had an open lead; BLOCK blocks them without one too. Without one, `closed` (their
 * newest lead, closed) says how and when it closed, and where to reopen it.
 */
export function commandConfirmation(command: OwnerCommand, caller: string, applied: boolean, kind: PresetId | null = null, closed: ClosedLead | null = null): string {
  if (!applied && command.kind === "block") return `Textback: Blocked: ${caller}. No more texts to them.`;
  if (!applied) return closed ? closedLeadAnswer(caller, closed) : `Textback: Nothing changed, ${caller} has no open lead.`;
  switch (command.kind) {
    case "won":
      return `Textback: Marked won${command.cents !== null ? ` ${formatDollars(command.cents)}` : ""}: ${caller}`;
    case "lost":
      return `Textback: Marked lost${command.reason ? ` (${LOST_REASON_WORDS[command.reason]})` : ""}: ${caller}`;
    case "booked":
      return `Textback: Marked booked: ${caller}. Reply W and the amount ${wonWhen(kind)}.`;
    case "block":
      return `Textback: Blocked: ${caller}. No more texts to them, and their lead is closed.`;
  }
}

/**
 * A won amount that could be read two ways: nothing is marked, and the owner is asked again, with
 * the caller's number in the example, so the answer goes to this caller even if another's text came
 * between (a bare W goes to whoever the owner dealt with last).
 */
export function unclearAmountQuestion(typed: string, caller: string, phone: string): string {
  return `Textback: Nothing marked for ${caller}: which amount is "${typed}"? Reply with the number and the amount again, like ${phone} W 1200 or ${phone} W 1,200.50`;
}

/**
 * A shortcut alone before any caller's text reached the sender (for an on-call person: before any
 * page): it names nobody.
 */
export function noTargetAnswer(onCall: boolean): string {
  return `Textback: Nothing marked: no ${onCall ? "page" : "caller"} to apply it to yet. Put their number first, like +14155552671 W 450`;
}

/** An on-call person's answer with no page to refer to: said, so they are not left waiting on a reply. */
export const NO_PAGE_ANSWER = "Textback: no page to answer yet. Your texts here go to the caller you were last paged about, or put their number first: +14155552671 On my way";

/** An on-call person's OK once their page is closed (taken by anyone, or a day old): never an answer to the caller. */
export function pageTakenAnswer(caller: string): string {
  return `Textback: nothing to take: the page for ${caller} is no longer open (taken, or over a day old).`;
}

