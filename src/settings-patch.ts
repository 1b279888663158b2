/**
 * Changing settings a piece at a time. A patch names only what changes, at any depth
 * (`{ followUp: { enabled: true } }` keeps `followUp.afterHours`); lists and maps (questions,
 * on-call people, job values) are values and are replaced whole; an unknown key is refused, so
 * a typo never passes as a change. The merged result is checked against the full schema, whose
 * cross-field rules (qualification needs a question) see the settings as they will be stored.
 */
import { businessSettingsSchema, type BusinessSettings } from "./settings";
import * as z from "./zod";

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | null } : T;
export type SettingsPatch = DeepPartial<BusinessSettings>;

type AnySchema = z.ZodMiniType;
interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
}
const defOf = (s: AnySchema) => s._zod.def as unknown as Def;

/** The schema under a default: what a value given in a patch must be. */
function withoutDefault(s: AnySchema): AnySchema {
  const def = defOf(s);
  return def.type === "default" ? def.innerType! : s;
}

/** Objects (fixed fields) are merged; everything else is replaced. */
function objectShape(s: AnySchema): Record<string, AnySchema> | undefined {
  const def = defOf(withoutDefault(s));
  return def.type === "object" ? def.shape : undefined;
}

/** A field without a default may be removed with null. */
const isRemovable = (s: AnySchema) => defOf(s).type === "optional";

function patchSchemaOf(s: AnySchema): AnySchema {
  const shape = objectShape(s);
  if (!shape) return withoutDefault(s);
  const fields: Record<string, AnySchema> = {};
  for (const [key, field] of Object.entries(shape)) {
    const inner = isRemovable(field) ? z.nullable(patchSchemaOf(defOf(field).innerType!)) : patchSchemaOf(field);
    fields[key] = z.optional(inner);
  }
  return z.strictObject(fields);
}

/**
 * Settings that were moved elsewhere: a patch naming one is refused saying where it went, rather
 * than as an unknown field (a script written for an older version learns what to do instead).
 */
const MOVED: Record<string, string> = {
  blocklist: 'moved to contacts: block a number with PUT /api/businesses/:id/contacts/:phone {"tags":["blocked"]}',
};

const moved = (where: string) => z.optional(z.custom<never>(() => false, where));

/** Partial settings as the API takes them: every field optional at every depth, unknown keys refused. */
export const settingsPatchSchema = z.extend(
  patchSchemaOf(businessSettingsSchema) as z.ZodMiniObject,
  Object.fromEntries(Object.entries(MOVED).map(([key, where]) => [key, moved(where)])),
) as unknown as z.ZodMiniType<SettingsPatch>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function mergeBy(s: AnySchema, base: unknown, patch: unknown): unknown {
  const shape = objectShape(s);
  if (!shape || !isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const field = shape[key];
    if (value === undefined || !field) continue;
    if (value === null && isRemovable(field)) delete out[key];
    else out[key] = mergeBy(field, base[key], value);
  }
  return out;
}

/** `patch` over `base`, checked as a whole: the settings to store, or what is wrong with them. */
export function mergeSettings(base: BusinessSettings, patch: SettingsPatch | undefined) {
  return businessSettingsSchema.safeParse(patch === undefined ? base : mergeBy(businessSettingsSchema, base, patch));
}
