/**
 * The owner's SMS shortcuts (DESIGN.md §6.6), texted to the business number from `notifyPhone`:
 * they act on the lead of the newest relay that phone received. Anything else is an answer to the
 * caller, as before. Pure: no I/O.
 */
import type { LostReason } from "../vocabulary";

export type OwnerCommand =
  | { kind: "won"; cents: number | null }
  | { kind: "lost"; reason: LostReason | null; note: string | null }
  | { kind: "booked" }
  | { kind: "block" };

/** `W 450`, `WON $1,250.50`, `w`; `L` / `LOST`; `B` / `BOOKED`; `BLOCK`: the whole text, any case, trailing punctuation ignored. */
const COMMAND = /^\s*(w|won|l|lost|b|booked|block)(?:\s+\$?\s*(\d{1,3}(?:,\d{3})+|\d{1,7})(?:\.(\d{1,2}))?)?\s*[.!]*\s*$/i;

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
 * won ("L 450" is not a shortcut, so it reaches the caller rather than being half-understood).
 *
 * @example parseOwnerCommand("W 450") // { kind: "won", cents: 45000 }
 * @example parseOwnerCommand("lost") // { kind: "lost", reason: null, note: null }
 * @example parseOwnerCommand("L price") // { kind: "lost", reason: "price", note: null }
 * @example parseOwnerCommand("Will be there at 4") // null
 */
export function parseOwnerCommand(body: string): OwnerCommand | null {
  const m = COMMAND.exec(body);
  if (!m) return lostWithReason(body);
  const word = m[1]!.toLowerCase();
  const dollars = m[2];
  if (word === "w" || word === "won") {
    const cents = dollars === undefined ? null : Number(dollars.replace(/,/g, "")) * 100 + Number((m[3] ?? "").padEnd(2, "0") || 0);
    return { kind: "won", cents };
  }
  if (dollars !== undefined) return null;
  if (word === "l" || word === "lost") return { kind: "lost", reason: null, note: null };
  if (word === "b" || word === "booked") return { kind: "booked" };
  return { kind: "block" };
}

/** The one short answer to a shortcut: what happened, to whom, and how to undo it. */
export function commandConfirmation(command: OwnerCommand, caller: string, applied: boolean): string {
  if (!applied) return `Textback: ${caller} has no open lead, so nothing changed.`;
  switch (command.kind) {
    case "won":
      return `Textback: won${command.cents !== null ? ` $${(command.cents / 100).toFixed(2)}` : ""} for ${caller}. Reply L if that was a mistake.`;
    case "lost":
      return `Textback: ${caller} marked lost${command.reason ? ` (${LOST_WORDS[command.reason]})` : ""}.`;
    case "booked":
      return `Textback: ${caller} marked booked. Reply W and the amount when the job is won.`;
    case "block":
      return `Textback: ${caller} is blocked: no more texts to them, and their lead is closed.`;
  }
}

/** A lost reason in the owner's words. */
const LOST_WORDS: Record<LostReason, string> = { out_of_area: "out of area", no_response: "no response", price: "price", other: "other", blocked: "blocked" };
