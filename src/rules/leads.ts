/**
 * Leads (DESIGN.md §6.1): which calls make one, and how a lead's status may move. Pure: no I/O.
 */
import { CONTACT_TAGS, type LeadStatus } from "../vocabulary";
import type { Decision, SkipReason } from "./reasons";

/**
 * Calls that are not a prospective customer: no number to call back, a number that is not a
 * person's (premium, toll-free, invalid), the business's own lines and people (contacts tagged
 * internal), and numbers it blocked. A VIP's call is one: the owner calls back about something.
 */
const NOT_A_LEAD: ReadonlySet<SkipReason> = new Set<SkipReason>([
  "answered",
  "withheld_caller_id",
  "invalid_number",
  "premium_rate",
  "toll_free",
  "own_number",
  "internal",
  "blocked",
]);

/** The contact tags whose calls are no lead (NOT_A_LEAD's contact reasons): the SQL that records a call checks them. */
export const NOT_A_LEAD_TAGS = CONTACT_TAGS.filter((t) => NOT_A_LEAD.has(t as SkipReason));

/**
 * The reasons a missed call was not texted that also say its caller is no prospective customer
 * (NOT_A_LEAD but `answered`): the report leaves these callers out of the ones it could recover.
 */
export const NOT_A_CUSTOMER_REASONS: readonly SkipReason[] = [...NOT_A_LEAD].filter((r) => r !== "answered");

/**
 * Whether a decided call opens (or joins) its caller's lead: every missed call from a callable
 * person does, texted or not (a caller in cooldown, opted out or over the cap still called).
 *
 * @example touchesLead({ action: "skip", outcome: "busy", reason: "cooldown" }) // true
 * @example touchesLead({ action: "skip", outcome: "no_answer", reason: "blocked" }) // false
 */
export function touchesLead(decision: Decision): boolean {
  return decision.action === "text" || !NOT_A_LEAD.has(decision.reason);
}

/** `won` and `lost` close a lead: the caller's next missed call or text opens a new one. */
export const isClosed = (status: LeadStatus): boolean => status === "won" || status === "lost";

/** Where the system moves a lead by itself; a person may set any status (see personMove). */
const SYSTEM_MOVES: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  new: ["engaged", "qualified", "booked", "lost"],
  engaged: ["qualified", "booked", "lost"],
  qualified: ["booked", "lost"],
  booked: [],
  won: [],
  lost: [],
};

/**
 * Whether the system may move a lead from `from` to `to` (a reply engages it, the last answer
 * qualifies it, a booking books it, an out-of-area ZIP loses it); never backwards, never to `won`,
 * never out of a closed lead.
 *
 * @example systemMove("new", "engaged") // true
 * @example systemMove("qualified", "engaged") // false
 */
export function systemMove(from: LeadStatus, to: LeadStatus): boolean {
  return SYSTEM_MOVES[from].includes(to);
}

/**
 * What a person's status change does to the lead's times: closing stamps `closedAt` (and drops a
 * won amount on `lost`); reopening clears it; `qualified` and `booked` keep the first time they
 * were reached. `null` when nothing changes.
 */
export function personMove(
  lead: { status: LeadStatus; qualifiedAt: number | null; bookedAt: number | null; closedAt: number | null },
  to: LeadStatus,
  now: number,
): { status: LeadStatus; closedAt: number | null; qualifiedAt: number | null; bookedAt: number | null } | null {
  if (lead.status === to) return null;
  return {
    status: to,
    closedAt: isClosed(to) ? (lead.closedAt ?? now) : null,
    qualifiedAt: to === "qualified" ? (lead.qualifiedAt ?? now) : lead.qualifiedAt,
    bookedAt: to === "booked" ? (lead.bookedAt ?? now) : lead.bookedAt,
  };
}

/** The event a status reached by a person (or the system) tells the business's system. */
export function statusEvent(to: LeadStatus): "lead.qualified" | "lead.booked" | "lead.won" | "lead.lost" | null {
  switch (to) {
    case "qualified":
      return "lead.qualified";
    case "booked":
      return "lead.booked";
    case "won":
      return "lead.won";
    case "lost":
      return "lead.lost";
    default:
      return null;
  }
}
