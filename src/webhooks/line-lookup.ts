import { BoundedMap } from "../bounded-map";
import { loadLine, type LoadedLine } from "./line-config";

/**
 * How long a call webhook may act on a line configuration this isolate read earlier, when nothing
 * checks it: the forward of a ringing call (Twilio's voice route, Telnyx's call.initiated). Admin
 * changes made through this isolate apply at once (forgetLines); other isolates see them within
 * this time.
 */
export const LINE_CACHE_MS = 10_000;

/**
 * The same for a webhook the line decides on (dial-status, call-status, Telnyx's hangup): the line
 * knows when its business last changed and answers `stale` to an older configuration, so the cache
 * may be kept longer; this bounds changes the line is not told about (D1 edited by hand, a script).
 */
export const CHECKED_LINE_CACHE_MS = 600_000;

const lineCache = new BoundedMap<string, { line: LoadedLine; at: number }>(10_000);

/**
 * The called number's configuration for a call webhook, from this isolate's cache while it is
 * younger than `maxAgeMs`, so a warm call webhook makes no D1 round trip before the line's own. The
 * caller's consent, deliverability and contact are not cached: the context says "deferred" and
 * the line reads them in the batch that records the call. `fresh` skips the cache (a signature that fails
 * against a cached token is checked again against the stored one: the token may just have been
 * rotated; a line that says `stale` gets the stored configuration).
 */
export async function loadLineForCall(
  d1: D1Database,
  e164: string,
  fresh = false,
  maxAgeMs = LINE_CACHE_MS,
): Promise<{ line: LoadedLine; cached: boolean } | null> {
  const now = Date.now();
  const hit = fresh ? undefined : lineCache.get(e164);
  if (hit && now - hit.at < maxAgeMs) return { line: hit.line, cached: true };
  const loaded = await loadLine(d1, e164, null);
  if (!loaded) {
    lineCache.delete(e164);
    return null;
  }
  const context = { ...loaded.context, optedOut: false, consentAt: null, undeliverable: false, undeliverableCode: null, contact: null, lead: null, hadLead: false, callerStatus: "deferred" as const };
  lineCache.set(e164, { line: { ...loaded, context: { ...context, config: { ...context.config, fresh: false } } }, at: now });
  return { line: { ...loaded, context }, cached: false };
}

/** What a line lookup found: the line and what its check proved, or why the request is refused. */
export type VerifiedLine<T> = { line: LoadedLine; proof: T } | "unknown" | "refused";

/**
 * The called number's line, checked by `verify` (the webhook's signature check, which returns what
 * it proved, or null). Calls read the isolate's cache and leave the caller's status to the line;
 * a check that fails against a cached line is tried once more against the stored one (a key may
 * just have been rotated). Texts and delivery reports read the line and the caller fresh.
 */
export async function verifiedLine<T>(
  d1: D1Database,
  e164: string,
  other: string | null,
  use: "call" | "decide" | "text",
  verify: (line: LoadedLine) => Promise<T | null>,
): Promise<VerifiedLine<T>> {
  const maxAge = use === "decide" ? CHECKED_LINE_CACHE_MS : LINE_CACHE_MS;
  const forCall = use !== "text" ? await loadLineForCall(d1, e164, false, maxAge) : null;
  let line = forCall ? forCall.line : use !== "text" ? null : await loadLine(d1, e164, other);
  if (!line) return "unknown";
  let proof = await verify(line);
  if (proof === null && forCall?.cached) {
    line = (await loadLineForCall(d1, e164, true, maxAge))?.line ?? null;
    if (!line) return "unknown";
    proof = await verify(line);
  }
  return proof === null ? "refused" : { line, proof };
}

/**
 * The stored line, checked by `verify` again, for a webhook whose line refused the cached
 * configuration as stale: the change may have been new credentials (the request must pass those,
 * not the ones it passed against the cache) or the number's removal (refused like a number never
 * registered). Refreshes this isolate's cache.
 */
export async function reverifiedLine<T>(d1: D1Database, e164: string, verify: (line: LoadedLine) => Promise<T | null>): Promise<VerifiedLine<T>> {
  const line = (await loadLineForCall(d1, e164, true))?.line;
  if (!line) return "unknown";
  const proof = await verify(line);
  return proof === null ? "refused" : { line, proof };
}

/** Drop every cached line configuration (after an admin change through this isolate). */
export function forgetLines(): void {
  lineCache.clear();
}
