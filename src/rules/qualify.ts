/**
 * Qualification by text (DESIGN.md §6.2): what a caller's reply answers, and what to ask next.
 * One reply may answer several questions (the extractors find an address, a ZIP, urgency, a time,
 * a name introduced, a patient's standing and a service asked for anywhere in it); the reply answers
 * the question it was asked, except the service question, which takes only what is left once the
 * greeting, the name and the patient's standing are out (nothing left: it is asked next). A name
 * introduced names the lead even when no question asks for it. Pure: no I/O.
 */
import type { Question, QualifySettings } from "../lead-settings";
import { addressCorrection } from "./extract/address-fix";
import { extractAddress, extractZip } from "./extract/address";
import { extractName } from "./extract/name";
import { extractPatientStatus } from "./extract/patient-status";
import { extractService } from "./extract/service";
import { serviceAnswer } from "./extract/service-answer";
import { extractCallTime } from "./extract/time-phrase";
import { classifyUrgency } from "./extract/urgency";
import { answerTo, asksForDate } from "./question-answer";
import { timeUrgency } from "./extract/time-urgency";
import type { PresetId } from "../presets";
import { shortcutReminder } from "./business-kind";
import { keyLabel, labelledAnswers } from "./lead-answers";
import { matchText } from "./match-text";

export interface QualifyInput {
  qualify: QualifySettings;
  urgentWords: readonly string[];
  /** Answers the lead has already (from earlier replies or a person). */
  known: Readonly<Record<string, string>>;
  /** The question the caller was last asked; null: the text-back asked the first one. */
  asked: string | null;
  /** Nothing was asked yet (the caller texted first): the reply answers only what the extractors find. */
  nothingAsked?: boolean;
  /** The business's services by name (its job values): a text naming one says what the caller needs. */
  services?: readonly string[];
  /** The questions a reply to them did not answer, once per such reply (see planQualification). */
  missed?: readonly string[];
  reply: string;
}

export type QualifyStep = (
  /** Ask the next question. */
  | { does: "ask"; answers: Record<string, string>; question: Question }
  /**
   * Nothing more to ask: thank the caller. Every required question answered: tell the owner once;
   * `unanswered` names the required ones left open after two replies that did not answer them.
   */
  | { does: "done"; answers: Record<string, string>; unanswered: string[] }
  /** The ZIP is outside the service area: say so, and the lead is lost. */
  | { does: "out_of_area"; answers: Record<string, string> }
) & {
  /** The questions replies did not answer so far, this one's included (the line keeps it for the next reply). */
  missed: string[];
  /**
   * The caller's name this reply gave: the name question's answer, or a name introduced in passing
   * ("Hi this is Tom Nguyen, …") when no question asks it; null when none, or a name is known already.
   */
  name: string | null;
};

/** Replies that may miss a question before it is asked no more: it is asked once again, then left to a person. */
const MISSES_ALLOWED = 2;

/** The questions asked no more: as many replies as MISSES_ALLOWED did not answer them. */
function givenUp(missed: readonly string[]): Set<string> {
  return new Set(missed.filter((key) => missed.filter((k) => k === key).length >= MISSES_ALLOWED));
}

/** What the reply says besides its answer, for the questions that ask it (and the ZIP, for the service area). */
function extracted(reply: string, input: QualifyInput): Record<string, string> {
  const keys = new Set(input.qualify.questions.map((q) => q.key));
  const out: Record<string, string> = {};
  const address = extractAddress(reply);
  const zip = extractZip(reply);
  const { level, matched } = classifyUrgency(reply, input.urgentWords);
  // "I need a lawyer asap" says how soon, not the court date a question asking for one wants.
  const datesAsked = input.qualify.questions.some((q) => q.key === "urgency" && asksForDate(q.ask));
  const saysUrgency = level === "not_urgent" || matched.length > 0 || (level === "urgent" && !datesAsked);
  // In passing, only a time to call or come counts: "a statement due by Friday" is no callback time.
  const time = extractCallTime(reply);
  if (address && keys.has("address")) out.address = address;
  if (zip && (keys.has("zip") || keys.has("address") || input.qualify.serviceArea)) out.zip = zip;
  if (saysUrgency && keys.has("urgency")) out.urgency = level === "urgent" ? "urgent" : "not urgent";
  if (time && keys.has("preferredTime")) out.preferredTime = time;
  for (const [key, found] of [
    ["name", () => extractName(reply)],
    ["patientStatus", () => extractPatientStatus(reply)],
    ["service", () => serviceAnswer(extractService(reply, input.services ?? []) ?? "")],
  ] as const) {
    const value = keys.has(key) ? found() : null;
    if (value) out[key] = value;
  }
  return out;
}

/**
 * What a time answers beside the question it was given to: to "how urgent is it?" ("tomorrow
 * morning if possible", "wed"), when to come, while that question is open (not "asap" or "any
 * time": no time to come); to "when should we come?", "today" or "tonight" says it is urgent, so
 * the urgency question is not asked. Not where the urgency question asks for a date (legal's "If
 * so, when?": a day there is a deadline).
 */
function timeAnswers(current: Question | null, input: QualifyInput, answers: Readonly<Record<string, string>>): Record<string, string> {
  const urgency = input.qualify.questions.find((q) => q.key === "urgency");
  const open = (key: string) => input.qualify.questions.some((q) => q.key === key) && !input.known[key] && !answers[key];
  if (!current || (urgency && asksForDate(urgency.ask))) return {};
  if (current.key === "urgency" && open("preferredTime")) {
    const time = timeUrgency(input.reply)?.time;
    return time ? { preferredTime: time } : {};
  }
  if (current.key === "preferredTime" && open("urgency") && timeUrgency(input.reply)?.level === "urgent") return { urgency: "urgent" };
  return {};
}

