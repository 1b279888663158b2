/**
 * Where a message status sits in its life. Carriers send callbacks out of order (a `sent` after a
 * `delivered`), so a report may only move a message to a higher rank.
 */
const RANK: Record<string, number> = {
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
};

/** The status to store after a report, or null to keep the current one. */
export function nextDeliveryStatus(current: string, reported: string): string | null {
  const to = reported.toLowerCase();
  const target = RANK[to];
  if (target === undefined) return null;
  // Settled by us (suppressed, dead) or already further along: the report changes nothing.
  const from = RANK[current];
  if (from === undefined || target <= from) return null;
  return to === "read" ? "delivered" : to;
}
