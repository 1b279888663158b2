/**
 * The words automation adds to what it texts a caller (DESIGN.md §6.2): to someone the line has not
 * texted before (they texted first), who is writing and how to stop, as a text-back says
 * (compliance.md §2.1); to a caller who asked something, that a person will answer it. Pure: no I/O.
 */
import { withOptOutWording } from "./opt-out-wording";

/** Said before the next question when the caller's text asked one of their own. */
export const QUESTION_NOTED = "Someone from our team will answer your question.";

/** The introduction's form, for reading texts back (rules/qualify-texts.ts). */
export const introWords = (business: string) => `This is ${business}.`;

/**
 * How a question starts when a caller types it without its "?" ("do you do car keys", "how much for
 * a rekey"): words that ask the business something. Not "can you come asap" alone: a request is no
 * question for a person to answer, but "can you make a key" asks whether they can.
 */
const QUESTION_START = new RegExp(
  String.raw`^(?:(?:do|does|did)\s+(?:you|u|ya|your|y'?all)|(?:are|r)\s+(?:you|u)|how\s+(?:much|many|long|soon|late|early|far)|` +
    String.raw`what\s+(?:do\s+(?:you|u)\s+charge|are\s+your|(?:is|'?s)\s+(?:the|your)\s+(?:price|cost|rate|fee|charge)s?)|what'?s\s+(?:the|your)\s+(?:price|cost|rate|fee|charge)s?|` +
    String.raw`(?:can|could|will|would)\s+(?:you|u)\s+(?!come\b|get\b|hurry\b|call\b|text\b|please\b|help\b|meet\b|send\b)|is\s+(?:it|there)\s+(?:possible|a|an|any)|any\s+chance)\b`,
  "i",
);

/**
 * Whether the text asks something a person has to answer: a sentence of two words or more ending
 * in "?" ("Do you take Delta Dental?"), not a bare "Hello?"; or one of three words or more that
 * starts as a question does, typed without its "?" ("do you do car keys").
 *
 * @example asksQuestion("Do you take Delta Dental? I'd like to book a cleaning") // true
 * @example asksQuestion("how much for a rekey") // true
 * @example asksQuestion("Hello?") // false
 */
export function asksQuestion(text: string): boolean {
  const questions = text.match(/[^.!?\n]+\?/g) ?? [];
  if (questions.some((q) => q.trim().split(/\s+/).length >= 2)) return true;
  const sentences = text.split(/[.!?\n,;]+/).map((s) => s.trim());
  return sentences.some((s) => s.split(/\s+/).length >= 3 && QUESTION_START.test(s.replace(/^(?:hi|hey|hello|ok|okay|so|and|also|um|yes|yeah|no)\b[\s,]*/i, "")));
}

/**
 * The caller's text from automation, with what it owes them: `questionNoted` says a person will
 * answer their question; `introduce` (the line's first text to them) names the business unless the
 * text already does, and adds how to stop unless it already says.
 *
 * @example automatedText("What's your name?", { business: "Bright Smiles", introduce: true, questionNoted: true })
 * // "This is Bright Smiles. Someone from our team will answer your question. What's your name?\nReply STOP to opt out."
 */
export function automatedText(body: string, opts: { business: string; introduce: boolean; questionNoted: boolean }): string {
  const noted = opts.questionNoted ? `${QUESTION_NOTED} ${body}` : body;
  if (!opts.introduce) return noted;
  const named = noted.toLowerCase().includes(opts.business.toLowerCase()) ? noted : `${introWords(opts.business)} ${noted}`;
  return withOptOutWording(named);
}
