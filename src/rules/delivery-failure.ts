/**
 * Why an event's POST to a subscriber failed, in words a developer can act on (the subscriber's and
 * the delivery's `lastError`, shown by the API and the Integrations page). Never the receiver's
 * answer body (it may echo what we sent, callers' numbers included) and never a URL: a Zap's or a
 * CRM's webhook path is often its only key.
 */

/** The longest reason kept from a runtime error's message. */
const MAX_REASON = 120;

/**
 * A receiver's non-2xx answer.
 *
 * @example describeHttpFailure(503) // "HTTP 503"
 * @example describeHttpFailure(429, 30) // "HTTP 429 (Retry-After 30 s)"
 * @example describeHttpFailure(301) // "HTTP 301: redirects are not followed"
 */
export function describeHttpFailure(status: number, retryAfterSeconds?: number | null): string {
  if (status >= 300 && status < 400) return `HTTP ${status}: redirects are not followed`;
  if (status === 410) return "HTTP 410 Gone";
  return retryAfterSeconds ? `HTTP ${status} (Retry-After ${retryAfterSeconds} s)` : `HTTP ${status}`;
}

/**
 * A POST that got no answer: the timeout, a TLS failure, or no connection at all (DNS, refused, reset).
 *
 * @example describeFetchError(new DOMException("The operation was aborted due to timeout", "TimeoutError"), 10_000) // "timeout after 10 s"
 * @example describeFetchError(new TypeError("Network connection lost."), 10_000) // "DNS/connection failed: Network connection lost."
 */
export function describeFetchError(e: unknown, timeoutMs: number): string {
  const name = e instanceof Error || e instanceof DOMException ? e.name : "";
  if (name === "TimeoutError" || name === "AbortError") return `timeout after ${Math.round(timeoutMs / 1000)} s`;
  const message = shortReason(e instanceof Error || e instanceof DOMException ? e.message : String(e ?? ""));
  if (/\b(tls|ssl|certificate|handshake)\b/i.test(message)) return `TLS error: ${message}`;
  return `DNS/connection failed: ${message || "no answer"}`;
}

/** One line, no URL (the runtime may quote the one it called), at most MAX_REASON characters. */
function shortReason(message: string): string {
  const line = message.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, "<url>").replace(/\s+/g, " ").trim();
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}
