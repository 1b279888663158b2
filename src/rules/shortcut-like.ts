/**
 * Texts from the business's phones that look like a shortcut but are not one the owner could mean
 * one way (`booked tmrw 10am`, `L 450`, `block him`, a bare `ok` with no page open): never sent to
 * a caller as a text from the business. The owner is told why, what the shortcut would do, and how
 * to send the text as written anyway (`SEND` before it). Pure.
 */
import { countSegments } from "./encoding";
import { parseOwnerCommand, spacedShortcut } from "./owner-commands";
import { isUndo } from "./owner-undo";
import { isAcknowledgement, isTakeAll } from "./triage";

/** Which shortcut a text looks like (`amount`: an amount after a shortcut that takes none). */
export type NearMiss = "won" | "lost" | "booked" | "block" | "undo" | "amount" | "ok" | "choice";

const WORDS: Readonly<Record<string, NearMiss>> = { w: "won", won: "won", paid: "won", l: "lost", lost: "lost", b: "booked", booked: "booked", block: "block", undo: "undo" };

/** A shortcut's word followed by more than this many words is a sentence, not a slip. */
const MAX_WORDS_AFTER = 6;

/** Words that make a text a sentence to someone ("Booked you for Friday", "Lost my keys"), not a note to Textback. */
const PERSONAL = new Set(
  "i i'm im i'll i've i'd me my we we're we'll we've us our you your you're youre you'll u ur ya he she his her he's she's they they're their".split(" "),
);

const AMOUNT = /^\$?\d[\d,.]*k?$/i;

/**
 * The shortcut a text looks like without being one (so null for a shortcut, or UNDO), or null for
 * an answer to the caller. A bare
 * `ok` (`addressed`: a caller's number came first, when `+1… ok` is an answer to them) or a bare
 * number is never an answer. A question, or a sentence with I / you / my… in it, is one.
 *
 * @example nearMiss("booked tmrw 10am", false) // "booked"
 * @example nearMiss("Booked you for Friday at 9", false) // null
 * @example nearMiss("L 450", false) // "amount"
 * @example nearMiss("ok", false) // "ok"
 */
export function nearMiss(text: string, addressed: boolean): NearMiss | null {
  if (parseOwnerCommand(text) !== null || isUndo(text)) return null;
  const body = spacedShortcut(text).trim();
  if (!addressed && /^#?\d{1,2}\s*[.!)]?$/.test(body)) return "choice";
  if (!addressed && /^(?:ok|okay|k)\s*[.!]*$/i.test(body)) return "ok";
  if (body.includes("?")) return null;
  const words = body.toLowerCase().replace(/[’‘]/g, "'").split(/\s+/).map((w) => w.replace(/^[^\w$']+|[^\w$']+$/g, ""));
  const [first, ...rest] = words;
  const miss = first !== undefined ? WORDS[first] : undefined;
  if (!miss || rest.length === 0 || rest.length > MAX_WORDS_AFTER || rest.some((w) => PERSONAL.has(w))) return null;
  return (miss === "lost" || miss === "booked") && AMOUNT.test(rest[0]!) ? "amount" : miss;
}

/** What the shortcut would have done, said in the answer. */
const WOULD: Readonly<Record<NearMiss, string>> = {
  won: "W and the amount marks it won, like W 450.",
  amount: "Only W takes an amount, like W 450.",
  lost: "L alone marks it lost; L price, L area or L other and why give a reason.",
  booked: "B alone marks it booked.",
  block: "BLOCK alone blocks them.",
  undo: "UNDO alone takes back your last shortcut.",
  ok: "OK takes an urgent page, and none is open.",
  choice: "A number answers Which caller?, and none is waiting.",
};

const clip = (text: string, max: number) => {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
};

/**
 * The answer to a text not sent: what it looks like, what the shortcut does, and how to send it
 * to `caller` (as the business's phones read them; null: nobody yet) as written. One segment when
 * the text is short; a longer one is not repeated back whole.
 *
 * @example notSentAnswer("booked tmrw 10am", "booked", "(415) 555-0100")
 * // 'Textback: Not sent: "booked tmrw 10am" looks like a shortcut. B alone marks it booked. To text it to (415) 555-0100, reply SEND booked tmrw 10am'
 */
export function notSentAnswer(text: string, miss: NearMiss, caller: string | null): string {
  const head = `Textback: Not sent: "${clip(text, 40)}" looks like a shortcut. ${WOULD[miss]}`;
  if (!caller) return `${head} To text it to a caller, reply their number, SEND and the text.`;
  const full = `${head} To text it to ${caller}, reply SEND ${text.replace(/\s+/g, " ").trim()}`;
  const { segments, encoding } = countSegments(full);
  return segments === 1 && encoding === "GSM-7" ? full : `${head} To text it to ${caller}, reply SEND and the text.`;
}

/**
 * The text to send as written when the sender put `SEND` before it, or null when it is no such
 * text. `SEND:` always is; `SEND` alone only before a text that would not be sent otherwise (a
 * shortcut, one that looks like one, an OK), so "Send me a photo of the lock" stays whole.
 *
 * @example sendAsWritten("SEND ok") // "ok"
 * @example sendAsWritten("send: W 450 tomorrow") // "W 450 tomorrow"
 * @example sendAsWritten("Send me a photo") // null
 */
export function sendAsWritten(body: string): string | null {
  const m = /^\s*send\s*(:)?\s*([\s\S]+)$/i.exec(body);
  if (!m) return null;
  const rest = m[2]!.trim();
  if (m[1]) return rest || null;
  const held = parseOwnerCommand(rest) !== null || isUndo(rest) || nearMiss(rest, false) !== null || isAcknowledgement(rest) || isTakeAll(rest);
  return held ? rest : null;
}
