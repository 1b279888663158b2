/**
 * When automation stops for a caller for good (DESIGN.md §6.2, §6.3, §6.4, §6.6) and what it stops:
 * the caller's held texts (a delayed text-back, the follow-up) and the pages held for their
 * emergency. Decided when a person acts (the line cancels them then) and again when a held text
 * comes due (a line that was not told refuses it then). Pure: no I/O.
 */
import type { LeadStatus, StopReason } from "../vocabulary";
import type { OwnerCommand } from "./owner-commands";

/** A text the line holds for a caller: their own text-back or follow-up, or a page to a person about them. */
export type HeldKind = "text" | "follow_up" | "page";

/**
 * Whether a stop also cancels the pages held for the caller's emergency: only once the lead is
 * over (won, lost, the caller blocked). A person's answer or a booking leaves the page to be taken:
 * escalation goes on until someone replies OK.
 *
 * @example stopsPages("lead_won") // true
 * @example stopsPages("handed_over") // false
 */
export function stopsPages(reason: StopReason): boolean {
  return reason === "lead_won" || reason === "lead_lost" || reason === "blocked";
}

/**
 * The stop a lead's status means, or null while it is still being worked.
 *
 * @example statusStop("booked") // "lead_booked"
 * @example statusStop("qualified") // null
 */
export function statusStop(status: LeadStatus): StopReason | null {
  if (status === "won") return "lead_won";
  if (status === "lost") return "lead_lost";
  return status === "booked" ? "lead_booked" : null;
}

/**
 * The stop an owner's shortcut means: the status it sets (`W`, `L`, `B`), or the caller blocked.
 *
 * @example commandStop({ kind: "won", cents: 45_000 }) // "lead_won"
 */
export function commandStop(command: OwnerCommand): StopReason {
  return COMMAND_STOPS[command.kind];
}

const COMMAND_STOPS = { won: "lead_won", lost: "lead_lost", booked: "lead_booked", block: "blocked" } as const satisfies Record<OwnerCommand["kind"], StopReason>;

/** What the business knows of a caller when one of their held texts comes due. */
export interface CallerStanding {
  /** Their open lead, else their newest closed one (`acknowledged`: someone took its page); null when they have none. */
  lead: { status: LeadStatus; handedOver: boolean; acknowledged?: boolean } | null;
  /** A contact tagged `blocked`. */
  blocked: boolean;
}

/**
 * Why a held text that is due must not go out, or null to send it: the caller was blocked, their
 * lead was won, lost or booked, or a person wrote to them. A page goes unless the lead is over or
 * someone took the page (on the admin page, while the line could not be told); a delayed text-back
 * unless the caller was blocked.
 *
 * @example heldTextStop("follow_up", { lead: { status: "engaged", handedOver: true }, blocked: false }) // "handed_over"
 * @example heldTextStop("page", { lead: { status: "engaged", handedOver: true }, blocked: false }) // null
 * @example heldTextStop("page", { lead: { status: "won", handedOver: true }, blocked: false }) // "lead_won"
 * @example heldTextStop("text", { lead: { status: "booked", handedOver: true }, blocked: false }) // null
 * @example heldTextStop("page", { lead: { status: "engaged", handedOver: false, acknowledged: true }, blocked: false }) // "acknowledged"
 */
export function heldTextStop(kind: HeldKind, standing: CallerStanding): StopReason | "acknowledged" | null {
  // A delayed text-back answers a call decided after whatever its lead went through before (a lead
  // a person answered, or booked, stays open): only a block stops it here. A person's act during the
  // delay stops it at once (BusinessLine.stopAutomation).
  if (kind === "text") return standing.blocked ? "blocked" : null;
  const { lead } = standing;
  const reasons: (StopReason | null)[] = [standing.blocked ? "blocked" : null, lead ? statusStop(lead.status) : null, lead?.handedOver ? "handed_over" : null];
  const stop = reasons.find((r): r is StopReason => r !== null && (kind !== "page" || stopsPages(r))) ?? null;
  return stop ?? (kind === "page" && lead?.acknowledged ? "acknowledged" : null);
}
