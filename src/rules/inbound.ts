import type { ConsentKind, ConsentSource } from "./consent";
import type { KeywordFlag, KeywordResult } from "./keywords";
import type { TemplateKind } from "./reasons";

export interface InboundPlan {
  /** A ledger event to append, if any. */
  consent: { kind: ConsentKind; source: ConsentSource } | null;
  /** The template to answer with, if any. */
  reply: Extract<TemplateKind, "opt_out" | "opt_in" | "help"> | null;
  /** Relay the text to the business (it is a conversation). */
  relay: boolean;
  /** Cancel a delayed text-back or pending follow-up for this caller. */
  cancelPending: boolean;
  /** Short label stored with the inbound message. */
  label: "opt_out" | "opt_in" | "help" | "reply";
  /**
   * A reply a person reads before automation answers it (no qualification question): it may be an
   * opt-out, or asks to cancel. Null for anything else.
   */
  review: KeywordFlag;
}

/** A conversation: stored, relayed, answered by automation unless flagged for review. */
const REPLY: InboundPlan = { consent: null, reply: null, relay: true, cancelPending: true, label: "reply", review: null };

/**
 * What to do with a caller's text. `carrierConfirmed` is true when the carrier already answered the
 * keyword itself (Twilio Advanced Opt-Out sets `OptOutType`): the FCC allows one confirmation, so we
 * record the event and stay silent.
 *
 * @example planInbound({ kind: "opt_out", via: "keyword", ... }, false, false).reply // "opt_out"
 * @example planInbound({ kind: "opt_in", via: "keyword", matched: "YES", ... }, false, false).consent // null
 */
export function planInbound(keyword: KeywordResult, optedOut: boolean, carrierConfirmed: boolean): InboundPlan {
  const source: ConsentSource = keyword.via === "intent" ? "intent" : "keyword";
  switch (keyword.kind) {
    case "opt_out":
      return {
        consent: { kind: "opt_out", source },
        // A repeated STOP gets no second confirmation.
        reply: optedOut || carrierConfirmed ? null : "opt_out",
        relay: false,
        cancelPending: true,
        label: "opt_out",
        review: null,
      };
    case "opt_in":
      // START, YES and UNSTOP undo an opt-out (compliance.md §1.3). From someone who never opted
      // out, "YES" is an answer to our question: no express opt-in, no consent change.
      if (!optedOut) return REPLY;
      return {
        consent: { kind: "opt_in", source },
        reply: carrierConfirmed ? null : "opt_in",
        relay: false,
        cancelPending: false,
        label: "opt_in",
        review: null,
      };
    case "help":
      return {
        consent: { kind: "help", source },
        reply: carrierConfirmed ? null : "help",
        relay: false,
        cancelPending: false,
        label: "help",
        review: null,
      };
    default:
      return { ...REPLY, review: keyword.flag };
  }
}

/**
 * An owner's text to the business number: "+14155552671 On our way!" or "(415) 555-2671: On our way"
 * goes to that caller; anything else answers the newest relayed conversation.
 */
export function parseOwnerReply(body: string): { to: string | null; text: string } {
  const m = /^\s*(\+?1?[\s.-]?\(?[2-9]\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{4})\s*[:,-]?\s+([\s\S]+)$/.exec(body);
  if (!m) return { to: null, text: body.trim() };
  const digits = m[1]!.replace(/\D/g, "");
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  if (national.length !== 10) return { to: null, text: body.trim() };
  return { to: `+1${national}`, text: m[2]!.trim() };
}
