/**
 * A Vonage Voice leg's `status` event (carriers.md §5) as the carrier-neutral call facts that
 * rules/outcome.ts classifies. Pure.
 */
import type { CallFacts } from "../rules/outcome";

/**
 * Each final leg status, in Twilio's words (rules/outcome.ts speaks them). `rejected` is the phone
 * declining the call, which Twilio reports as `busy`; `machine` is the answering-machine detection of
 * a `connect` with `machineDetection`: the owner's voicemail took the call.
 */
const FINAL: Record<string, Omit<CallFacts, "source" | "durationSeconds">> = {
  timeout: { status: "no-answer" },
  unanswered: { status: "no-answer" },
  busy: { status: "busy" },
  rejected: { status: "busy" },
  failed: { status: "failed" },
  cancelled: { status: "canceled" },
  machine: { status: "completed", answeredBy: "machine_start" },
  completed: { status: "completed" },
};

/**
 * The facts of a leg's event, or null for one that decides nothing (`started`, `ringing`,
 * `answered`, `human`, `disconnected`…). `source` is `dial` for the leg we connected to the business
 * phone (forward mode), `status` for the caller's own leg (status mode). `completed` carries the
 * leg's talk time, which tells a real conversation from a short one.
 *
 * @example vonageLegFacts("timeout", undefined, "dial") // { source: "dial", status: "no-answer" }
 * @example vonageLegFacts("completed", 4, "dial") // { source: "dial", status: "completed", durationSeconds: 4 }
 */
export function vonageLegFacts(status: string, durationSeconds: number | undefined, source: "dial" | "status"): CallFacts | null {
  const final = FINAL[status.toLowerCase()];
  if (!final) return null;
  return { source, ...final, ...(final.status === "completed" && durationSeconds !== undefined ? { durationSeconds } : {}) };
}
