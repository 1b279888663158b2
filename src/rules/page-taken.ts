/**
 * What an `OK` to a page answers when it takes nothing (DESIGN.md §6.3): someone took the page
 * first (by text, or on the admin page), or the lead was closed meanwhile. Pure.
 */
import { formatPhone, personWords } from "./display";

/** The caller's newest lead as the answer reads it: who took its page and when, and whether it is closed. */
export interface TakenState {
  by: string | null;
  at: number | null;
  closed: boolean;
}

/**
 * The answer to an OK that came after the page was taken or the lead closed; `time` writes a time
 * as the owner's texts do.
 *
 * @example takenAlreadyText("+14155550100", { by: "Carla", at: 0, closed: false }, () => "3:05 PM")
 * // "Textback: Carla already took the page for (415) 555-0100, at 3:05 PM. Nothing to do."
 */
export function takenAlreadyText(caller: string, lead: TakenState | null, time: (at: number) => string): string {
  const phone = formatPhone(caller);
  if (lead?.at != null) return `Textback: ${lead.by ? personWords(lead.by) : "someone"} already took the page for ${phone}, at ${time(lead.at)}. Nothing to do.`;
  if (lead?.closed) return `Textback: the page for ${phone} is over: their lead is closed. Nothing to do.`;
  return `Textback: someone already took the page for ${phone}. Nothing to do.`;
}

/**
 * What an OK's answer adds when the person still has another page open: the newest of them, and
 * how to take it ("reply OK" when a bare OK would: it is their newest page; else its number).
 * Empty with none open.
 *
 * @example stillOpenWords(["+14155550100"], "+14155550100") // " Still open: the page for (415) 555-0100, reply OK to take it."
 */
export function stillOpenWords(open: readonly string[], newest: string | null): string {
  const [first, ...more] = open;
  if (!first) return "";
  const others = more.length > 0 ? ` and ${more.length} more` : "";
  const all = more.length > 0 ? `, or OK all to take all ${open.length}` : "";
  return ` Still open: the page for ${formatPhone(first)}${others}, reply ${first === newest ? "OK" : `${first} OK`} to take it${all}.`;
}

/** How an `OK all` turned out, each caller as the business's phones name them ("Maria G. (512) 555-0100"). */
export interface TakeAllOutcome {
  /** The pages it took, newest first. */
  took: string[];
  /** Pages someone else took first: the caller and who took it (as stored: "Sam (+17372345601)", a phone, a name; null: unknown). */
  takenBy: { caller: string; by: string | null }[];
  /** Pages whose lead closed before anyone took them. */
  over: string[];
}

/**
 * The one answer to an `OK all` (`name`: the on-call person's, for the thanks): each caller it
 * took, then whose page someone else held already and who, then the pages that are over.
 *
 * @example takeAllText({ took: ["(415) 555-0100", "Maria G. (512) 555-0101"], takenBy: [{ caller: "(415) 555-0102", by: "Carla" }], over: [] }, "Sam")
 * // "Textback: thanks Sam, took 2 pages: (415) 555-0100, Maria G. (512) 555-0101. Call them now. Already taken: (415) 555-0102 by Carla."
 */
export function takeAllText(outcome: TakeAllOutcome, name: string | null): string {
  const { took, takenBy, over } = outcome;
  const head = took.length > 0 ? `Textback: thanks${name ? ` ${name}` : ""}, took ${took.length} page${took.length === 1 ? "" : "s"}: ${took.join(", ")}. Call them now.` : NO_PAGE_OPEN;
  const others = takenBy.length > 0 ? ` Already taken: ${takenBy.map((t) => `${t.caller} by ${t.by ? personWords(t.by) : "someone"}`).join("; ")}.` : "";
  const closed = over.length > 0 ? ` Over, their lead is closed: ${over.join(", ")}.` : "";
  return head + others + closed;
}

/** An `OK all` with no page of the sender's left open. */
export const NO_PAGE_OPEN = "Textback: no page open to take.";

/**
 * How an on-call person who just answered a caller takes a page they still have open: that
 * caller's, else their newest open one; empty with none open (an answer takes no page).
 *
 * @example takePageHint("+14155550100", ["+14155550100"], "+14155550100") // " To take the page, reply just OK."
 */
export function takePageHint(to: string, open: readonly string[], newest: string | null): string {
  const which = open.includes(to) ? to : open[0];
  if (!which) return "";
  return ` To take the page${which === to ? "" : ` for ${formatPhone(which)}`}, reply ${which === newest ? "just OK" : `${which} OK`}.`;
}

/**
 * Whom a page just taken is told of: everyone paged about the caller's emergency before, once each,
 * except whoever took it (`taker`: their phone, null on the admin page) and a phone that texted STOP.
 *
 * @example tookPageTo(["+15125550101", "+15125550102", "+15125550101"], "+15125550102", []) // ["+15125550101"]
 */
export function tookPageTo(paged: readonly string[], taker: string | null, paused: readonly string[]): string[] {
  return [...new Set(paged)].filter((phone) => phone !== taker && !paused.includes(phone));
}

/**
 * What they are told (`by`: who took it, as their page would name them).
 *
 * @example tookPageText("+16122347003", "Lee") // "Textback: Lee took the page for (612) 234-7003. Nothing to do."
 */
export function tookPageText(caller: string, by: string): string {
  return `Textback: ${by} took the page for ${formatPhone(caller)}. Nothing to do.`;
}
