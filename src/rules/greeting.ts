/**
 * What a caller hears when nobody can answer, in words that match what the line decided for the
 * call: a text on its way, a VIP's or a landline's call-back, or (for every other call not texted) no promise and
 * no reason why (a blocked caller must not learn they are blocked). Said by every carrier's
 * text-to-speech (Twilio's `<Say>`, Telnyx's `speak`, Vonage's `talk`, Plivo's `<Speak>`,
 * Bandwidth's `<SpeakSentence>`), so it stays plain words (no SSML).
 */
import { LANDLINE_DECISIONS } from "./line-type";

/**
 * What the caller is told will happen: `text_now` (texted at once), `text_soon` (a text the line
 * holds, setting `textDelaySeconds`), `call_back` (a VIP, or a landline known as one before the
 * call is answered, by the lookup or by the carrier's refusal of an earlier text: the owner is
 * alerted to call back), `waiting` (a caller texted back within the cooldown calling again: the
 * business has their call and the owner is alerted, rules/repeat-call.ts), `no_text` (any other reason the call is not texted, and a text the
 * business's daily cap will stop: `skipped:business_daily_cap`, which the line foresees in
 * line/record-call.ts), `unknown` (the line could not be reached).
 */
export const GREETINGS = ["text_now", "text_soon", "call_back", "waiting", "no_text", "unknown"] as const;
export type Greeting = (typeof GREETINGS)[number];

/** The skips whose caller the owner is alerted to call back (outbox/contact-texts.ts callBackAlert). */
const CALLED_BACK: ReadonlySet<string> = new Set(["skipped:vip", ...LANDLINE_DECISIONS]);

/**
 * The greeting for the line's decision on the call (`texted:<outcome>`, `skipped:<reason>`, or null
 * when it could not be reached), under the settings it was decided with.
 *
 * @example greetingFor("texted:no_answer", { textDelaySeconds: 0 }) // "text_now"
 * @example greetingFor("skipped:blocked", { textDelaySeconds: 0 }) // "no_text"
 * @example greetingFor("skipped:landline", { textDelaySeconds: 0 }) // "call_back"
 * @example greetingFor("skipped:cooldown", { textDelaySeconds: 0 }) // "waiting"
 */
export function greetingFor(decision: string | null, settings: { textDelaySeconds: number }): Greeting {
  if (decision?.startsWith("texted:")) return settings.textDelaySeconds > 0 ? "text_soon" : "text_now";
  if (decision === "skipped:cooldown") return "waiting";
  if (decision?.startsWith("skipped:")) return CALLED_BACK.has(decision) ? "call_back" : "no_text";
  return "unknown";
}

const NEXT: Record<Greeting, string> = {
  text_now: " We'll text you in a moment.",
  text_soon: " We'll text you shortly.",
  call_back: " We'll call you back as soon as we can.",
  // Promises no text (the cooldown holds it back) and says nothing a blocked caller could read a block from.
  waiting: " We have your message and will get back to you as soon as we can.",
  no_text: " Please try again later.",
  unknown: "",
};

/**
 * The words for a missed caller. `voicemail`: a recording follows; `beep`: the carrier plays a
 * tone before it.
 *
 * @example missedGreeting("Acme Plumbing", "text_now", false)
 * // "Sorry, nobody at Acme Plumbing can take your call right now. We'll text you in a moment."
 */
export function missedGreeting(business: string, greeting: Greeting, voicemail: boolean, beep = true): string {
  const base = `Sorry, nobody at ${business} can take your call right now.${NEXT[greeting]}`;
  if (!voicemail) return base;
  // Bandwidth's <Record> plays no tone: promising one would leave the caller waiting for it.
  return beep ? `${base} You can also leave a message after the tone.` : `${base} You can also leave a message now.`;
}

/**
 * What the business's phone hears when it answers Textback's test call (it should not: the test is
 * the call going unanswered and its forwarding sending it back). Plain words, for every carrier's
 * text-to-speech.
 *
 * @example testCallWords("Acme Plumbing")
 * // "This is a test call from Textback for Acme Plumbing. To test the forwarding, let it ring: do not answer."
 */
export function testCallWords(business: string): string {
  return `This is a test call from Textback for ${business}. To test the forwarding, let it ring: do not answer.`;
}
