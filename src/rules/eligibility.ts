import type { BusinessSettings } from "../settings";
import { callerNumberProblem } from "./phone";
import { SKIP_REASONS, type Decision, type Outcome, type SkipReason, type TemplateKind } from "./reasons";

/** Everything the decision needs, gathered by the line before it decides; no I/O happens here. */
export interface DecisionInput {
  outcome: Outcome;
  caller: string;
  settings: BusinessSettings;
  /** The business's own numbers and its forward-to phone: texting them would loop. */
  ownNumbers: readonly string[];
  optedOut: boolean;
  /** The carrier rejected an earlier text to this number as undeliverable (landline, unknown…). */
  undeliverable?: boolean;
  /** When this caller was last texted by this line, ms since epoch. */
  lastTextedAt: number | null;
  /** Texts already sent today (business local day) by this line. */
  textedToday: number;
  /** Whether the business is open now (chooses missed_call vs after_hours). */
  open: boolean;
  /** Template kinds the business has. */
  templates: ReadonlySet<TemplateKind>;
  now: number;
}

/** The template for a missed call of this kind, falling back to the general one. */
export function chooseTemplate(
  outcome: Outcome,
  open: boolean,
  available: ReadonlySet<TemplateKind>,
): TemplateKind | null {
  const preferred: TemplateKind[] = [];
  if (outcome === "voicemail") preferred.push("voicemail");
  if (outcome === "ai_abandoned" || outcome === "ai_failed") preferred.push("ai_abandoned");
  if (!open) preferred.push("after_hours");
  preferred.push("missed_call");
  return preferred.find((k) => available.has(k)) ?? null;
}

/**
 * Decide whether a finished call gets a text. Checks run in a fixed order so that the recorded reason
 * is the most fundamental one: an answered call is "answered" even if the caller is also opted out.
 *
 * @example decide({ outcome: "no_answer", caller: "+14155552671", ... }) // { action: "text", ... }
 */
export function decide(input: DecisionInput): Decision {
  const { outcome, settings } = input;
  const skip = (reason: Extract<Decision, { action: "skip" }>["reason"]): Decision => ({
    action: "skip",
    outcome,
    reason,
  });

  if (outcome === "answered") return skip("answered");
  if (settings.paused) return skip("paused");

  const problem = callerNumberProblem(input.caller, settings.allowedCountries);
  if (problem) return skip(problem);

  if (input.ownNumbers.includes(input.caller)) return skip("own_number");
  if (settings.blocklist.includes(input.caller)) return skip("blocklisted");
  if (input.undeliverable) return skip("undeliverable");
  if (input.optedOut) return skip("opted_out");
  if (
    input.lastTextedAt !== null &&
    input.now - input.lastTextedAt < settings.cooldownHours * 3_600_000
  ) {
    return skip("cooldown");
  }
  if (input.textedToday >= settings.dailyCap) return skip("daily_cap");

  const templateKind = chooseTemplate(outcome, input.open, input.templates);
  if (!templateKind) return skip("missing_template");
  if (settings.shadow) return skip("shadow_mode");
  return { action: "text", outcome, templateKind };
}

/** Skip reasons decided before (or by) the caller's consent and deliverability: SKIP_REASONS is in decide()'s order. */
const DECIDED_BEFORE_CALLER_STATUS = new Set<SkipReason>(SKIP_REASONS.slice(0, SKIP_REASONS.indexOf("opted_out") + 1));

/**
 * Whether knowing that the caller opted out, or cannot receive texts, could still change this
 * decision. A line that decides before that status is read (it is checked in the same D1 batch
 * that records the call) must look again when this is true: a text, or a skip for a reason that
 * ranks below consent (cooldown, daily cap, missing template, shadow mode).
 *
 * @example callerStatusCanChange({ action: "skip", outcome: "answered", reason: "answered" }) // false
 * @example callerStatusCanChange({ action: "skip", outcome: "no_answer", reason: "cooldown" }) // true
 */
export function callerStatusCanChange(decision: Decision): boolean {
  return decision.action === "text" || !DECIDED_BEFORE_CALLER_STATUS.has(decision.reason);
}

/**
 * A text decided before the caller's status was read, once D1 says the caller opted out or cannot
 * receive texts: what decide() answers with that status (nothing else could have stopped a text, so
 * the status check that runs first in decide()'s order names the reason). Null when neither holds.
 *
 * @example refusedText({ action: "text", outcome: "busy", templateKind: "missed_call" }, { optedOut: true, undeliverable: false })
 * // { action: "skip", outcome: "busy", reason: "opted_out" }
 */
export function refusedText(
  decision: Extract<Decision, { action: "text" }>,
  status: { optedOut: boolean; undeliverable: boolean },
): Decision | null {
  const applies: Record<"opted_out" | "undeliverable", boolean> = { opted_out: status.optedOut, undeliverable: status.undeliverable };
  const reason = SKIP_REASONS.find((r): r is "opted_out" | "undeliverable" => (r === "opted_out" || r === "undeliverable") && applies[r]);
  return reason ? { action: "skip", outcome: decision.outcome, reason } : null;
}
