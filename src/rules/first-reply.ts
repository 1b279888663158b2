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
 * Whether the text asks something a person has to answer: a sentence of two words or more ending
 * in "?" ("Do you take Delta Dental?"), not a bare "Hello?".
 *
 * @example asksQuestion("Do you take Delta Dental? I'd like to book a cleaning") // true
 * @example asksQuestion("Hello?") // false
 */
export function asksQuestion(text: string): boolean {
  const questions = text.match(/[^.!?\n]+\?/g) ?? [];
  return questions.some((q) => q.trim().split(/\s+/).length >= 2);
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
