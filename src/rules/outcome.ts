import type { Outcome } from "./reasons";

/**
 * The carrier facts about a finished call, whatever the carrier. `source` says which signal it was:
 * the `<Dial>` action (status of the forwarded leg), the inbound call's own status callback, or our
 * own voicemail answer when there is nobody to forward to.
 */
export interface CallFacts {
  source: "dial" | "status" | "voicemail";
  status: string;
  durationSeconds?: number;
  answeredBy?: string;
}

const FINAL_STATUSES = new Set(["completed", "answered", "busy", "no-answer", "failed", "canceled"]);

/**
 * Classify a finished call; null while the call is still in progress (ringing, in-progress…),
 * which is not a decision point.
 *
 * @example classifyOutcome({ source: "dial", status: "no-answer" }, 5) // "no_answer"
 */
export function classifyOutcome(facts: CallFacts, minAnsweredSeconds: number): Outcome | null {
  if (facts.source === "voicemail") return "voicemail";
  const status = facts.status.toLowerCase();
  if (!FINAL_STATUSES.has(status)) return null;
  switch (status) {
    case "busy":
      return "busy";
    case "no-answer":
      return "no_answer";
    case "failed":
      return "failed";
    case "canceled":
      return "canceled";
  }
  // completed / answered: a machine or fax that picked up is the owner's voicemail, not a person
  const by = (facts.answeredBy ?? "").toLowerCase();
  if (by.startsWith("machine") || by === "fax") return "voicemail";
  if (facts.durationSeconds !== undefined && facts.durationSeconds < minAnsweredSeconds) {
    return "short_call";
  }
  return "answered";
}
