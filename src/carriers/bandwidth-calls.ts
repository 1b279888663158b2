/**
 * What Bandwidth says about a call, in the Twilio-style statuses rules/outcome.ts classifies, and the
 * BXML Textback answers a call with. Pure.
 */
import { escapeXml } from "../rules/xml-escape";

/**
 * A `disconnect` or `transferComplete` event's `cause`. `hangup` is a call that ended normally: one
 * that connected first (rules/outcome.ts withProgress turns a `completed` call that never connected
 * into `canceled`). Causes not listed are Bandwidth's or the application's errors.
 */
const CAUSE: Record<string, string> = {
  hangup: "completed",
  busy: "busy",
  rejected: "busy",
  timeout: "no-answer",
  cancel: "canceled",
};

/**
 * @example bandwidthCauseStatus("timeout") // "no-answer"
 * @example bandwidthCauseStatus("invalid-bxml") // "failed"
 */
export function bandwidthCauseStatus(cause: string | undefined): string {
  return CAUSE[(cause ?? "").toLowerCase()] ?? "failed";
}

/**
 * A `machineDetectionComplete` result as the `answeredBy` rules/outcome.ts reads: a machine is the
 * owner's voicemail; a person, silence, a timeout or an error say nothing (null).
 *
 * @example bandwidthMachineResult("answering-machine") // "machine_start"
 */
export function bandwidthMachineResult(value: string | undefined): string | null {
  switch ((value ?? "").toLowerCase()) {
    case "answering-machine":
      return "machine_start";
    case "tone-detected":
      return "fax";
    default:
      return null;
  }
}

/**
 * What our `tag` on the forwarded leg carries: the business number and the caller's call id, so the
 * forwarded leg's callbacks (addressed to the forward-to phone) find the number and the call.
 */
export function transferTag(businessNumber: string, callId: string): string {
  return `${businessNumber} ${callId}`;
}

export function readTransferTag(tag: string | null | undefined): { number: string; callId: string } | null {
  const m = /^(\+[1-9]\d{1,14}) ([A-Za-z0-9_-]{1,100})$/.exec(tag ?? "");
  return m ? { number: m[1]!, callId: m[2]! } : null;
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("");
}

/** `<Response>` with the verbs given (already written). */
export function bxml(...verbs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.join("")}</Response>`;
}

export interface TransferArgs {
  to: string;
  /** Where Bandwidth reports the forwarded leg answering and the transfer ending. */
  statusUrl: string;
  /** Basic credentials for those callbacks: the number's callback credentials. */
  username: string;
  password: string;
  timeoutSeconds: number;
  tag: string;
}

export interface RecordArgs {
  /** `recordComplete` (its answer is the call's next BXML) and `recordingAvailable` come here. */
  recordUrl: string;
  /** `transcriptionAvailable` comes here once the recording is transcribed. */
  transcriptionUrl: string;
  username: string;
  password: string;
  maxDurationSeconds: number;
}

export const bxmlVerbs = {
  /** Ring `to`; `transferAnswer` and `transferComplete` come to `statusUrl`. */
  transfer: (a: TransferArgs) =>
    `<Transfer${attrs({ transferCompleteUrl: a.statusUrl, transferCompleteMethod: "POST", username: a.username, password: a.password, callTimeout: a.timeoutSeconds, tag: a.tag })}>` +
    `<PhoneNumber${attrs({ transferAnswerUrl: a.statusUrl, transferAnswerMethod: "POST", username: a.username, password: a.password, tag: a.tag })}>${escapeXml(a.to)}</PhoneNumber></Transfer>`,
  speak: (text: string) => `<SpeakSentence>${escapeXml(text)}</SpeakSentence>`,
  /** A voicemail, ended by `#`, silence or its length, transcribed by Bandwidth. */
  record: (a: RecordArgs) =>
    `<Record${attrs({
      recordCompleteUrl: a.recordUrl,
      recordCompleteMethod: "POST",
      recordingAvailableUrl: a.recordUrl,
      recordingAvailableMethod: "POST",
      transcribe: "true",
      transcriptionAvailableUrl: a.transcriptionUrl,
      transcriptionAvailableMethod: "POST",
      username: a.username,
      password: a.password,
      terminatingDigits: "#",
      maxDuration: a.maxDurationSeconds,
      silenceTimeout: 5,
    })}/>`,
  hangup: () => "<Hangup/>",
};