/**
 * The next question: the first unanswered one that is required, or optional but placed before a
 * required one still open (so questions go in the order the business wrote them).
 */
export function nextQuestion(questions: readonly Question[], answered: Readonly<Record<string, string>>, skipped: ReadonlySet<string> = new Set()): Question | null {
  const open = (q: Question) => !answered[q.key] && !skipped.has(q.key);
  let lastRequired = -1;
  questions.forEach((q, i) => {
    if (q.required && open(q)) lastRequired = i;
  });
  if (lastRequired === -1) return null;
  return questions.find((q, i) => open(q) && i <= lastRequired) ?? null;
}

/**
 * One step of qualification for a caller's reply. A reply that does not answer the question it was
 * asked (and the extractors find nothing for it) leaves it open: it is asked once again, and after a
 * second such reply it is asked no more (the lead then does not qualify by itself: a person asks).
 *
 * @example planQualification({ qualify, urgentWords: [], known: {}, asked: null, reply: "Leaking water heater at 12 Oak St" })
 * // { does: "ask", answers: { service: "Leaking water heater at 12 Oak St", address: "12 Oak St" }, question: { key: "urgency", … } }
 */
export function planQualification(input: QualifyInput): QualifyStep {
  const { questions } = input.qualify;
  const current = input.nothingAsked ? null : ((input.asked ? questions.find((q) => q.key === input.asked) : undefined) ?? nextQuestion(questions, input.known, givenUp(input.missed ?? [])));
  // The extractors fill what they find; the question asked takes the reply itself.
  const answers: Record<string, string> = { ...extracted(input.reply, input) };
  const answer = current && !input.known[current.key] ? answerTo(current.key, input.reply, input.urgentWords, current.ask) : null;
  if (current && answer !== null) answers[current.key] = answer;
  Object.assign(answers, timeAnswers(current, input, answers));
  // A known answer stands, but for an address the caller says they got wrong ("sorry, it's 412 not 214").
  const fix = addressCorrection(input.reply, input.known.address);
  if (fix && input.qualify.questions.some((q) => q.key === "address")) Object.assign(answers, fix);
  for (const key of Object.keys(answers)) if (input.known[key] && !(fix && key in fix)) delete answers[key];
  const all = { ...input.known, ...answers };
  const name = answers.name ?? (input.known.name || questions.some((q) => q.key === "name") ? null : extractName(input.reply));
  const missed = [...(input.missed ?? [])];
  if (current && !all[current.key]) missed.push(current.key);
  const zips = input.qualify.serviceArea?.zips;
  if (zips && all.zip && !zips.includes(all.zip)) return { does: "out_of_area", answers, missed, name };
  const skipped = givenUp(missed);
  const question = nextQuestion(questions, all, skipped);
  if (question) return { does: "ask", answers, question, missed, name };
  return { does: "done", answers, unanswered: questions.filter((q) => q.required && !all[q.key]).map((q) => q.key), missed, name };
}

/**
 * The estimated value of the job: the job value whose name the service answer mentions (the
 * longest such name), else the default.
 *
 * @example estimateCents("Water heater is leaking", { "water heater": 180000, leak: 45000 }, 40000) // 180000
 */
export function estimateCents(service: string | undefined, jobValues: Readonly<Record<string, number>>, fallback: number | null): number | null {
  if (!service) return fallback;
  const text = matchText(service).text.toLowerCase();
  const names = Object.keys(jobValues).sort((a, b) => b.length - a.length);
  const hit = names.find((name) => new RegExp(`(?<![\\w])${matchText(name).text.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(text));
  return hit !== undefined ? jobValues[hit]! : fallback;
}

const SUMMED_UP = new Set(["name", "service", "address", "zip", "urgency", "preferredTime"]);

/**
 * The owner's one summary of a qualified lead: who, what, where (the ZIP too, when the address
 * lacks it), how urgent, when, then every other answer under its name, and the shortcuts.
 *
 * @example qualifiedSummary("(415) 555-2671", { service: "Check-up", patientStatus: "New patient" }, "Dana")
 * // "Textback: new lead (415) 555-2671. Name: Dana; Need: Check-up; Patient status: New patient. Reply to text them, W 450 when won, L if lost."
 */
export function qualifiedSummary(
  phone: string,
  fields: Readonly<Record<string, string>>,
  name: string | null,
  questions: readonly Pick<Question, "key" | "ask">[] = [],
  kind: PresetId | null = null,
): string {
  const { address, zip } = fields;
  const where = address ? (zip && !address.includes(zip) ? `${address} ${zip}` : address) : zip;
  const others = labelledAnswers(fields, questions)
    .filter((a) => !SUMMED_UP.has(a.key) && a.value.trim() !== "")
    .map((a) => `${keyLabel(a.key)}: ${a.value.trim()}`);
  const parts = [
    name ? `Name: ${name}` : null,
    fields.service ? `Need: ${fields.service}` : null,
    where ? `${address ? "Address" : "ZIP"}: ${where}` : null,
    fields.urgency ? `Urgency: ${fields.urgency}` : null,
    fields.preferredTime ? `When: ${fields.preferredTime}` : null,
    ...others,
  ].filter(Boolean);
  return `Textback: new lead ${phone}. ${parts.join("; ")}. Reply to text them, ${shortcutReminder(kind, false)}.`;
}
