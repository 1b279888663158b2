/**
 * What a text of qualification was (DESIGN.md §6.2): the line stores every one as kind `qualify`,
 * whether it asked a question, thanked the caller once everything was answered, or told them they
 * are outside the service area. The pages tell them apart by their words, read against the
 * business's wording: placeholders (`{business}`, `{bookingUrl}`…) match whatever they rendered as,
 * so a tracked link or a renamed business still matches, and what automation adds around them
 * (rules/first-reply.ts: who is writing, a question noted, how to stop) may be there. Pure: no I/O.
 */
import type { QualifySettings } from "../lead-settings";
import { QUESTION_NOTED } from "./first-reply";
import { OPT_OUT_LINE } from "./opt-out-wording";
import { sentencesOf } from "./template-render";

export type QualifyTextRole = "question" | "thanks" | "out_of_area";

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A placeholder as typed, known or not (an unknown one stays as typed, which a wildcard matches too). */
const PLACEHOLDER = /\{[A-Za-z_]+\}/;

/** Words in order with any spacing between them, anything where a placeholder stood. */
function wordsPattern(text: string): string {
  return text
    .split(new RegExp(PLACEHOLDER, "g"))
    .map((part) => part.trim().split(/\s+/).filter(Boolean).map(escaped).join("\\s+"))
    .join("[\\s\\S]*?");
}

/** What automation may put before the words (first-reply.ts): the business introduced, a question noted. */
const ADDED_BEFORE = `(?:This\\s+is\\s+[\\s\\S]+?\\.\\s+)?(?:${wordsPattern(QUESTION_NOTED)}\\s*)?`;
/** ...and after them: how to stop texts. */
const ADDED_AFTER = `(?:\\s*${wordsPattern(OPT_OUT_LINE)})?`;

/**
 * The message as a pattern. The renderer leaves out the sentence of an empty placeholder (a missing
 * booking link takes "Book here: {bookingUrl}" with it: rules/template-render.ts), so a sentence
 * with a placeholder may be missing; the others are always there, in order.
 */
function wording(template: string): RegExp {
  const lines = template.split(/\r?\n/).map((line) =>
    sentencesOf(line)
      .filter((sentence) => sentence.trim() !== "")
      .map((sentence) => (PLACEHOLDER.test(sentence) ? `(?:${wordsPattern(sentence)})?` : wordsPattern(sentence)))
      .join("\\s*"),
  );
  return new RegExp(`^\\s*${ADDED_BEFORE}${lines.join("\\s*")}${ADDED_AFTER}\\s*$`);
}

/**
 * Which of the business's qualification messages `body` is, or null when it reads as none of them
 * (the wording changed since it was sent).
 *
 * @example qualifyTextRole("Thanks, that's everything we need. Someone from Acme will call.", { doneMessage: "Thanks, that's everything we need. Someone from {business} will call.", … }) // "thanks"
 */
export function qualifyTextRole(body: string, qualify: Pick<QualifySettings, "questions" | "doneMessage" | "outOfAreaMessage">): QualifyTextRole | null {
  if (wording(qualify.doneMessage).test(body)) return "thanks";
  if (wording(qualify.outOfAreaMessage).test(body)) return "out_of_area";
  if (qualify.questions.some((q) => wording(q.ask).test(body))) return "question";
  return null;
}
