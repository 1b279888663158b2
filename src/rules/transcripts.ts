/**
 * Reading a voicemail's words from the carrier (Vonage, Bandwidth: their callbacks carry none):
 * what each answer does, and how it reads to a person. Pure.
 */
import type { TranscriptStatus } from "../vocabulary";
import { API_USER_RETIRED } from "./carrier-errors";

/**
 * Why a read got no words: the carrier's HTTP status, no answer at all (`network`: refused, reset
 * or timed out), an address that is not the carrier's (`foreign_url`: never asked, no token sent),
 * or credentials of a kind the carrier no longer takes (`api_user_retired`: never asked).
 */
export type TranscriptFailure = number | "network" | "foreign_url" | typeof API_USER_RETIRED;

/** The `last_error` of a read settled because its number was removed from Textback first. */
export const NUMBER_REMOVED = "number_removed";

export type TranscriptRead = { ok: true; text: string } | { ok: false; failure: TranscriptFailure };

/**
 * What a read does: the words go to the line (`deliver`); a 404 or 410 means the carrier does not
 * have them and never will (`gone`: settled, not retried); anything else may pass (`retry`), and
 * after the queue's last retry a person sees it among the dead letters.
 *
 * @example transcriptVerdict({ ok: false, failure: 404 }) // "gone"
 * @example transcriptVerdict({ ok: false, failure: 503 }) // "retry"
 */
export function transcriptVerdict(read: TranscriptRead): "deliver" | "gone" | "retry" {
  if (read.ok) return "deliver";
  return read.failure === 404 || read.failure === 410 ? "gone" : "retry";
}

/**
 * A failure as stored in `last_error`.
 *
 * @example failureCode(503) // "HTTP 503"
 */
export function failureCode(f: TranscriptFailure): string {
  return typeof f === "number" ? `HTTP ${f}` : f;
}

/**
 * A stored failure in words, naming the carrier (`Vonage`).
 *
 * @example transcriptErrorWords("Vonage", "HTTP 401") // "Vonage refused the number's credentials (HTTP 401)"
 */
export function transcriptErrorWords(carrier: string, lastError: string | null): string {
  if (lastError === null) return "no read was tried";
  if (lastError === "network") return `${carrier} did not answer`;
  if (lastError === "foreign_url") return `the address ${carrier} gave is not ${carrier}'s, so it was not asked`;
  if (lastError === API_USER_RETIRED) return `${carrier} no longer accepts the number's API user (username and password): replace it with an API credential's client ID and secret`;
  const status = Number(/^HTTP (\d{3})$/.exec(lastError)?.[1]);
  if (status === 401 || status === 403) return `${carrier} refused the number's credentials (${lastError})`;
  if (status === 404 || status === 410) return `${carrier} no longer has it (${lastError})`;
  if (status === 429) return `${carrier} asked us to slow down (${lastError})`;
  if (status >= 500) return `${carrier} had a problem of its own (${lastError})`;
  return `${carrier} answered ${lastError}`;
}

/**
 * A voicemail's words as a conversation says it, for every state but `delivered` (the words
 * themselves show then), or null.
 *
 * @example transcriptNote("Bandwidth", "gone", "HTTP 404") // "Voicemail left: no transcript came (Bandwidth no longer has it)."
 */
export function transcriptNote(carrier: string, status: TranscriptStatus, lastError: string | null): string | null {
  switch (status) {
    case "queued":
      return `Voicemail left: reading its words from ${carrier}.`;
    case "retrying":
      return `Voicemail left: reading its words from ${carrier} again soon; last time ${transcriptErrorWords(carrier, lastError)}.`;
    case "empty":
      return `Voicemail left: ${carrier} heard no words in it.`;
    case "gone":
      if (lastError === NUMBER_REMOVED) return "Voicemail left: no transcript came (the number left Textback before its words were read).";
      return `Voicemail left: no transcript came (${carrier} no longer has it).`;
    case "dead":
      return `Voicemail left: its words could not be read from ${carrier}: ${transcriptErrorWords(carrier, lastError)}. Retry it on the Not sent page.`;
    case "delivered":
      return null;
  }
}
