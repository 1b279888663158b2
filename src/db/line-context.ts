import { TEMPLATE_KINDS, type TemplateKind } from "../rules/reasons";
import { hoursSchema, type Hours } from "../rules/schedule";
import { parseSettings, type BusinessSettings } from "../settings";
import type { LineContext } from "../line/types";
import type { businesses, numbers } from "./schema";
import { BoundedMap } from "../bounded-map";

export interface LoadedLine {
  context: Omit<LineContext, "publicBaseUrl">;
  carrier: string;
  mode: string;
  /** Ciphertext; decrypted only to verify a signature or send. */
  credentials: string;
  /** Ciphertext of the AI receptionist's signing secret, when the business has one. */
  voiceAiSecret: string | null;
}

/**
 * Now on D1's own clock, in ms: a configuration's read and an admin change are timed by the same
 * clock, so whether a read saw a change does not depend on two machines agreeing on the time.
 */
export const D1_NOW_MS = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

/**
 * One statement: the number and its business, the business's templates and numbers (as JSON), the
 * caller's newest opt-in/opt-out event and whether the carrier called the caller undeliverable.
 * Static SQL, so no query is built per webhook; every lookup goes through an index
 * (test/query-plans.test.ts).
 */
const LINE_SQL = `SELECT n.id AS numberId, n.e164 AS e164, n.carrier AS carrier, n.mode AS mode,
  n.credentials AS credentials, n.business_id AS businessId, b.name AS name, b.timezone AS timezone,
  b.booking_url AS bookingUrl, b.forward_to AS forwardTo, b.notify_phone AS notifyPhone,
  b.notify_webhook_url IS NOT NULL AS hasWebhook, b.voice_ai_secret AS voiceAiSecret,
  b.hours AS hours, b.settings AS settings,
  (SELECT json_group_object(t.kind, t.body) FROM templates t WHERE t.business_id = n.business_id) AS templates,
  (SELECT json_group_array(o.e164) FROM numbers o WHERE o.business_id = n.business_id) AS ownNumbers,
  (SELECT json_array(c.kind, c.at) FROM consent_events c
    WHERE c.business_id = n.business_id AND c.phone = ?2 AND c.kind IN ('opt_out', 'opt_in')
    ORDER BY c.at DESC, c.id DESC LIMIT 1) AS consent,
  EXISTS (SELECT 1 FROM undeliverable u WHERE u.business_id = n.business_id AND u.phone = ?2) AS undeliverable,
  ${D1_NOW_MS} AS readAt
FROM numbers n INNER JOIN businesses b ON b.id = n.business_id
WHERE n.e164 = ?1
LIMIT 1`;

type Row = Pick<typeof numbers.$inferSelect, "e164" | "carrier" | "mode" | "credentials" | "businessId"> &
  Pick<typeof businesses.$inferSelect, "name" | "timezone" | "bookingUrl" | "forwardTo" | "notifyPhone" | "voiceAiSecret"> & {
    numberId: string;
    hasWebhook: number;
    /** JSON text, as stored. */
    hours: string | null;
    settings: string;
    templates: string;
    ownNumbers: string;
    consent: string | null;
    undeliverable: number;
    readAt: number;
  };

/**
 * Parsed hours and settings by their stored JSON: every webhook to a business reads the same text,
 * and validating it again each time is wasted work. Bounded; a changed setting is a new key.
 */
const parsedCache = new BoundedMap<string, { hours: Hours | null; settings: BusinessSettings }>(1000);

function parseConfig(hoursJson: string | null, settingsJson: string) {
  const key = `${settingsJson}\u0000${hoursJson ?? ""}`;
  let parsed = parsedCache.get(key);
  if (!parsed) {
    const hours = hoursJson ? hoursSchema.safeParse(JSON.parse(hoursJson)) : null;
    parsed = { hours: hours?.success ? hours.data : null, settings: parseSettings(JSON.parse(settingsJson)) };
    parsedCache.set(key, parsed);
  }
  return parsed;
}

/**
 * Templates by their stored JSON, for the same reason, and for memory: most businesses keep the
 * default texts, so thousands of cached lines share one object instead of a copy each (~1 KB).
 * Callers only read it.
 */
const templatesCache = new BoundedMap<string, Readonly<Partial<Record<TemplateKind, string>>>>(1000);

function parseTemplates(json: string): Readonly<Partial<Record<TemplateKind, string>>> {
  let byKind = templatesCache.get(json);
  if (!byKind) {
    const parsed: Partial<Record<TemplateKind, string>> = {};
    for (const [kind, body] of Object.entries(JSON.parse(json) as Record<string, string>)) {
      if ((TEMPLATE_KINDS as readonly string[]).includes(kind)) parsed[kind as TemplateKind] = body;
    }
    byKind = Object.freeze(parsed);
    templatesCache.set(json, byKind);
  }
  return byKind;
}

/** Everything a webhook needs about the called number and the caller, in one D1 round trip. */
export async function loadLine(
  d1: D1Database,
  e164: string,
  caller: string | null,
): Promise<LoadedLine | null> {
  const found = await d1.prepare(LINE_SQL).bind(e164, caller ?? "").first<Row>();
  if (!found) return null;
  const { hours, settings } = parseConfig(found.hours, found.settings);
  const own = JSON.parse(found.ownNumbers) as string[];
  if (found.forwardTo) own.push(found.forwardTo);
  const consent = found.consent ? (JSON.parse(found.consent) as [string, number]) : null;
  return {
    carrier: found.carrier,
    mode: found.mode,
    credentials: found.credentials,
    voiceAiSecret: found.voiceAiSecret,
    context: {
      business: {
        id: found.businessId,
        name: found.name,
        timezone: found.timezone,
        bookingUrl: found.bookingUrl,
        forwardTo: found.forwardTo,
        notifyPhone: found.notifyPhone,
        hours,
        settings,
      },
      number: { id: found.numberId, e164: found.e164 },
      ownNumbers: own,
      templates: parseTemplates(found.templates),
      optedOut: consent?.[0] === "opt_out",
      consentAt: consent?.[1] ?? null,
      hasWebhook: found.hasWebhook === 1,
      undeliverable: found.undeliverable === 1,
      callerStatus: "known",
      config: { loadedAt: found.readAt, fresh: true },
    },
  };
}

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
 * caller's consent and deliverability are not cached: the context says "deferred" and the line
 * reads them in the batch that records the call. `fresh` skips the cache (a signature that fails
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
  const context = { ...loaded.context, optedOut: false, consentAt: null, undeliverable: false, callerStatus: "deferred" as const };
  lineCache.set(e164, { line: { ...loaded, context: { ...context, config: { ...context.config, fresh: false } } }, at: now });
  return { line: { ...loaded, context }, cached: false };
}

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
): Promise<{ line: LoadedLine; proof: T } | "unknown" | "refused"> {
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

/** Drop every cached line configuration (after an admin change through this isolate). */
export function forgetLines(): void {
  lineCache.clear();
}
