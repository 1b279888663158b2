/** What a report answers (report.ts counts it; figures.ts says what each figure means). */
import type { TextGroup } from "./text-groups";

/** Where outbound texts stand: sent, failed, queued, scheduled and canceled take each text once; delivered is part of sent. */
export const TEXT_STATES = ["sent", "delivered", "failed", "queued", "scheduled", "canceled"] as const;
export type TextState = (typeof TEXT_STATES)[number];

export interface Report {
  from: string;
  to: string;
  /** Calls, not people. */
  calls: { total: number; answered: number; missed: number };
  /** People, each once: missed ⊇ textedBack ⊇ delivered, and textedBack ⊇ replied. */
  callers: { total: number; missed: number; textedBack: number; delivered: number; replied: number };
  /** Every outbound text by where it stands, and the sent ones by what they are for. */
  texts: Record<TextState, number> & { sentByKind: Record<TextGroup, number> };
  replies: number;
  optOuts: number;
  /** callers.replied ÷ callers.missed; null with no missed caller. */
  recoveryRate: number | null;
  medianSecondsToText: number | null;
}
