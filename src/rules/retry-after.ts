/**
 * Seconds to wait per a Retry-After header (seconds, or an HTTP date), kept within 1 s … 1 h so a
 * receiver cannot park a delivery for a day; null when absent or unreadable.
 *
 * @example retryAfterSeconds("7") // 7
 * @example retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT", Date.parse("Wed, 21 Oct 2026 07:27:30 GMT")) // 30
 */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : Math.ceil((Date.parse(header) - now) / 1000);
  return Number.isFinite(seconds) ? Math.min(3600, Math.max(1, seconds)) : null;
}
