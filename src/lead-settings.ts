/**
 * The settings that turn a missed call into a customer (DESIGN.md §6.2, §6.3): qualification
 * questions, how replies reach the owner, urgent words and the on-call list, job values. Part of
 * `BusinessSettings` (settings.ts); every field has a default, so a stored `{}` is complete.
 */
import * as z from "./zod";
import { MAX_ON_CALL_HOURS, onCallHoursSchema } from "./rules/on-call";

const e164 = z.string().check(z.regex(/^\+[1-9]\d{1,14}$/, "must be an E.164 number like +14155552671"));
const phrase = z.string().check(z.trim(), z.minLength(1), z.maxLength(60));
const message = z.string().check(z.trim(), z.minLength(1), z.maxLength(480));

export const questionSchema = z.object({
  /** Where the answer is kept on the lead (`fields.<key>`); `service`, `address`, `zip`, `urgency`, `preferredTime`, `name`, `patientStatus` are understood (found in any reply). */
  key: z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, "must be letters, digits and _, starting with a letter")),
  /** The text that asks it. */
  ask: message,
  required: z._default(z.boolean(), true),
});
export type Question = z.infer<typeof questionSchema>;

const GENERIC_QUESTIONS: Question[] = [
  { key: "service", ask: "What can we help you with?", required: true },
  { key: "name", ask: "Thanks! And what's your name?", required: true },
  { key: "preferredTime", ask: "When is a good time to reach you?", required: true },
];

export const qualifySchema = z
  .object({
    enabled: z._default(z.boolean(), false),
    questions: z._default(z.array(questionSchema).check(z.maxLength(8, "at most 8 questions")), GENERIC_QUESTIONS),
    doneMessage: z._default(message, "Thanks, that's everything we need. Someone from {business} will be in touch shortly."),
    serviceArea: z.optional(z.object({ zips: z.array(z.string().check(z.regex(/^\d{5}$/, "ZIP codes are five digits"))).check(z.minLength(1)) })),
    outOfAreaMessage: z._default(message, "Sorry, that address is outside the area we serve. We hope you find help soon."),
  })
  .check(
    z.refine((q) => !q.enabled || q.questions.length > 0, { message: "questions: give at least one question to ask", path: ["questions"] }),
    z.refine((q) => new Set(q.questions.map((x) => x.key)).size === q.questions.length, { message: "questions: each key may be used once", path: ["questions"] }),
  );
export type QualifySettings = z.infer<typeof qualifySchema>;

/** Phrases of a danger, not of a product ("smoke detector", "fire pit") or a compliment ("on fire"). */
const DEFAULT_SAFETY = ["gas smell", "smell gas", "smells like gas", "gas leak", "smell smoke", "smoke coming", "see smoke", "smoke everywhere", "caught fire", "fire in the", "flames", "carbon monoxide", "co alarm", "sparks", "sparking"];

/**
 * Most urgent words a business may list: room for a preset's (home services: about 50) and as many
 * again of the business's own trade. Every caller's text is read against each of them (one pattern
 * a phrase, several reads a text), and the list travels in the settings the line reads with each
 * webhook (at 60 characters a phrase, at most 6 KB).
 */
export const MAX_URGENT_WORDS = 100;
/** Most safety words: dangers are few, and each one sends "call 911" first. */
export const MAX_SAFETY_WORDS = 50;

/** "Urgent words: at most 100 (108 given)", as the admin page and the API say it. */
const atMost = (max: number) => z.maxLength(max, { error: (issue) => `at most ${max}${Array.isArray(issue.input) ? ` (${issue.input.length} given)` : ""}` });

/** Someone the business pages for emergencies, and when (in the business's time zone). */
export const onCallPersonSchema = z.object({
  phone: e164,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  hours: z.optional(z.array(onCallHoursSchema).check(z.minLength(1, "give at least one stretch of hours, or leave hours out: always on call"), z.maxLength(MAX_ON_CALL_HOURS, `at most ${MAX_ON_CALL_HOURS}`))),
});
export type OnCallPerson = z.infer<typeof onCallPersonSchema>;

export const urgentSchema = z.object({
  /** Triage replies for emergencies at all (the presets turn it on). */
  enabled: z._default(z.boolean(), false),
  /** Emergencies the caller names page the on-call; words that say only how soon ("asap", "urgent": rules/extract/soon-words.ts) make the lead's urgency `urgent` and page nobody. */
  words: z._default(z.array(phrase).check(atMost(MAX_URGENT_WORDS)), ["emergency"]),
  /** Paged in list order among those on call at the time; without `hours` a person is always on call (rules/on-call.ts). */
  onCall: z._default(z.array(onCallPersonSchema).check(z.maxLength(10)), []),
  escalateAfterMinutes: z._default(z.number().check(z.minimum(0.5, "must be at least 0.5"), z.maximum(120, "must be at most 120")), 10),
  callerMessage: z._default(message, "We've marked this urgent and are getting someone to you now. We'll text you back shortly."),
  safetyWords: z._default(z.array(phrase).check(atMost(MAX_SAFETY_WORDS)), DEFAULT_SAFETY),
  safetyMessage: z._default(message, "If anyone is in danger, leave the building and call 911 now."),
});
export type UrgentSettings = z.infer<typeof urgentSchema>;

/** How the owner hears of replies: one summary per qualified lead, or every reply as today. */
export const RELAY_MODES = ["summary", "every_reply"] as const;

export const leadSettingsShape = {
  qualify: z._default(qualifySchema, qualifySchema.parse({})),
  /** null: `summary` while qualification is on, else `every_reply`. */
  relay: z._default(z.nullable(z.enum(RELAY_MODES)), null),
  urgent: z._default(urgentSchema, urgentSchema.parse({})),
  /** Estimated value of a job by the service the caller names (a key found in their answer), in cents. */
  jobValues: z._default(z.record(z.string().check(z.trim(), z.minLength(1), z.maxLength(60)), z.number().check(z.int(), z.minimum(0), z.maximum(100_000_000))), {}),
  defaultJobValueCents: z._default(z.nullable(z.number().check(z.int(), z.minimum(0), z.maximum(100_000_000))), null),
};

/** The relay mode in effect. */
export function relayMode(settings: { relay: (typeof RELAY_MODES)[number] | null; qualify: { enabled: boolean } }): (typeof RELAY_MODES)[number] {
  return settings.relay ?? (settings.qualify.enabled ? "summary" : "every_reply");
}
