/**
 * `UNDO` (DESIGN.md §6.6, an addition): the sender's last shortcut (`W 450`, `L`, `B`, `BLOCK`)
 * taken back within 10 minutes: the lead's status and values as they were before it, and BLOCK's
 * tag off the caller's contact. What the shortcut stopped (held texts, escalation) stays stopped.
 * Pure: the line keeps the last shortcut of each of the business's phones, D1 decides whether the
 * lead is still as the shortcut left it.
 */
import type { LeadStatus } from "../vocabulary";
import { formatDollars } from "./amount";
import type { OwnerCommand } from "./owner-commands";

/** How long a shortcut can be taken back. */
export const UNDO_WINDOW_MS = 10 * 60_000;

/** A shortcut of one of the business's phones, as the line keeps it for UNDO. */
export interface LastShortcut {
  caller: string;
  /** The shortcut's own message id: its lead entry is `cmd:<causeId>`. */
  causeId: string;
  at: number;
  command: OwnerCommand;
}

/**
 * `UNDO`, alone or with a word that only points at the last one.
 *
 * @example isUndo("undo") // true
 * @example isUndo("Undo that!") // true
 * @example isUndo("undo the sink") // false
 */
export function isUndo(body: string): boolean {
  return /^\s*undo(?:\s+(?:that|it|last|the last one|pls|please))?\s*[.!]*\s*$/i.test(body);
}

/**
 * The shortcut an UNDO takes back: the sender's last, if it is recent enough and (when the UNDO
 * names a caller) on that caller; else null.
 *
 * @example undoable({ caller: "+14155550100", causeId: "in_1", at: 0, command: { kind: "booked" } }, 60_000, null)?.caller // "+14155550100"
 */
export function undoable(last: LastShortcut | null, now: number, named: string | null): LastShortcut | null {
  if (!last || now - last.at > UNDO_WINDOW_MS) return null;
  return named && named !== last.caller ? null : last;
}

/**
 * A shortcut as the owner reads it back: "won $450", "lost", "booked", "BLOCK".
 *
 * @example shortcutWords({ kind: "won", cents: 45_000 }) // "won $450"
 */
export function shortcutWords(command: OwnerCommand): string {
  if (command.kind === "won") return `won${command.cents !== null ? ` ${formatDollars(command.cents)}` : ""}`;
  return command.kind === "block" ? "BLOCK" : command.kind;
}

/** Nothing of the sender's to take back (none, or older than 10 minutes, or on another caller). */
export const NOTHING_TO_UNDO = "Textback: nothing to undo: no shortcut of yours in the last 10 minutes.";

/**
 * UNDO's answer when it took the shortcut back (`restored`: the lead's status again, when it
 * reopened or moved back; null when only BLOCK's tag came off).
 *
 * @example undoneAnswer({ kind: "won", cents: 9_500 }, "(415) 555-0100", "engaged")
 * // "Textback: Undone: won $95 for (415) 555-0100. Their lead is engaged again."
 */
export function undoneAnswer(command: OwnerCommand, caller: string, restored: LeadStatus | null): string {
  const lead = restored ? ` Their lead is ${restored} again.` : "";
  if (command.kind === "block") return `Textback: Undone: BLOCK for ${caller}. They are not blocked any more.${lead}`;
  return `Textback: Undone: ${shortcutWords(command)} for ${caller}.${lead}`;
}

/**
 * UNDO's answer when the lead is no longer as the shortcut left it (a person changed it since,
 * a booking came, or the shortcut found no open lead): nothing changed.
 */
export function nothingUndone(command: OwnerCommand, caller: string): string {
  return `Textback: Nothing undone: ${caller}'s lead is not as your ${shortcutWords(command)} left it (changed since, or it had none).`;
}
