/**
 * How the lists (leads, conversations) name a caller's emergency in a chip or two (DESIGN.md §6.3):
 * an urgent lead's page, taken and by whom or not, and a danger the caller named. A list row has
 * little room, so the taker is named by their name alone (the card says their number). Pure.
 */
import { storedActorWords } from "./acted-by";
import { formatPhone } from "./display";

/** What a lead holds of its emergency. */
export interface LeadEmergencyFacts {
  urgent: boolean;
  acknowledgedAt: number | null;
  /** "Sam (+17372345601)", a bare phone, or a name (db/lead-acts.ts). */
  acknowledgedBy: string | null;
  dangerAt: number | null;
  /** Closed leads' pages are over: their chip is history, not a call to act. */
  closed: boolean;
}

export interface EmergencyChip {
  words: string;
  tone: "ok" | "bad" | "";
}

/**
 * Who took a page, as short as a list row needs: their name, "the owner" for the business's own
 * phone, else the phone as people write it.
 *
 * @example takerName("Sam (+17372345601)", null) // "Sam"
 * @example takerName("+15122345699", "+15122345699") // "the owner"
 * @example takerName("+17372345601", null) // "(737) 234-5601"
 */
export function takerName(stored: string, ownerPhone: string | null): string {
  stored = storedActorWords(stored);
  const named = /^(.*\S) \(\+\d{6,15}\)$/.exec(stored);
  if (named) return named[1]!;
  if (ownerPhone !== null && stored === ownerPhone) return "the owner";
  return formatPhone(stored);
}

/**
 * An urgent lead's chip: whether its page was taken. Null for a lead that is not urgent.
 *
 * @example urgentChip({ urgent: true, acknowledgedAt: 1, acknowledgedBy: "Dr. Lee", dangerAt: null, closed: false }, null)
 * // { words: "Urgent · taken by Dr. Lee", tone: "ok" }
 * @example urgentChip({ urgent: true, acknowledgedAt: null, acknowledgedBy: null, dangerAt: null, closed: false }, null)
 * // { words: "Urgent · not taken", tone: "bad" }
 */
export function urgentChip(lead: LeadEmergencyFacts, ownerPhone: string | null): EmergencyChip | null {
  if (!lead.urgent) return null;
  if (lead.acknowledgedAt !== null) {
    const by = lead.acknowledgedBy ? ` by ${takerName(lead.acknowledgedBy, ownerPhone)}` : "";
    return { words: `Urgent · taken${by}`, tone: lead.closed ? "" : "ok" };
  }
  return lead.closed ? { words: "Urgent · nobody took it", tone: "" } : { words: "Urgent · not taken", tone: "bad" };
}

/** The words of a danger's chip, and what it means for its title. */
export const DANGER_WORDS = "Danger";
export const DANGER_MEANS = "The caller named a danger (a safety word) and was sent the safety message";
