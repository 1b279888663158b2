/**
 * What a reply answers of the question it was asked (DESIGN.md §6.2). A question whose answer has a
 * shape (a name, an address, a ZIP, how urgent, a time) takes what in the reply has that shape, never
 * the whole sentence around it ("Maria Santos, I'm an existing patient" names Maria Santos); a reply
 * in which nothing has it ("Now the swelling is spreading to my eye" to the name question) answers
 * nothing, and the question stays open. Any other question takes the reply as written. Pure: no I/O.
 */
import { asksQuestion } from "./first-reply";
import { extractAddress, extractZip } from "./extract/address";
import { nameAnswer } from "./extract/name-answer";
import { patientStatusAnswer } from "./extract/patient-status";
import { serviceAnswer } from "./extract/service-answer";
import { extractTimePhrase } from "./extract/time-phrase";
import { timeUrgency } from "./extract/time-urgency";
import { classifyUrgency, findPhrases } from "./extract/urgency";

const MAX_ANSWER = 300;
export const clean = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, MAX_ANSWER);

/**
 * Most words of a reply taken as written when no address or time is found in it ("the blue house
 * past the church", "mornings are best"): longer, it is a story, not the answer.
 */
const AS_WRITTEN_WORDS: Readonly<Record<string, number>> = { address: 12, preferredTime: 8 };

/** The reply as written, when it can be the answer: short, no question of its own, no emergency in it. */
function asWritten(reply: string, maxWords: number, urgentWords: readonly string[]): string | null {
  const text = clean(reply);
  if (text === "" || asksQuestion(text) || text.split(" ").length > maxWords) return null;
  return findPhrases(text, urgentWords).length === 0 ? text : null;
}

/**
 * The reply as the answer to question `key`, read the way that question is meant; null when it does
 * not answer it (a first reply that only greets, says who is writing and whether they are a patient
 * leaves the service question open; a name question answered with a complaint leaves it open).
 *
 * @example answerTo("name", "Maria Santos, I'm an existing patient", []) // "Maria Santos"
 * @example answerTo("name", "Now the swelling is spreading to my eye", []) // null
 * @example answerTo("preferredTime", "after 5pm works best", []) // "after 5pm"
 * @example answerTo("urgency", "tomorrow morning if possible", [], "How urgent is it?") // "this week"
 */
export function answerTo(key: string, reply: string, urgentWords: readonly string[], ask = ""): string | null {
  switch (key) {
    case "service": {
      const service = serviceAnswer(reply);
      return service === null ? null : clean(service);
    }
    case "name":
      return nameAnswer(reply, urgentWords);
    case "zip":
      return extractZip(reply);
    case "address":
      return extractAddress(reply) ?? asWritten(reply, AS_WRITTEN_WORDS.address!, urgentWords);
    case "preferredTime":
      return extractTimePhrase(reply) ?? asWritten(reply, AS_WRITTEN_WORDS.preferredTime!, urgentWords);
    // "yes existing" is stored as the lead's list shows every other answer: "Existing patient".
    case "patientStatus":
      return patientStatusAnswer(reply) ?? (clean(reply) || null);
    case "urgency":
      return urgencyAnswer(reply, urgentWords, ask);
    default:
      return clean(reply) || null;
  }
}

/**
 * Whether the urgency question asks for a date ("Is there a court date or deadline? If so, when?"):
 * then a day in the answer is the deadline, kept as written, and no time to call.
 *
 * @example asksForDate("Is there a court date or deadline coming up? If so, when?") // true
 * @example asksForDate("How urgent is it: an emergency, this week, or no rush?") // false
 */
export function asksForDate(ask: string): boolean {
  return /\b(?:when|dates?|deadlines?|what day|which day|by what)\b/i.test(ask);
}

/**
 * The answer to "how urgent is it?": an emergency or a word that says soon is `urgent`, "no rush"
 * `not urgent`, a time read as the level it says ("tomorrow" → `this week`: time-urgency.ts) unless
 * the question asks for a date; otherwise the reply as written ("before the adjuster comes").
 */
function urgencyAnswer(reply: string, urgentWords: readonly string[], ask: string): string | null {
  const { level } = classifyUrgency(reply, urgentWords);
  if (level) return level === "urgent" ? "urgent" : "not urgent";
  const timed = asksForDate(ask) ? null : timeUrgency(reply)?.level;
  if (timed) return timed;
  // "Is there a court date or deadline coming up? If so, when?" is answered in a sentence: it is the answer.
  return asksQuestion(reply) ? null : clean(reply) || null;
}
