/**
 * What a booking webhook did, for the owner checking their booking system's setup on the
 * Integrations page: a verified one's effect, or why one was refused, in words.
 */
import type { BookingReceipt, BookingRefusal } from "../vocabulary";

/** A verified webhook as it was acted on: the provider's event (bookings/notice.ts) and the outcome (bookings/apply.ts). */
export interface ActedOn {
  action: "booked" | "rescheduled" | "canceled" | "ignored";
  result: "ignored" | "duplicate" | "unchanged" | "matched" | "unmatched";
  reason?: "unknown_booking";
}

const MATCHED: Record<Exclude<ActedOn["action"], "ignored">, BookingReceipt> = { booked: "booked", rescheduled: "moved", canceled: "canceled" };

/**
 * @example receiptOf({ action: "booked", result: "matched" }) // "booked"
 * @example receiptOf({ action: "canceled", result: "ignored", reason: "unknown_booking" }) // "unknown_cancellation"
 */
export function receiptOf(a: ActedOn): BookingReceipt {
  switch (a.result) {
    case "matched":
      return a.action === "ignored" ? "not_acted" : MATCHED[a.action];
    case "ignored":
      return a.reason === "unknown_booking" ? "unknown_cancellation" : "not_acted";
    default:
      return a.result;
  }
}

const RECEIPT_WORDS: Record<BookingReceipt, string> = {
  booked: "booked a lead",
  moved: "moved a lead's booking to its new time",
  canceled: "canceled a lead's booking: the lead is back where it was",
  unmatched: "a booking no lead matched: it waits on the Bookings page for someone to attach it",
  unknown_cancellation: "ignored the cancellation of a booking Textback never had",
  not_acted: "an event Textback does not act on (a ping, or a trigger it does not need): nothing changed",
  duplicate: "a repeat of one already handled: nothing changed",
  unchanged: "nothing to change: Textback already had the booking as it says",
  unreadable: "not a booking Textback can read (was the payload changed from the provider's default?): nothing changed",
};

/** @example receiptWords("booked") // "booked a lead" */
export function receiptWords(receipt: BookingReceipt): string {
  return RECEIPT_WORDS[receipt];
}

/** Why it was refused, and what to check, naming the provider (`Cal.com`). */
export function refusalWords(reason: BookingRefusal, provider: string): string {
  switch (reason) {
    case "unsigned":
      return `it had no signature: give ${provider} the same secret as here`;
    case "bad_signature":
      return `its signature did not match the secret set here (or was too old): give ${provider} and Textback the same secret`;
    case "not_connected":
      return "no signing secret is set here: set one below";
  }
}
