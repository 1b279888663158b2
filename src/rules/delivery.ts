import type { MessageStatus } from "../vocabulary";

/** Vonage's opt-out (its delivery receipts' `err-code=9`; carriers/vonage.ts stores the Messages API's as the same). */
const VONAGE_OPTED_OUT = "9";

/** Carriers' names for states that we store under another name. */
type CarrierStatus = "accepted" | "read" | "sending_failed" | "delivery_failed" | "delivery_unconfirmed";

/**
 * Where a message status sits in its life. Carriers send callbacks out of order (a `sent` after a
 * `delivered`), so a report may only move a message to a higher rank.
 */
const RANK: Partial<Record<MessageStatus | CarrierStatus, number>> = {
  queued: 1,
  retrying: 1,
  accepted: 1,
  scheduled: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  read: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  // Telnyx names for the same states
  sending_failed: 4,
  delivery_failed: 4,
  delivery_unconfirmed: 3,
};

/** What a carrier's own name for a state is stored as. */
const NAME: Record<CarrierStatus, MessageStatus> = {
  accepted: "queued",
  read: "delivered",
  sending_failed: "failed",
  delivery_failed: "undelivered",
  delivery_unconfirmed: "sent",
};

/** The status to store after a report, or null to keep the current one. */
export function nextDeliveryStatus(current: MessageStatus, reported: string): MessageStatus | null {
  const to = reported.toLowerCase() as MessageStatus | CarrierStatus;
  const target = RANK[to];
  if (target === undefined) return null;
  // Settled by us (suppressed, dead) or already further along: the report changes nothing.
  const from = RANK[current];
  if (from === undefined || target <= from) return null;
  return to in NAME ? NAME[to as CarrierStatus] : (to as MessageStatus);
}

/**
 * What a carrier error says about the recipient: they unsubscribed at the carrier (21610), or the
 * number cannot take texts from us (landline, unknown, blocked), so texting it again only costs money.
 *
 * @example recipientProblem("30006") // "undeliverable"
 */
export function recipientProblem(code: string | null | undefined): "opted_out" | "undeliverable" | null {
  if (!code) return null;
  if (code === "21610" || code === "40300" || code === VONAGE_OPTED_OUT) return "opted_out";
  if (UNDELIVERABLE.has(code)) return "undeliverable";
  return null;
}

const UNDELIVERABLE = new Set([
  "21211", // invalid To
  "21612", // To cannot be reached by SMS
  "21614", // To is not a mobile number
  "21635", // To is a landline
  "30004", // message blocked (by the recipient or their carrier)
  "30005", // unknown or inactive destination
  "30006", // landline or unreachable carrier
  "40001", // Telnyx: not routable (landline)
  "40008", // Telnyx: undeliverable
  "40310", // Telnyx: invalid To
]);
