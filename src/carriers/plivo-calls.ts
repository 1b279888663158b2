/**
 * What Plivo says about a call, in the Twilio-style statuses rules/outcome.ts classifies, and the
 * Plivo XML Textback answers a call with. Pure.
 */
import { escapeXml } from "../rules/xml-escape";

/** `DialStatus` (the `<Dial action>` callback) and `CallStatus` (the hangup URL) values that end a call. */
const STATUS: Record<string, string> = {
  completed: "completed",
  busy: "busy",
  "no-answer": "no-answer",
  timeout: "no-answer",
  failed: "failed",
  cancel: "canceled",
};

/**
 * FreeSWITCH-style `HangupCause` / `DialHangupCause`: what a call that did not connect ended with.
 * Causes not listed (UNALLOCATED_NUMBER, NETWORK_OUT_OF_ORDER…) mean the call could not be made.
 */
const CAUSE: Record<string, string> = {
  ORIGINATOR_CANCEL: "canceled",
  USER_BUSY: "busy",
  CALL_REJECTED: "busy",
  NO_ANSWER: "no-answer",
  NO_USER_RESPONSE: "no-answer",
  ALLOTTED_TIMEOUT: "no-answer",
  NORMAL_CLEARING: "completed",
};

/**
 * A Plivo call status and hangup cause as a Twilio-style status, or null while the call is not over
 * (`ringing`, `in-progress`). A completed call is completed whatever the cause (either side may hang
 * up); otherwise the caller hanging up first is `canceled` whatever the status says, and a status
 * Plivo does not name is read from the cause.
 *
 * @example plivoCallStatus("no-answer", "ORIGINATOR_CANCEL") // "canceled"
 * @example plivoCallStatus("timeout", "NO_ANSWER") // "no-answer"
 */
export function plivoCallStatus(status: string, cause: string | undefined): string | null {
  const s = status.toLowerCase();
  if (s === "completed") return "completed";
  const c = (cause ?? "").toUpperCase();
  if (c === "ORIGINATOR_CANCEL") return "canceled";
  const mapped = STATUS[s];
  if (mapped) return mapped;
  if (s === "ringing" || s === "in-progress" || s === "queued" || s === "") return null;
  return CAUSE[c] === "completed" ? "failed" : (CAUSE[c] ?? "failed");
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/** `<Response>` with the elements given (already written). */
export function plivoXml(...elements: string[]): string {
  return `${XML_HEAD}<Response>${elements.join("")}</Response>`;
}

export const plivoElements = {
  /** Ring `number`; Plivo posts `DialStatus` to `action` when the forwarded leg ends. */
  dial: (number: string, attrs: { action: string; timeout: number }) =>
    `<Dial action="${escapeXml(attrs.action)}" method="POST" timeout="${attrs.timeout}"><Number>${escapeXml(number)}</Number></Dial>`,
  speak: (text: string) => `<Speak>${escapeXml(text)}</Speak>`,
  /**
   * A voicemail after the beep (ended by `#`, silence or `maxLength`); Plivo then fetches `action`
   * for what to do next, and posts the recording's words to `transcriptionUrl` minutes later.
   */
  record: (attrs: { action: string; maxLength: number; transcriptionUrl: string }) =>
    `<Record action="${escapeXml(attrs.action)}" method="POST" maxLength="${attrs.maxLength}" playBeep="true" finishOnKey="#" ` +
    `transcriptionType="auto" transcriptionUrl="${escapeXml(attrs.transcriptionUrl)}" transcriptionMethod="POST"/>`,
  hangup: () => "<Hangup/>",
};
