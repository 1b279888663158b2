import type { Outcome } from "./reasons";

/**
 * The carrier facts about a finished call, whatever the carrier. `source` says which signal it was:
 * the `<Dial>` action (status of the forwarded leg), the inbound call's own status callback, our own
 * answer when there is nobody to forward to (`unforwarded`), or a call the business's own line
 * forwarded to us unanswered (a number in `forwarded` mode: it arrives already missed).
 */
export interface CallFacts {
  source: "dial" | "status" | "unforwarded" | "ai" | "forwarded";
  status: string;
  durationSeconds?: number;
  answeredBy?: string;
  /** The number the call was forwarded from (Twilio `ForwardedFrom`, Telnyx diversion), when the carrier says. */
  forwardedFrom?: string;
}

const FINAL_STATUSES = new Set(["completed", "answered", "busy", "no-answer", "failed", "canceled"]);

/**
 * Classify a finished call; null while the call is still in progress (ringing, in-progress…),
 * which is not a decision point.
 *
 * @example classifyOutcome({ source: "dial", status: "no-answer" }, 5) // "no_answer"
 */
export function classifyOutcome(facts: CallFacts, minAnsweredSeconds: number): Outcome | null {
  // Nobody to forward to: nobody answered. It is decided as the call comes in, before the caller
  // could leave a message (one they leave shows as itself), so it is no voicemail, offered or not.
  if (facts.source === "unforwarded") return "no_answer";
  // Forwarded on no answer, busy or unreachable: which one, the business's own carrier never says.
  if (facts.source === "forwarded") return "no_answer";
  if (facts.source === "ai") {
    // An AI receptionist's own verdict: it answered, so the carrier would call every call "answered".
    return facts.status === "abandoned" ? "ai_abandoned" : facts.status === "failed" ? "ai_failed" : "answered";
  }
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

/** What happened earlier in a call, for carriers that report legs separately (Telnyx Call Control). */
export interface CallProgress {
  /** When the caller was connected to a person or an answering system. */
  connectedAt: number | null;
  answeredBy: string | null;
}

/**
 * Judge a hangup with the call's history: connected calls end "completed" with their talk time (so
 * short calls and machines are caught as usual); a "normal" hangup of a call that never connected is
 * the caller giving up.
 *
 * @example withProgress({ source: "status", status: "completed" }, null, Date.now()).status // "canceled"
 */
export function withProgress(facts: CallFacts, progress: CallProgress | null, endedAt: number): CallFacts {
  if (!progress?.connectedAt) {
    return facts.status === "completed" ? { ...facts, status: "canceled" } : facts;
  }
  return {
    ...facts,
    status: "completed",
    durationSeconds: Math.max(0, Math.round((endedAt - progress.connectedAt) / 1000)),
    ...(progress.answeredBy ? { answeredBy: progress.answeredBy } : {}),
  };
}
