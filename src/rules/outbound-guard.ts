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
 * What `dailyTextCap` does not stop, up to this many times the cap in 24 hours: texts to the
 * business's own people (pages, escalations, relays, summaries, alerts, "took it" notices) and the
 * caller's urgent answer ("help is coming", or "call 911 now" for a danger). The cap bounds what
 * callers, or someone spoofing them, can make the business send to numbers it does not know. A
 * page stopped at it leaves nobody knowing of an emergency, and an urgent answer stopped leaves a
 * person who may be in danger without the one text that tells them what to do: both in the very
 * storm of calls that reached the cap. Each is bounded already (a page per person on call per
 * emergency, one urgent answer per emergency and one per danger, a relay per reply), so this bound
 * is for a runaway only (a loop, a flood of texts relayed to the owner): 5,000 texts in 24 hours at
 * the default cap of 1,000, which a storm that stops its callers' texts at 1,000 does not reach.
 */
export const RUNAWAY_CAP_MULTIPLE = 5;

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

/** The refusals of the business's 24-hour limits: its `dailyTextCap`, and the runaway bound past it. */
export const DAILY_LIMIT_REFUSALS = ["business_daily_cap", "business_runaway_cap"] as const satisfies readonly OutboundRefusal[];
export type DailyLimitRefusal = (typeof DAILY_LIMIT_REFUSALS)[number];

/**
 * The count of the business's texts in 24 hours (every kind counts) at which this text is refused,
 * and the refusal; null for a keyword answer, which carriers require whatever the count. A text to
 * the business's own people or a caller's urgent answer goes past `dailyTextCap`, up to
 * RUNAWAY_CAP_MULTIPLE times it; every other text stops at the cap.
 *
 * @example dailyLimit({ kind: "missed_call", to: "+14155552671", staffPhones: [], settings }) // { at: 1000, refusal: "business_daily_cap" }
 * @example dailyLimit({ kind: "page", to: "+14162345678", staffPhones: ["+14162345678"], settings }) // { at: 5000, refusal: "business_runaway_cap" }
 */
export function dailyLimit(input: Pick<OutboundGuardInput, "kind" | "to" | "staffPhones" | "settings">): { at: number; refusal: DailyLimitRefusal } | null {
  if (isKeywordAnswer(input.kind)) return null;
  const cap = input.settings.dailyTextCap;
  if (input.kind === "urgent_reply" || input.staffPhones.includes(input.to)) return { at: cap * RUNAWAY_CAP_MULTIPLE, refusal: "business_runaway_cap" };
  return { at: cap, refusal: "business_daily_cap" };
}

/**
 * Why this text must not go, or null when it may. In order: a number no one should text (invalid,
 * premium-rate or shared-cost), what is refused for callers and third parties only (toll-free, a
 * country outside `allowedCountries`), the business's own numbers, then the limits (dailyLimit).
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
  const limit = dailyLimit(input);
  return limit && input.businessLastDay >= limit.at ? limit.refusal : null;
}

/** The business's own people as the admin configured them: the owner's phone and the on-call list. */
export function staffPhones(notifyPhone: string | null, settings: Pick<BusinessSettings, "urgent">): string[] {
  return [...(notifyPhone ? [notifyPhone] : []), ...settings.urgent.onCall.map((p) => p.phone)];
}

export function isDailyLimit(reason: string | null): reason is DailyLimitRefusal {
  return (DAILY_LIMIT_REFUSALS as readonly string[]).includes(reason ?? "");
}

export function isKeywordAnswer(kind: MessageKind): boolean {
  return (KEYWORD_ANSWER_KINDS as readonly string[]).includes(kind);
}

/** The refusals about the number itself (the rest are limits that lift with time). */
const NUMBER_REFUSALS = new Set<OutboundRefusal>(["invalid_number", "premium_rate", "toll_free", "country_not_allowed", "own_number"]);

export function isNumberRefusal(reason: OutboundRefusal): boolean {
  return NUMBER_REFUSALS.has(reason);
}

const REFUSAL_WORDS: Record<Exclude<OutboundRefusal, DailyLimitRefusal>, string> = {
  invalid_number: "the number is not a valid textable number",
  premium_rate: "the number is premium-rate or shared-cost",
  toll_free: "the number is toll-free",
  country_not_allowed: "the number's country is not one of the business's allowed countries",
  own_number: "the number is one of the business's own numbers",
  recipient_hourly_limit: `this number already got ${RECIPIENT_HOURLY_LIMIT} answers to HELP, STOP or START in the past hour`,
};

/** The cap a refusal was made under, for its words: the business's `dailyTextCap` then. */
export type CapSetting = Pick<BusinessSettings, "dailyTextCap">;

const texts = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "text" : "texts"}`;

function limitWords(reason: DailyLimitRefusal, settings: CapSetting | undefined): string {
  if (reason === "business_daily_cap") {
    return `the business reached its daily cap of ${settings ? texts(settings.dailyTextCap) : "texts"} in 24 hours (dailyTextCap)`;
  }
  const cap = settings ? texts(settings.dailyTextCap) : "texts";
  return `the business reached ${RUNAWAY_CAP_MULTIPLE} times its daily cap of ${cap} in 24 hours (dailyTextCap): past that even texts to its own people and urgent answers stop`;
}

/**
 * A refusal in words, as the admin page and the API show it; a limit's names the cap (`settings`).
 *
 * @example explainRefusal("premium_rate") // "Not sent: the number is premium-rate or shared-cost"
 * @example explainRefusal("business_daily_cap", { dailyTextCap: 195 }) // "Not sent: the business reached its daily cap of 195 texts in 24 hours (dailyTextCap)"
 */
export function explainRefusal(reason: OutboundRefusal, settings?: CapSetting): string {
  return `Not sent: ${refusalWords(reason, settings)}`;
}

/**
 * Why a text to `to` is refused, as an answer to the person who asked for it (the admin API, the
 * owner texting a number): the field and the number when it is about the number.
 *
 * @example refusalAnswer("premium_rate", "+19002345678") // "to: +19002345678 is not texted: the number is premium-rate or shared-cost"
 */
export function refusalAnswer(reason: OutboundRefusal, to: string, settings?: CapSetting): string {
  return isNumberRefusal(reason) ? `to: ${to} is not texted: ${refusalWords(reason)}` : explainRefusal(reason, settings);
}

/** @example refusalWords("toll_free") // "the number is toll-free" */
export function refusalWords(reason: OutboundRefusal, settings?: CapSetting): string {
  return isDailyLimit(reason) ? limitWords(reason, settings) : REFUSAL_WORDS[reason];
}
