/** The rows and records of the line's SQLite (store.ts), as the line uses them. */

/**
 * `text`, `follow_up` and `page` wait for their time (rows `scheduled`); `queue` only for the queue
 * (rows `queued`); `digest`, a business phone's digest of the texts folded for it (its row is
 * written when it goes; `phone` is the business's phone, not a caller's).
 */
export type PendingKind = "text" | "follow_up" | "queue" | "page" | "digest";

export interface PendingRow extends Record<string, SqlStorageValue> {
  message_id: string;
  kind: PendingKind;
  phone: string;
  due: number;
  timezone: string;
  job: string;
}

/** A decided call or text whose records D1 or the queue refused, and the plan to write them (unrecorded.ts). */
export interface UnrecordedRow extends Record<string, SqlStorageValue> {
  /** The call's or the inbound message's D1 id. */
  id: string;
  job: string;
  attempts: number;
  due: number;
}

/** A decision the line made, as it answers a carrier's redelivery of the same event. */
export interface EventRow extends Record<string, SqlStorageValue> {
  id: string;
  call_id: string;
  outcome: string;
  decision: string;
  explanation: string;
  message_id: string | null;
}

/** The line's own record of one caller (callerState). */
export interface CallerState {
  lastTextedAt: number | null;
  textedToday: number;
  consent: LocalConsent | null;
  /** When the owner was last alerted that this caller called again within the cooldown. */
  repeatAlertAt: number | null;
}

/** The newest STOP/START this line saw from a caller (it may not have reached D1 yet). */
export interface LocalConsent {
  optedOut: boolean;
  at: number;
}

/** Where a caller's qualification stands: their lead, the answers so far, the question last asked. */
export interface Qualifying {
  leadId: string;
  fields: Record<string, string>;
  asked: string | null;
  done: boolean;
  /**
   * The question `asked` names was never sent: an urgent or safety answer took its place (one
   * automated text per reply). The next reply is then no answer to it; it answers only what the
   * extractors find in it, and the next open question goes with the next automated text.
   */
  unsent?: boolean;
  /** The questions replies did not answer, once per such reply (rules/qualify.ts: asked once again, then no more). */
  missed?: string[];
  /** When it last changed (read back from storage). */
  at?: number;
}

/** A text's cooldown and daily-cap reservation, and what to put back if it is given back. */
export interface Reservation {
  caller: string;
  day: string;
  previousTextAt: number | null;
}

/** The pages sent about one caller's emergency in the last day (PageRecords.about). */
export type { CallerPages } from "../rules/triage";
