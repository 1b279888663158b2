/** Longest wait between two send attempts: past this, the carrier is down, not busy. */
export const MAX_BACKOFF_SECONDS = 300;

/**
 * Seconds to wait before attempt `attempts + 1`: base·2^(attempts-1), capped, and never shorter than
 * the carrier's own Retry-After.
 *
 * @example backoffSeconds(3, 2) // 8
 */
export function backoffSeconds(attempts: number, baseSeconds: number, retryAfterSeconds?: number): number {
  const exp = Math.min(MAX_BACKOFF_SECONDS, baseSeconds * 2 ** Math.max(0, attempts - 1));
  return Math.ceil(Math.min(MAX_BACKOFF_SECONDS, Math.max(exp, retryAfterSeconds ?? 0)));
}
