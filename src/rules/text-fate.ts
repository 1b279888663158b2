/**
 * What finally happened to a text, and so to a missed call, in words, from the text's stored
 * status: never "Texted" for a text that was canceled, suppressed, failed or is still waiting, and
 * never a raw code. Pure: the calls list, the conversation and the API all say it this way.
 */
import { carrierErrorWords } from "./carrier-errors";
import { explainCode } from "./reasons";
import { isDailyLimit, refusalWords } from "./outbound-guard";
import { FOLDED_CODE } from "./owner-digest";
import { CANCEL_REASONS, OUTBOUND_REFUSALS, type CancelReason, type MessageStatus } from "../vocabulary";

/** What a text's fate is read from (a `messages` row, or part of one). */
export interface TextState {
  status: MessageStatus;
  errorCode: string | null;
  errorMessage?: string | null;
  attempts?: number;
}

export interface TextFate {
  /** The carrier took it (sent or delivered). */
  went: boolean;
  /** "Delivered", "Not sent: they called back and were answered", "Failed: the carrier rejected the number". */
  words: string;
  tone: "ok" | "warn" | "bad" | "";
}

const CANCELED_BECAUSE: Record<CancelReason, string> = {
  replied: "they texted first",
  opted_out: "they opted out first",
  answered_callback: "they called back and were answered",
  acknowledged: "someone took the page",
  admin: "a person canceled it",
  handed_over: "a person answered",
  lead_won: "the lead was won",
  lead_lost: "the lead was lost",
  lead_booked: "the lead was booked",
  blocked: "the caller was blocked",
};

const isOneOf = <T extends string>(list: readonly T[], code: string | null): code is T => (list as readonly string[]).includes(code ?? "");

/**
 * Why a text that never went out did not: the line canceled it ("they called back and were
 * answered"), or the outbox held it back at send time (the caller had opted out, or the cost guard
 * refused it: "the number is premium-rate or shared-cost").
 */
function notSentBecause(t: TextState): string {
  if (t.status === "canceled") return isOneOf(CANCEL_REASONS, t.errorCode) ? CANCELED_BECAUSE[t.errorCode] : "it was canceled";
  if (t.errorCode === "opted_out") return "they had opted out by the time it was due";
  if (isOneOf(OUTBOUND_REFUSALS, t.errorCode)) return capAsRefused(t) ?? refusalWords(t.errorCode);
  return "it was held back";
}

/** A daily limit's words as the outbox stored them, naming the cap it was refused under (the setting may have changed since). */
function capAsRefused(t: TextState): string | null {
  return isDailyLimit(t.errorCode) && t.errorMessage?.startsWith(NOT_SENT) ? t.errorMessage.slice(NOT_SENT.length) : null;
}

const NOT_SENT = "Not sent: ";

/** Why a text failed: the carrier's refusal in words, or the retries running out. */
function failedBecause(t: TextState): string {
  if (t.status !== "dead") return carrierErrorWords(t.errorCode);
  if (!t.errorCode) return t.errorMessage ? t.errorMessage.replace(/; retry it$/, "") : "every retry was used";
  const tries = t.attempts ? ` after ${t.attempts} tries` : "";
  return `gave up${tries}: ${carrierErrorWords(t.errorCode)}`;
}

/** A text's fate, as a chip beside it. */
export function textFate(t: TextState): TextFate {
  switch (t.status) {
    case "delivered":
      return { went: true, tone: "ok", words: "Delivered" };
    case "sent":
      return { went: true, tone: "ok", words: "Sent" };
    case "received":
      return { went: false, tone: "ok", words: "Received" };
    case "scheduled":
      return { went: false, tone: "warn", words: "Scheduled" };
    case "queued":
    case "sending":
      return { went: false, tone: "warn", words: "Sending" };
    case "retrying":
      return { went: false, tone: "warn", words: `Trying again: ${carrierErrorWords(t.errorCode)}` };
    case "canceled":
    case "suppressed":
      if (t.status === "canceled" && t.errorCode === FOLDED_CODE) return { went: false, tone: "", words: foldedWords(t) };
      return { went: false, tone: "", words: `Not sent: ${notSentBecause(t)}` };
    case "failed":
    case "undelivered":
    case "dead":
      return { went: false, tone: "bad", words: `Failed: ${failedBecause(t)}` };
  }
}

/** A text the owner's flood guard folded (rules/owner-digest.ts): it went as part of one digest, whose time its row keeps. */
function foldedWords(t: TextState): string {
  return t.errorMessage ? `In the owner's digest at ${t.errorMessage}` : "In the owner's digest";
}

/**
 * What Textback did about a call, from its decision and its text-back's final state: "Texted: no
 * answer (delivered)", "Not texted: they called back and were answered", "Text failed: the carrier
 * rejected the number", "Text scheduled: no answer". A call that was not texted says why.
 */
export function explainCall(decision: string, textBack: TextState | null): string {
  const decided = explainCode(decision);
  if (!decision.startsWith("texted:") || !textBack) return decided;
  const outcome = decided.replace(/^Texted: /, "");
  switch (textBack.status) {
    case "sent":
      return decided;
    case "delivered":
      return `${decided} (delivered)`;
    case "scheduled":
      return `Text scheduled: ${outcome}`;
    case "queued":
    case "sending":
    case "retrying":
      return `Texting: ${outcome}`;
    case "canceled":
    case "suppressed":
      return `Not texted: ${notSentBecause(textBack)}`;
    case "failed":
    case "undelivered":
    case "dead":
      return `Text failed: ${failedBecause(textBack)}`;
    case "received":
      return decided;
  }
}
