import { BoundedMap } from "./bounded-map";
import { leadSettingsShape } from "./lead-settings";
import * as z from "./zod";

/** Per-business behaviour. Every field has a default, so a stored `{}` is a complete configuration. */
export const businessSettingsSchema = z.object({
  /** A caller is texted at most once per this many hours. */
  cooldownHours: z._default(z.number().check(z.minimum(0), z.maximum(24 * 30)), 12),
  /** Most text-backs per business number per local day: a spend cap against SMS pumping. */
  dailyCap: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(100_000)), 200),
  /**
   * Most texts a business sends in any 24 hours, every kind together (text-backs, answers, relays,
   * pages, manual texts): the spend cap behind every other guard (rules/outbound-guard.ts).
   */
  dailyTextCap: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000)), 1000),
  /** ISO country codes a caller's number must belong to (by libphonenumber region, not by +1). */
  allowedCountries: z._default(z.array(z.string().check(z.regex(/^[A-Z]{2}$/, "must be ISO 3166 alpha-2 like US"))), ["US", "CA"]),
  textDelaySeconds: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(3600)), 0),
  followUp: z._default(
    z.object({
      enabled: z._default(z.boolean(), false),
      afterHours: z._default(z.number().check(z.minimum(1), z.maximum(168)), 24),
    }),
    { enabled: false, afterHours: 24 },
  ),
  /** An answered call shorter than this counts as missed (an accidental pick-up, or voicemail cut short). */
  minAnsweredSeconds: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(600)), 5),
  /** How long the forwarded phone rings before the call counts as missed. */
  ringTimeoutSeconds: z._default(z.number().check(z.int(), z.minimum(5), z.maximum(60)), 20),
  /** Offer voicemail to a missed caller (after a missed forward, or at once with nobody to forward to). */
  voicemail: z._default(z.boolean(), true),
  /** Decide and record, send nothing: to trial the rules on real traffic. */
  shadow: z._default(z.boolean(), false),
  paused: z._default(z.boolean(), false),
  /** `{bookingUrl}` renders as a tracked `/l/<code>` link (DESIGN.md §6.5); off: the stored URL as it is. */
  trackLinks: z._default(z.boolean(), true),
  /**
   * Ask the carrier whether a caller's number is a landline before the first text to it (answers
   * kept 90 days); a landline is not texted, and the owner's digest lists it to call back.
   */
  lookupLineType: z._default(z.boolean(), false),
  retentionDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(3650)), 365),
  /** The owner's text on Mondays from 08:00 local (inside quiet hours): last week's missed calls, texted, replied, booked and won. */
  weeklySummary: z._default(z.boolean(), true),
  ...leadSettingsShape,
});
export type BusinessSettings = z.infer<typeof businessSettingsSchema>;

/**
 * Parsed settings by their stored JSON: every page, webhook and outbox batch reads a business's
 * settings, and the schema's parse costs far more than the key. Frozen, since callers share them.
 */
const parsed = new BoundedMap<string, BusinessSettings>(2_000);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A business's settings from their stored JSON text, every default applied. */
export function settingsFromJson(json: string): BusinessSettings {
  let settings = parsed.get(json);
  if (!settings) {
    const result = businessSettingsSchema.safeParse(JSON.parse(json) ?? {});
    // A stored row that no longer validates (schema grew stricter) falls back to defaults field by field.
    settings = deepFreeze(result.success ? result.data : businessSettingsSchema.parse({}));
    parsed.set(json, settings);
  }
  return settings;
}

/** A business's settings from their stored value (drizzle's parsed JSON column), every default applied. */
export function parseSettings(stored: unknown): BusinessSettings {
  return settingsFromJson(JSON.stringify(stored ?? {}));
}
