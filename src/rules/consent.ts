/** Consent derived from the append-only ledger (compliance.md §4). */

export { CONSENT_KINDS, CONSENT_SOURCES, type ConsentKind, type ConsentSource } from "../vocabulary";
export type ConsentStatus = "opted_in" | "opted_out" | "implied" | "none";

/**
 * The current status from events in time order: the newest opt-out or opt-in decides; otherwise a
 * call (implied consent to a reply about that call) or nothing.
 *
 * @example consentStatus([{ kind: "implied_by_call" }, { kind: "opt_out" }]) // "opted_out"
 */
export function consentStatus(events: readonly { kind: string }[]): ConsentStatus {
  for (let i = events.length - 1; i >= 0; i--) {
    const k = events[i]!.kind;
    if (k === "opt_out") return "opted_out";
    if (k === "opt_in") return "opted_in";
  }
  return events.some((e) => e.kind === "implied_by_call") ? "implied" : "none";
}

/**
 * Texts that may go to an opted-out phone: the opt-out confirmation itself, HELP answers (which the
 * rules require for anyone, subscribed or not), and the answers to what the business's own people
 * text in (a shortcut's confirmation, their STOP's). Relays, pages, alerts and digests are
 * automated texts to the owner and the on-call phones: a STOP from one of them stops those too
 * (rules/staff-consent.ts).
 */
const EXEMPT = new Set(["opt_out", "help", "command_reply"]);

export function requiresConsent(messageKind: string): boolean {
  return !EXEMPT.has(messageKind);
}
