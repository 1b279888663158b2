/**
 * The missed-call decision and its words: what the line decided, how it is stored, and how the
 * admin page and the API explain it (the vocabularies themselves are src/vocabulary.ts).
 */

import { OUTCOMES, SKIP_REASONS, type DecisionCode, type Outcome, type SkipReason, type TemplateKind } from "../vocabulary";

export { OUTCOMES, SKIP_REASONS, TEMPLATE_KINDS, type DecisionCode, type Outcome, type SkipReason, type TemplateKind } from "../vocabulary";

export type Decision =
  | { action: "text"; outcome: Outcome; templateKind: TemplateKind }
  | { action: "skip"; outcome: Outcome; reason: SkipReason };


/** The stored form of a decision: `texted:no_answer`, `skipped:opted_out`. */
export function decisionCode(d: Decision): DecisionCode {
  return d.action === "text" ? `texted:${d.outcome}` : `skipped:${d.reason}`;
}

/** What a call's row stores of a decision: its code, and the outcome texted or the reason skipped. */
export function decisionColumns(d: Decision): { decision: DecisionCode; reason: Outcome | SkipReason } {
  return { decision: decisionCode(d), reason: d.action === "text" ? d.outcome : d.reason };
}

const OUTCOME_WORDS: Record<Outcome, string> = {
  answered: "answered",
  no_answer: "no answer",
  busy: "line busy",
  failed: "call failed",
  canceled: "caller hung up",
  voicemail: "went to voicemail",
  short_call: "very short call",
  ai_abandoned: "caller hung up on the AI receptionist",
  ai_failed: "the AI receptionist failed",
};

const REASON_WORDS: Record<SkipReason, string> = {
  answered: "the call was answered",
  paused: "the business is paused",
  withheld_caller_id: "the caller withheld their number",
  invalid_number: "the caller's number is not a valid textable number",
  internal: "the caller is one of the business's own people (contact tagged internal)",
  blocked: "the caller is blocked (contact tagged blocked)",
  vip: "the caller is a VIP (contact tagged vip): the owner calls them back",
  country_not_allowed: "the caller's country is not allowed",
  premium_rate: "the caller's number is premium-rate",
  toll_free: "the caller's number is toll-free",
  own_number: "the caller is one of the business's own numbers",
  undeliverable: "the carrier said this number cannot receive texts",
  undeliverable_landline: "the carrier refused an earlier text to this number as a landline or a number that cannot get texts: the owner is alerted to call them back",
  landline: "the caller's number is a landline, which cannot get texts: call them back",
  opted_out: "the caller opted out",
  cooldown: "the caller was texted recently and called again: the owner is alerted once their text has gone out, at most once every 10 minutes",
  daily_cap: "the business reached its daily text cap",
  missing_template: "the business has no template for this kind of call",
  shadow_mode: "test mode: decided but not sent",
};

/** A decision in words, for people: "Texted: no answer", "Not texted: the caller opted out". */
export function explainDecision(d: Decision): string {
  return d.action === "text"
    ? `Texted: ${OUTCOME_WORDS[d.outcome]}`
    : `Not texted: ${REASON_WORDS[d.reason]}`;
}

/** Explain a stored decision code (`texted:busy`, `skipped:cooldown`); unknown codes are returned as-is. */
export function explainCode(code: string): string {
  const [action, detail = ""] = code.split(":");
  if (action === "texted" && (OUTCOMES as readonly string[]).includes(detail)) {
    return `Texted: ${OUTCOME_WORDS[detail as Outcome]}`;
  }
  if (action === "skipped" && (SKIP_REASONS as readonly string[]).includes(detail)) {
    return `Not texted: ${REASON_WORDS[detail as SkipReason]}`;
  }
  return code;
}
