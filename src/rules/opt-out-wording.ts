/**
 * Whether a text tells its reader how to stop texts (compliance.md §2.1: the first message to a
 * recipient carries opt-out instructions, in plain words separated by spaces). Pure: no I/O.
 */
import { OPT_OUT_KEYWORDS } from "./keywords";

/** What the checker suggests, and what a text-back stored before the rule gets appended. */
export const OPT_OUT_LINE = "Reply STOP to opt out.";

// Only the English keywords: the instruction must name a word an English reader would send back.
// Every one of them opts out when it comes in (rules/keywords.ts).
const ENGLISH = OPT_OUT_KEYWORDS.filter((k) => !/^(ARRET|ARRETE|ARRETT|ALTO)$/.test(k)).join("|");
const QUOTE = `["'“”‘’]?`;

/** "Reply STOP", "reply with STOP", "Text "END"", "Txt STOP": a verb, then the keyword as its own word. */
const REPLY_WITH_KEYWORD = new RegExp(`\\b(?:reply|text|txt|send|respond)(?:\\s+(?:with|back))?\\s*:?\\s+${QUOTE}(?:${ENGLISH})${QUOTE}(?![\\w])`, "i");

/**
 * "STOP to end", "STOP to opt out", "END to cancel": the short-code style. The keyword must be in
 * capitals here, so prose ("we stop to end the day") does not pass for an instruction.
 */
const KEYWORD_TO_STOP = new RegExp(`(?<![\\w])${QUOTE}(?:${ENGLISH})${QUOTE}\\s+(?:to|for)\\s+(?:opt[\\s-]?out|end|stop|cancel|unsubscribe|quit)\\b`);

/**
 * True when the text says how to stop texts, in a form carriers accept. Run-together forms
 * ("STOP2END", "stop=end") are not accepted: carriers reject them (compliance.md §2.1).
 *
 * @example hasOptOutWording("Acme here. Reply STOP to opt out.") // true
 * @example hasOptOutWording("Acme here. Msg&data rates may apply. STOP to end") // true
 * @example hasOptOutWording("Acme here. Call us back!") // false
 */
export function hasOptOutWording(text: string): boolean {
  return REPLY_WITH_KEYWORD.test(text) || KEYWORD_TO_STOP.test(text);
}

/**
 * A text-back as sent: with the opt-out line appended when it has no opt-out wording. Saving such a
 * template is refused (rules/template-check.ts); this covers the ones stored before that rule.
 *
 * @example withOptOutWording("Acme here. Call us back!") // "Acme here. Call us back!\nReply STOP to opt out."
 */
export function withOptOutWording(text: string): string {
  return hasOptOutWording(text) ? text : `${text}\n${OPT_OUT_LINE}`;
}
