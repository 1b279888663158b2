import * as z from "zod";

const e164 = z.string().regex(/^\+[1-9]\d{1,14}$/, "must be an E.164 number like +14155552671");

/** Per-business behaviour. Every field has a default, so a stored `{}` is a complete configuration. */
export const businessSettingsSchema = z.object({
  /** A caller is texted at most once per this many hours. */
  cooldownHours: z.number().min(0).max(24 * 30).default(12),
  /** Most text-backs per business number per local day: a spend cap against SMS pumping. */
  dailyCap: z.number().int().min(0).max(100_000).default(200),
  /** ISO country codes a caller's number must belong to (by libphonenumber region, not by +1). */
  allowedCountries: z
    .array(z.string().regex(/^[A-Z]{2}$/, "must be ISO 3166 alpha-2 like US"))
    .default(["US", "CA"]),
  textDelaySeconds: z.number().int().min(0).max(3600).default(0),
  followUp: z
    .object({ enabled: z.boolean().default(false), afterHours: z.number().min(1).max(168).default(24) })
    .default({ enabled: false, afterHours: 24 }),
  /** An answered call shorter than this counts as missed (an accidental pick-up, or voicemail cut short). */
  minAnsweredSeconds: z.number().int().min(0).max(600).default(5),
  /** How long the forwarded phone rings before the call counts as missed. */
  ringTimeoutSeconds: z.number().int().min(5).max(60).default(20),
  /** Offer voicemail after a missed forward. */
  voicemail: z.boolean().default(true),
  blocklist: z.array(e164).default([]),
  /** Decide and record, send nothing: to trial the rules on real traffic. */
  shadow: z.boolean().default(false),
  paused: z.boolean().default(false),
  retentionDays: z.number().int().min(1).max(3650).default(365),
});
export type BusinessSettings = z.infer<typeof businessSettingsSchema>;

type SettingsShape = typeof businessSettingsSchema.shape;

/**
 * Partial settings as sent by the API; merged over the stored ones. Built without the defaults:
 * zod 4 applies a `.default()` even under `.partial()`, so a patch of one field would otherwise
 * come back with every other field reset to its default and overwrite the stored values.
 */
export const settingsPatchSchema = z.object(
  Object.fromEntries(
    Object.entries(businessSettingsSchema.shape).map(([k, s]) => [k, s.removeDefault().optional()]),
  ) as { [K in keyof SettingsShape]: z.ZodOptional<ReturnType<SettingsShape[K]["removeDefault"]>> },
);

export function parseSettings(stored: unknown): BusinessSettings {
  const parsed = businessSettingsSchema.safeParse(stored ?? {});
  // A stored row that no longer validates (schema grew stricter) falls back to defaults field by field.
  return parsed.success ? parsed.data : businessSettingsSchema.parse({});
}
