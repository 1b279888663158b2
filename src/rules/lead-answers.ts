/**
 * A lead's answers as people read them (DESIGN.md §6.1, §6.2): each under the question the
 * business asks for it, in the order it asks them, then any other detail in a fixed order; and the
 * few words the leads list shows for a lead. Pure: no I/O.
 */
import type { Question } from "../lead-settings";

export interface LabelledAnswer {
  /** Where it is kept on the lead (`fields.<key>`). */
  key: string;
  /** What it is, in words: the question asked, else the key's own words. */
  label: string;
  value: string;
}

/** The keys the extractors understand, in the order a detail without a question is shown. */
const KEY_WORDS: Readonly<Record<string, string>> = {
  service: "Service",
  address: "Address",
  zip: "ZIP code",
  urgency: "Urgency",
  preferredTime: "Preferred time",
  name: "Name",
};
const KNOWN_KEYS = Object.keys(KEY_WORDS);

/** A courtesy before the question itself ("Thanks.", "Thank you!", "Great, and …"). */
const COURTESY = /^(?:(?:thanks|thank you|great|ok|okay|got it|perfect|sure)\b[.!,:;]*\s*)+(?:and\s+)?/i;

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The question as a label: what was asked, without the courtesy that leads into it.
 *
 * @example questionLabel("Thanks. What's the address of the job?") // "What's the address of the job?"
 * @example questionLabel("Thanks! And what's your name?") // "What's your name?"
 */
export function questionLabel(ask: string): string {
  const text = ask.replace(/\s+/g, " ").trim();
  const rest = text.replace(COURTESY, "");
  return rest ? capitalised(rest) : text;
}

/**
 * A detail's key in words: the understood keys by name, any other split at its capitals and `_`.
 *
 * @example keyLabel("preferredTime") // "Preferred time"
 * @example keyLabel("patient_status") // "Patient status"
 */
export function keyLabel(key: string): string {
  const known = KEY_WORDS[key];
  if (known) return known;
  const words = key
    .replace(/_+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return capitalised(words);
}

/** Keys without a question: the understood ones in their order, then the rest by name. */
function otherKeyOrder(a: string, b: string): number {
  const [ia, ib] = [KNOWN_KEYS.indexOf(a), KNOWN_KEYS.indexOf(b)];
  if (ia !== -1 || ib !== -1) return (ia === -1 ? KNOWN_KEYS.length : ia) - (ib === -1 ? KNOWN_KEYS.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A lead's answers, each under its label: first those the business asks, in its questions' order
 * and under the question's words, then the other details (an extracted ZIP, one a person added, a
 * question since removed) in a fixed order, whatever order they were stored in.
 *
 * @example labelledAnswers({ urgency: "urgent", service: "leak" }, [{ key: "service", ask: "What do you need help with?", required: true }])
 * // [{ key: "service", label: "What do you need help with?", value: "leak" }, { key: "urgency", label: "Urgency", value: "urgent" }]
 */
export function labelledAnswers(fields: Readonly<Record<string, string>>, questions: readonly Pick<Question, "key" | "ask">[]): LabelledAnswer[] {
  const asked = questions.filter((q) => Object.hasOwn(fields, q.key)).map((q) => ({ key: q.key, label: questionLabel(q.ask), value: fields[q.key]! }));
  const askedKeys = new Set(questions.map((q) => q.key));
  const others = Object.keys(fields)
    .filter((key) => !askedKeys.has(key))
    .sort(otherKeyOrder)
    .map((key) => ({ key, label: keyLabel(key), value: fields[key]! }));
  return [...asked, ...others];
}

/** The longest summary the leads list shows; more is cut at a word with "…". */
export const SUMMARY_MAX = 140;

/**
 * `text` on one line and at most `max` characters, cut at a word when one ends near the limit.
 *
 * @example truncateWords("Water everywhere in the basement", 20) // "Water everywhere in…"
 */
export function truncateWords(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  // Cut inside a word: back to the space before it, unless that throws away too much.
  const space = line[max - 1] === " " ? cut.length : cut.lastIndexOf(" ");
  return `${(space >= max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, "")}…`;
}

/**
 * What the leads list says a caller needs: their answers in the questions' order (the name is the
 * item's heading, and a ZIP its address already shows is left out), else (a business that asks
 * nothing, a caller who has not answered) their latest words, cut short; "" when there are neither.
 *
 * @example leadSummary({ service: "Leak", address: "12 Oak St 78701", zip: "78701" }, questions, null) // "Leak · 12 Oak St 78701"
 * @example leadSummary({}, [], "Can you come Tuesday?") // "Can you come Tuesday?"
 */
export function leadSummary(
  fields: Readonly<Record<string, string>>,
  questions: readonly Pick<Question, "key" | "ask">[],
  latestWords: string | null,
  max = SUMMARY_MAX,
): string {
  const answers = labelledAnswers(fields, questions)
    .filter((a) => a.key !== "name" && a.value.trim() !== "")
    .filter((a) => !(a.key === "zip" && fields.address?.includes(a.value)))
    .map((a) => a.value.trim());
  if (answers.length > 0) return truncateWords(answers.join(" · "), max);
  return latestWords ? truncateWords(latestWords, max) : "";
}

/** The longest need a conversation's row shows; more is cut at a word with "…". */
export const NEED_MAX = 100;

/**
 * What a caller needs and where, as a conversation's row says it: their service answer, cut short,
 * and the job's address (with its ZIP when the address lacks it, or the ZIP alone), unless the
 * service answer says it already; null for what is not known.
 *
 * @example leadNeed({ service: "Hail damage, need roof inspection", address: "4512 Lovers Ln", zip: "75209" })
 * // { need: "Hail damage, need roof inspection", address: "4512 Lovers Ln 75209" }
 */
export function leadNeed(fields: Readonly<Record<string, string>>, max = NEED_MAX): { need: string | null; address: string | null } {
  const service = fields.service?.trim();
  const street = fields.address?.replace(/\s+/g, " ").trim();
  const zip = fields.zip?.trim();
  const place = street ? (zip && !street.includes(zip) ? `${street} ${zip}` : street) : zip || null;
  const where = street || zip;
  const saidAlready = Boolean(service && where && service.toLowerCase().includes(where.toLowerCase()));
  return { need: service ? truncateWords(service, max) : null, address: saidAlready ? null : place };
}
