/**
 * Whether the caller says they are a new or an existing patient ("I'm already a patient", "new
 * patient here"), for the `patientStatus` answer of qualification (DESIGN.md §6.2). Pure: no I/O.
 *
 * A question is not a statement ("Are you taking new patients?"), nor is the plural, so only a
 * sentence that does not end in "?" and speaks of one patient counts.
 */

export const EXISTING_PATIENT = "Existing patient";
export const NEW_PATIENT = "New patient";

const EXISTING = [
  /\b(?:existing|current|returning|regular|established)\s+patient\b(?!s)/i,
  /\balready\s+(?:a\s+)?(?:patient|seen\s+(?:by|at)|see\s+(?:dr|doctor))\b(?!s)/i,
  /\bnot\s+(?:a\s+)?new\s+patient\b(?!s)/i,
  /\b(?:i'?m|i\s+am|i've\s+been|i\s+have\s+been)\s+(?:a\s+)?patient\s+(?:of|with|at|there|here)\b/i,
];

const NEW = [/\b(?<!not\s+(?:a\s+)?)new\s+patient\b(?!s)/i, /\bnever\s+been\s+(?:a\s+patient|(?:to|in|there|seen)\b)/i, /\bfirst\s+(?:time|visit)\s+(?:patient|here|at|with|there)\b/i];

/** The text's sentences that state something (a question is no answer). */
const statements = (text: string) =>
  (text.match(/[^.!?\n]+[.!?]*/g) ?? []).filter((s) => !s.trim().endsWith("?"));

/**
 * `Existing patient`, `New patient`, or null when the text does not say (or says both).
 *
 * @example extractPatientStatus("Hi it's Tom Nguyen, I'm already a patient") // "Existing patient"
 * @example extractPatientStatus("Are you taking new patients?") // null
 */
export function extractPatientStatus(text: string): typeof EXISTING_PATIENT | typeof NEW_PATIENT | null {
  const said = statements(text);
  const existing = said.some((s) => EXISTING.some((p) => p.test(s)));
  const isNew = said.some((s) => NEW.some((p) => p.test(s)));
  if (existing === isNew) return null;
  return existing ? EXISTING_PATIENT : NEW_PATIENT;
}

/** A short reply's words that say which, when the question was "new or existing patient?". */
const SAYS_EXISTING = /\b(?:existing|current|returning|established|regular|old|before|already|again)\b/i;
const SAYS_NEW = /\b(?:new|first|never)\b/i;
const SHORT_REPLY_WORDS = 8;

/** Words a reply says its standing with, and nothing more ("yes, I've been there before"). */
const STANDING_WORDS = new Set(
  "yes yeah yep yup no nope i im i'm am a an the patient one here there in to you your office before already again been seen have i've ve existing current returning established regular old new first time never not brand".split(" "),
);

/**
 * The answer to "Are you a new or an existing patient?" when the reply says only that: "yes
 * existing", "returning", "been there before", "new", "first time" → `Existing patient` / `New
 * patient`, as the lead's other answers read. Null when it says neither or both ("yes", "not sure"),
 * or more than that ("Existing patient, Delta Dental PPO": the caller's words are the answer).
 *
 * @example patientStatusAnswer("yes existing") // "Existing patient"
 * @example patientStatusAnswer("New") // "New patient"
 * @example patientStatusAnswer("Existing patient, Delta Dental PPO") // null
 */
export function patientStatusAnswer(reply: string): typeof EXISTING_PATIENT | typeof NEW_PATIENT | null {
  const words = reply.toLowerCase().match(/[a-z']+/g) ?? [];
  if (!words.every((w) => STANDING_WORDS.has(w))) return null;
  const stated = extractPatientStatus(reply);
  if (stated) return stated;
  const text = reply.trim();
  if (text.endsWith("?") || text.split(/\s+/).length > SHORT_REPLY_WORDS) return null;
  const notNew = /\bnot\s+(?:a\s+)?new\b/i.test(text);
  const existing = notNew || SAYS_EXISTING.test(text);
  const isNew = !notNew && SAYS_NEW.test(text);
  if (existing === isNew) return null;
  return existing ? EXISTING_PATIENT : NEW_PATIENT;
}
