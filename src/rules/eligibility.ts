import type { BusinessSettings } from "../settings";
import { isLandlineError } from "./carrier-errors";
import { standingOf, type CallerContact } from "./contacts";
import { callerNumberProblem } from "./phone";
import { SKIP_REASONS, type Decision, type Outcome, type SkipReason, type TemplateKind } from "./reasons";

/**
 * What D1 knows of a caller that a line may decide without (it reads it in the batch that records
 * the call): their contact, whether the carrier can reach them, and their consent.
 */
export interface CallerStatus {
  optedOut: boolean;
  undeliverable: boolean;
  /** The carrier's error that made the number undeliverable (a landline's: rules/carrier-errors.ts isLandlineError). */
  undeliverableCode?: string | null;
  /** The carrier's lookup said the number is a landline (setting `lookupLineType`). */
  landline?: boolean;
  contact: CallerContact | null;
}

/** Everything the decision needs, gathered by the line before it decides; no I/O happens here. */
export interface DecisionInput {
  outcome: Outcome;
  caller: string;
  settings: BusinessSettings;
  /** The business's own numbers and its forward-to phone: texting them would loop. */
  ownNumbers: readonly string[];
  /** The business's contact for this caller (DESIGN.md §6.4); null for a stranger, or when not read yet. */
  contact?: CallerContact | null;
  optedOut: boolean;
  /** The carrier rejected an earlier text to this number as undeliverable (landline, unknown…). */
  undeliverable?: boolean;
  /** Its error code: a landline's makes the skip `undeliverable_landline` (the owner calls them back). */
  undeliverableCode?: string | null;
  /** The carrier's lookup said the number is a landline (only D1 knows: the line decides without it). */
  landline?: boolean;
  /** When this caller was last texted by this line, ms since epoch. */
  lastTextedAt: number | null;
  /** Texts already sent today (business local day) by this line. */
  textedToday: number;
  /** Whether the business is open now (chooses missed_call vs after_hours). */
  open: boolean;
  /** Template kinds the business has. */
  templates: readonly TemplateKind[];
  now: number;
}

/** The template for a missed call of this kind, falling back to the general one. */
export function chooseTemplate(
  outcome: Outcome,
  open: boolean,
  available: readonly TemplateKind[],
): TemplateKind | null {
  const preferred: TemplateKind[] = [];
  if (outcome === "voicemail") preferred.push("voicemail");
  if (outcome === "ai_abandoned" || outcome === "ai_failed") preferred.push("ai_abandoned");
  if (!open) preferred.push("after_hours");
  preferred.push("missed_call");
  return preferred.find((k) => available.includes(k)) ?? null;
}

/**
 * Decide whether a finished call gets a text. Checks run in SKIP_REASONS' order, so the reason
 * recorded is the most fundamental one: an answered call is "answered" even if the caller is also
 * opted out. A contact tagged internal, blocked or vip is not texted; a customer gets the
 * `existing_customer` text where the business has one (a stranger would be texted too: being a
 * customer never turns a skip into a text).
 *
 * @example decide({ outcome: "no_answer", caller: "+14155552671", ... }) // { action: "text", ... }
 */
export function decide(input: DecisionInput): Decision {
  const { outcome, settings } = input;
  const skip = (reason: SkipReason): Decision => ({ action: "skip", outcome, reason });

  if (outcome === "answered") return skip("answered");
  if (settings.paused) return skip("paused");

  const problem = callerNumberProblem(input.caller, settings.allowedCountries);
  if (problem === "withheld_caller_id" || problem === "invalid_number") return skip(problem);
  const standing = standingOf(input.contact ?? null);
  if (standing === "internal" || standing === "blocked" || standing === "vip") return skip(standing);
  if (problem) return skip(problem);

  if (input.ownNumbers.includes(input.caller)) return skip("own_number");
  if (input.undeliverable) return skip(undeliverableReason(input.undeliverableCode));
  if (input.landline) return skip("landline");
  if (input.optedOut) return skip("opted_out");
  if (
    input.lastTextedAt !== null &&
    input.now - input.lastTextedAt < settings.cooldownHours * 3_600_000
  ) {
    return skip("cooldown");
  }
  if (input.textedToday >= settings.dailyCap) return skip("daily_cap");

  const chosen = chooseTemplate(outcome, input.open, input.templates);
  if (!chosen) return skip("missing_template");
  if (settings.shadow) return skip("shadow_mode");
  const templateKind = standing === "customer" && input.templates.includes("existing_customer") ? "existing_customer" : chosen;
  return { action: "text", outcome, templateKind };
}

