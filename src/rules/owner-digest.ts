/**
 * The flood guard for the informational texts Textback sends the owner's phone (a caller's reply
 * relayed, a new lead's summary, a lead closed, a caller's opt-out): after a storm of missed calls
 * they would make the phone unusable, so past a few in ten minutes the next ones are folded into
 * one digest that goes when the window ends. Pages, danger alerts and answers to the owner's own
 * texts never pass through here. Pure.
 */
import { truncateToSegments } from "./encoding";
import { RELAY_MAX_SEGMENTS } from "./outbound-guard";

/** Informational texts a phone gets directly in one window before the next ones are folded. */
export const FLOOD_LIMIT = 5;
/** The window they are counted in, and how long a digest holds what it folds. */
export const FLOOD_WINDOW_MS = 10 * 60_000;

/** The error code of a text folded into a digest (its error message: when the digest goes, in the business's clock). */
export const FOLDED_CODE = "digest";

/** Longest quote of a caller's words in a digest: enough to tell "skylight leaking" from "need quote". */
const QUOTE_CHARS = 40;

/**
 * When the phone's next informational text goes in a digest, or null to send it now: `sent`, when
 * the informational texts it got directly went (since its last digest, which starts a new count);
 * `digestDue`, when its digest already held goes (a text joins it, never overtakes it).
 *
 * @example foldUntil([1, 2, 3, 4, 5].map((s) => s * 1000), null, 6000) // 601_000
 * @example foldUntil([1000, 2000], null, 3000) // null
 */
export function foldUntil(sent: readonly number[], digestDue: number | null, now: number): number | null {
  if (digestDue !== null) return Math.max(digestDue, now);
  const recent = sent.filter((at) => at > now - FLOOD_WINDOW_MS && at <= now).sort((a, b) => a - b);
  if (recent.length < FLOOD_LIMIT) return null;
  return recent[0]! + FLOOD_WINDOW_MS;
}

/** One text a digest folded: whose it was, their words (null: none to quote, or kept off the business's phones). */
export interface FoldedText {
  caller: string;
  /** The caller as the owner's texts name them, "Maria G. (972) 555-0102" (rules/staff-texts.ts callerWho). */
  who: string;
  words: string | null;
}

interface DigestWords {
  /** When the first folded text came, in the business's clock ("3:05 PM"). */
  since: string;
  /** The admin inbox, where every folded text is. */
  inbox: string;
  /** The business keeps callers' words off its phones: who and how many, never words. */
  privateTexts: boolean;
}

/**
 * The digest: how many texts from how many callers since when, each caller once (their latest
 * words, how many texts), and the inbox. Cut to the relay's segment cap by whole callers, saying how
 * many were left out; the inbox link always stays.
 *
 * @example digestText([{ caller: "+12145550101", who: "(214) 555-0101", words: "skylight leaking" }], { since: "3:05 PM", inbox: "https://x/inbox", privateTexts: false })
 * // 'Textback: 1 more text from 1 caller since 3:05 PM: (214) 555-0101 "skylight leaking". Open the inbox: https://x/inbox'
 */
export function digestText(folded: readonly FoldedText[], w: DigestWords): string {
  const callers = byCaller(folded);
  const head = `Textback: ${plural(folded.length, "more text")} from ${plural(callers.length, "caller")} since ${w.since}: `;
  const tail = `. Open the inbox: ${w.inbox}`;
  const entries = callers.map((c) => callerEntry(c, w.privateTexts));
  for (let shown = entries.length; shown > 0; shown--) {
    const left = entries.length - shown;
    const body = head + entries.slice(0, shown).join("; ") + (left > 0 ? `; +${plural(left, "more caller")}` : "") + tail;
    if (truncateToSegments(body, RELAY_MAX_SEGMENTS) === body) return body;
  }
  return truncateToSegments(`${head}${entries.length} callers`, RELAY_MAX_SEGMENTS, tail);
}

interface CallerTexts {
  who: string;
  words: string | null;
  count: number;
}

/** Each caller once, in the order they first came, with their latest words and how many texts. */
function byCaller(folded: readonly FoldedText[]): CallerTexts[] {
  const seen = new Map<string, CallerTexts>();
  for (const f of folded) {
    const c = seen.get(f.caller) ?? { who: f.who, words: null, count: 0 };
    c.count += 1;
    if (f.words !== null && f.words.trim() !== "") c.words = f.words;
    c.who = f.who;
    seen.set(f.caller, c);
  }
  return [...seen.values()];
}

function callerEntry(c: CallerTexts, privateTexts: boolean): string {
  const quote = !privateTexts && c.words ? ` "${clip(c.words)}"` : "";
  return `${c.who}${quote}${c.count > 1 ? ` (x${c.count})` : ""}`;
}

function clip(words: string): string {
  const one = words.replace(/\s+/g, " ").trim().replace(/"/g, "'");
  // "..." rather than "…": one character outside GSM-7 would halve what the digest fits.
  return one.length <= QUOTE_CHARS ? one : `${one.slice(0, QUOTE_CHARS - 3).trimEnd()}...`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
