import { BoundedMap } from "./bounded-map";
import { leadSettingsShape } from "./lead-settings";
import { PRESET_IDS } from "./presets";
import { isCountryCode } from "./rules/phone-numbers";
import * as z from "./zod";

/** A country callers may be texted in: one libphonenumber reads callers' numbers into (rules/phone-numbers.ts). */
const countryCode = z.string().check(
  z.superRefine((code, ctx) => {
    if (isCountryCode(code)) return;
    const upper = code.toUpperCase();
    const message = isCountryCode(upper)
      ? `"${code}": write country codes in capital letters, like ${upper}`
      : `"${code}" is not a country code (ISO 3166 alpha-2, like US or CA)`;
    ctx.addIssue({ code: "custom", message, input: code });
  }),
);

/**
 * At least one country (an empty list would text nobody: `paused` says that), each named once.
 * Checked as the API and the form take it; a stored list is read by storedSettings below.
 */
const allowedCountries = z.pipe(
  z.array(countryCode).check(z.minLength(1, "list at least one country (callers from other countries are not texted)")),
  z.transform((codes) => [...new Set(codes)]),
);

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
  allowedCountries: z._default(allowedCountries, ["US", "CA"]),
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
  /**
   * Keep callers' words and answers off the business's own phones (owner, on call): relays,
   * summaries, pages, escalations and alerts name the caller and link to the conversation on the
   * admin page instead (rules/staff-texts.ts). For practices whose callers' words are health or
   * privileged information; the dental and legal presets turn it on.
   */
  privateTexts: z._default(z.boolean(), false),
  /**
   * What kind of business it is: the preset it started from (or was last set from). The words the
   * owner is told come from it ("W 450 when treatment is accepted"); absent, they are neutral.
   */
  kind: z.optional(z.enum(PRESET_IDS, `must be one of ${PRESET_IDS.join(", ")}`)),
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

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Stored settings, as far as they still validate. The schema grows stricter over time, and a row
 * saved before a rule must keep loading: a stored country list keeps the codes that are countries
 * (`["ZZ","US"]` texted only the US, and still does), and any top-level field that no longer
 * validates takes its default while the others keep their stored values.
 */
function storedSettings(stored: unknown): BusinessSettings {
  const value = isPlainObject(stored) && Array.isArray(stored.allowedCountries)
    ? { ...stored, allowedCountries: stored.allowedCountries.filter((c) => typeof c === "string" && isCountryCode(c)) }
    : stored;
  const result = businessSettingsSchema.safeParse(value);
  if (result.success || !isPlainObject(value)) return result.data ?? businessSettingsSchema.parse({});
  const failed = new Set(result.error.issues.map((i) => i.path[0]));
  const kept = businessSettingsSchema.safeParse(Object.fromEntries(Object.entries(value).filter(([key]) => !failed.has(key))));
  return kept.data ?? businessSettingsSchema.parse({});
}

/** A business's settings from their stored JSON text, every default applied. */
export function settingsFromJson(json: string): BusinessSettings {
  let settings = parsed.get(json);
  if (!settings) {
    settings = deepFreeze(storedSettings(JSON.parse(json) ?? {}));
    parsed.set(json, settings);
  }
  return settings;
}

/** A business's settings from their stored value (drizzle's parsed JSON column), every default applied. */
export function parseSettings(stored: unknown): BusinessSettings {
  return settingsFromJson(JSON.stringify(stored ?? {}));
}