/**
 * Why a number the carrier refused a text to is not texted: `undeliverable_landline` when it
 * refused it as a landline's (the owner is told to call them back, as for a landline the lookup
 * found), `undeliverable` for any other refusal (an invalid or unknown number, a block).
 *
 * @example undeliverableReason("21614") // "undeliverable_landline"
 * @example undeliverableReason("30005") // "undeliverable"
 */
export function undeliverableReason(code: string | null | undefined): "undeliverable" | "undeliverable_landline" {
  return isLandlineError(code) ? "undeliverable_landline" : "undeliverable";
}

/** Skip reasons decided before the caller's status is looked at (SKIP_REASONS is in decide()'s order). */
const DECIDED_BEFORE_CALLER_STATUS = new Set<SkipReason>(SKIP_REASONS.slice(0, SKIP_REASONS.indexOf("internal")));

/**
 * Whether knowing the caller's status (their contact, whether they can be reached, their consent)
 * could still change this decision. A line that decides before that status is read (it is read in
 * the same D1 batch that records the call) must look again when this is true: a text (a customer's
 * is another text; a VIP, staff or a blocked number get none), or a skip for a reason the status
 * ranks before or beside.
 *
 * @example callerStatusCanChange({ action: "skip", outcome: "answered", reason: "answered" }) // false
 * @example callerStatusCanChange({ action: "skip", outcome: "no_answer", reason: "cooldown" }) // true
 */
export function callerStatusCanChange(decision: Decision): boolean {
  return decision.action === "text" || !DECIDED_BEFORE_CALLER_STATUS.has(decision.reason);
}

/** The caller-status reasons that apply, in decide()'s order. */
function statusReasons(status: CallerStatus): SkipReason[] {
  const standing = standingOf(status.contact);
  const applies: Partial<Record<SkipReason, boolean>> = {
    internal: standing === "internal",
    blocked: standing === "blocked",
    vip: standing === "vip",
    [undeliverableReason(status.undeliverableCode)]: status.undeliverable,
    landline: status.landline === true,
    opted_out: status.optedOut,
  };
  return SKIP_REASONS.filter((r) => applies[r] === true);
}

const rank = (reason: SkipReason) => SKIP_REASONS.indexOf(reason);

/**
 * A decision made before the caller's status was read, once D1 says what it is: what decide() would
 * have answered knowing it, or null when that is the same decision. Only the status can make the
 * difference, so the first status reason that applies and ranks before the decision's own wins (a
 * text passed every other check); a customer's text becomes `existing_customer` when the business
 * has that template.
 *
 * @example withCallerStatus({ action: "text", outcome: "busy", templateKind: "missed_call" }, { optedOut: true, undeliverable: false, contact: null }, false)
 * // { action: "skip", outcome: "busy", reason: "opted_out" }
 */
export function withCallerStatus(decision: Decision, status: CallerStatus, hasCustomerTemplate: boolean): Decision | null {
  if (!callerStatusCanChange(decision)) return null;
  const reason = statusReasons(status)[0];
  if (reason && (decision.action === "text" || rank(reason) < rank(decision.reason))) return { action: "skip", outcome: decision.outcome, reason };
  if (decision.action === "text" && decision.templateKind !== "existing_customer" && standingOf(status.contact) === "customer" && hasCustomerTemplate) {
    return { ...decision, templateKind: "existing_customer" };
  }
  return null;
}
