/**
 * The cost guard every outbound text passes, whatever sent it (compliance.md §6.1: SMS pumping
 * targets any flow that texts a number someone else supplies, and a keyword's answer or an owner's
 * relay is such a flow as much as a text-back). Pure, no I/O: the outbox applies it right before the
 * carrier request, so no path can skip it, and the admin API before it queues, to answer with why.
 */
import type { BusinessSettings } from "../settings";
import type { MessageKind, OutboundRefusal } from "../vocabulary";
import { callerNumberProblem } from "./phone";

export type { OutboundRefusal } from "../vocabulary";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Keyword answers (HELP, and the confirmations of STOP and START): the automated texts anyone can
 * make the business send again and again, just by texting a word, so a sender gets at most
 * RECIPIENT_HOURLY_LIMIT of them an hour. The other automated texts are bounded by the lead they
 * belong to and would be cut short by this limit: one question per reply and at most 8 questions
 * (qualification stops once answered), one urgent answer per lead, and the text-back and its
 * follow-up have the per-caller cooldown and `dailyCap`.
 */
export const KEYWORD_ANSWER_KINDS = ["help", "opt_out", "opt_in"] as const satisfies readonly MessageKind[];
export const RECIPIENT_HOURLY_LIMIT = 5;

/**
 * Most segments of a text that carries someone else's words to the business's own phones (a
 * caller's reply or voicemail relayed, a page quoting it): a 1,600-character reply would otherwise
 * cost up to 24 segments a time. The whole text stays on the admin page.
 */
export const RELAY_MAX_SEGMENTS = 3;
export const SEGMENT_CAPS: Partial<Record<MessageKind, number>> = { relay: RELAY_MAX_SEGMENTS, page: RELAY_MAX_SEGMENTS };

export interface OutboundGuardInput {
  kind: MessageKind;
  to: string;
  settings: Pick<BusinessSettings, "allowedCountries" | "dailyTextCap">;
  /**
   * The business's own people as the admin configured them (`notifyPhone`, `urgent.onCall`): they
   * are texted wherever they are (an owner abroad, an on-call phone in Canada), but never at a
   * premium rate. A relay still queued for a phone no longer configured is judged like anyone's.
   */
  staffPhones: readonly string[];
  /** `to` is one of the business's own carrier numbers: texting it would loop. */
  toOwnNumber: boolean;
  /** Keyword answers (KEYWORD_ANSWER_KINDS) this business sent `to` in the past hour. */
  recipientLastHour: number;
  /** Texts, every kind, this business handed to the carrier in the past 24 hours. */
  businessLastDay: number;
}

/**
 * Why this text must not go, or null when it may. In order: a number no one should text (invalid,
 * premium-rate or shared-cost), what is refused for callers and third parties only (toll-free, a
 * country outside `allowedCountries`), the business's own numbers, then the limits.
 *
 * @example outboundRefusal({ kind: "help", to: "+447400123456", ... }) // "country_not_allowed"
 * @example outboundRefusal({ kind: "relay", to: "+447400123456", staffPhones: ["+447400123456"], ... }) // null
 */
export function outboundRefusal(input: OutboundGuardInput): OutboundRefusal | null {
  const staff = input.staffPhones.includes(input.to);
  const problem = callerNumberProblem(input.to, input.settings.allowedCountries);
  if (problem === "withheld_caller_id" || problem === "invalid_number") return "invalid_number";
  if (problem === "premium_rate") return problem;
  if (problem && !staff) return problem;
  if (input.toOwnNumber) return "own_number";
  // A STOP, HELP or START is answered even past the daily cap (carriers require the answer); each
  // number gets a few an hour, and only someone texting in can ask for one.
  if (isKeywordAnswer(input.kind)) return input.recipientLastHour >= RECIPIENT_HOURLY_LIMIT ? "recipient_hourly_limit" : null;
  if (input.businessLastDay >= input.settings.dailyTextCap) return "business_daily_cap";
  return null;
}

/** The business's own people as the admin configured them: the owner's phone and the on-call list. */
export function staffPhones(notifyPhone: string | null, settings: Pick<BusinessSettings, "urgent">): string[] {
  return [...(notifyPhone ? [notifyPhone] : []), ...settings.urgent.onCall.map((p) => p.phone)];
}

export function isKeywordAnswer(kind: MessageKind): boolean {
  return (KEYWORD_ANSWER_KINDS as readonly string[]).includes(kind);
}

/** The refusals about the number itself (the rest are limits that lift with time). */
const NUMBER_REFUSALS = new Set<OutboundRefusal>(["invalid_number", "premium_rate", "toll_free", "country_not_allowed", "own_number"]);

export function isNumberRefusal(reason: OutboundRefusal): boolean {
  return NUMBER_REFUSALS.has(reason);
}

const REFUSAL_WORDS: Record<OutboundRefusal, string> = {
  invalid_number: "the number is not a valid textable number",
  premium_rate: "the number is premium-rate or shared-cost",
  toll_free: "the number is toll-free",
  country_not_allowed: "the number's country is not one of the business's allowed countries",
  own_number: "the number is one of the business's own numbers",
  recipient_hourly_limit: `this number already got ${RECIPIENT_HOURLY_LIMIT} answers to HELP, STOP or START in the past hour`,
  business_daily_cap: "the business reached its cap of texts in 24 hours (dailyTextCap)",
};

/**
 * A refusal in words, as the admin page and the API show it.
 *
 * @example explainRefusal("premium_rate") // "Not sent: the number is premium-rate or shared-cost"
 */
export function explainRefusal(reason: OutboundRefusal): string {
  return `Not sent: ${refusalWords(reason)}`;
}

/**
 * Why a text to `to` is refused, as an answer to the person who asked for it (the admin API, the
 * owner texting a number): the field and the number when it is about the number.
 *
 * @example refusalAnswer("premium_rate", "+19002345678") // "to: +19002345678 is not texted: the number is premium-rate or shared-cost"
 */
export function refusalAnswer(reason: OutboundRefusal, to: string): string {
  return isNumberRefusal(reason) ? `to: ${to} is not texted: ${refusalWords(reason)}` : explainRefusal(reason);
}

/** @example refusalWords("toll_free") // "the number is toll-free" */
export function refusalWords(reason: OutboundRefusal): string {
  return REFUSAL_WORDS[reason];
}
