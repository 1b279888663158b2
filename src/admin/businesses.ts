/** Businesses: reading them, creating one (with default templates), changing its details and settings. */
import { asc, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import type * as z from "../zod";
import { encryptSecret } from "../crypto/secrets";
import { secretSetStatement } from "../db/booking-connections";
import { asStatement } from "../db/statements";
import { preparedPer } from "../db/prepared";
import { settingHookSync } from "../notify/setting-hook";
import { businesses, templates, type BusinessRow } from "../db/schema";
import { userBusinesses } from "../db/team-schema";
import type { Env } from "../env";
import { linesChanged } from "../line/config-changed";
import { auditDiff } from "../rules/audit-diff";
import { DEFAULT_TEMPLATES } from "../rules/templates";
import { describeIssues } from "../input";
import { parseSettings, type BusinessSettings } from "../settings";
import { mergeSettings, type SettingsPatch } from "../settings-patch";
import { audit } from "./audit";
import { newId, type Db } from "./db";
import type { createBusinessSchema, patchBusinessSchema } from "./schemas";
import { BOOKING_PROVIDERS, TEMPLATE_KINDS } from "../vocabulary";
import { PRESETS } from "../presets";

export type CreateBusinessInput = z.infer<typeof createBusinessSchema>;
export type PatchBusinessInput = z.infer<typeof patchBusinessSchema>;

const businessById = preparedPer((db) => db.select().from(businesses).where(eq(businesses.id, sql.placeholder("id"))).prepare());

export async function findBusiness(db: Db, id: string): Promise<BusinessRow> {
  const row = await businessById(db).get({ id });
  if (!row) throw new HTTPException(404, { message: "no such business" });
  return row;
}

/** The business a route's `:id` names, for the API and the pages alike; 404 when there is none. */
export function routeBusiness(c: { env: Pick<Env, "DB">; req: { param(name: "id"): string | undefined } }): Promise<BusinessRow> {
  return findBusiness(drizzle(c.env.DB), c.req.param("id") ?? "");
}

/** Whose businesses a list shows: everyone's (null: an owner), or one user's. */
export type Viewer = { userId: string | null; businessIds: readonly string[] | null } | null;

/** The filter narrowing a list to a viewer's businesses (a subquery: a user may have more than D1's 100 parameters). */
export function visibleTo(db: Db, viewer: Viewer) {
  if (!viewer || viewer.businessIds === null) return undefined;
  return inArray(businesses.id, db.select({ id: userBusinesses.businessId }).from(userBusinesses).where(eq(userBusinesses.userId, viewer.userId ?? "")));
}

/** Every business the viewer sees, by name (the people page's list of scopes). */
export function listBusinesses(db: Db, viewer: Viewer = null) {
  return db.select().from(businesses).where(visibleTo(db, viewer)).orderBy(asc(businesses.name));
}

/** The one business the viewer sees, when they see exactly one (where the admin opens); undefined with none or several. */
export async function onlyBusinessId(db: Db, viewer: Viewer = null): Promise<string | undefined> {
  const found = await db.select({ id: businesses.id }).from(businesses).where(visibleTo(db, viewer)).limit(2);
  return found.length === 1 ? found[0]!.id : undefined;
}

/** `patch` over `base`, or 400 naming each field the merged settings get wrong. */
function mergedSettings(base: BusinessSettings, patch: SettingsPatch | undefined): BusinessSettings {
  const merged = mergeSettings(base, patch);
  if (!merged.success) throw new HTTPException(400, { message: describeIssues(merged.error.issues, ["settings"]) });
  return merged.data;
}

/** Secrets are stored encrypted; null clears one. */
function encrypted(env: Pick<Env, "DATA_KEY">, secret: string | null | undefined): Promise<string | null> | null {
  return secret ? encryptSecret(env.DATA_KEY, secret) : null;
}

export async function createBusiness(env: Pick<Env, "DB" | "DATA_KEY">, input: CreateBusinessInput): Promise<BusinessRow> {
  const db = drizzle(env.DB);
  const now = Date.now();
  const id = newId("biz");
  const preset = input.preset ? PRESETS[input.preset] : undefined;
  // The kind goes with the preset: the owner's words follow it (rules/business-kind.ts).
  const settings = mergedSettings(parseSettings(preset ? { ...preset.settings, kind: preset.id } : undefined), input.settings);
  await env.DB.batch([
    db.insert(businesses).values({
      id,
      name: input.name,
      timezone: input.timezone,
      forwardTo: input.forwardTo ?? null,
      notifyPhone: input.notifyPhone ?? null,
      priorityPhone: input.priorityPhone ?? null,
      bookingUrl: input.bookingUrl ?? null,
      notifyWebhookUrl: input.notifyWebhookUrl ?? null,
      webhookSecret: await encrypted(env, input.webhookSecret),
      voiceAiSecret: await encrypted(env, input.voiceAiSecret),
      ...(await bookingSecretColumns(env, input.bookingSecrets)),
      hours: input.hours ?? null,
      settings,
      updatedAt: now,
    }),
    ...(input.defaultTemplates
      ? TEMPLATE_KINDS.map((kind) => db.insert(templates).values({ businessId: id, kind, body: preset?.templates[kind] ?? DEFAULT_TEMPLATES[kind], updatedAt: now }))
      : []),
    audit(db, "business.create", "business", id, { name: input.name, preset: input.preset ?? null }),
  ].map((q) => asStatement(env.DB, q)).concat(settingHookSync(env.DB, id, now), secretDates(env.DB, id, input.bookingSecrets, now)));
  return findBusiness(db, id);
}

/** The columns a patch sets: the fields given, secrets encrypted, settings merged over the stored ones. */
async function businessChanges(
  env: Pick<Env, "DATA_KEY">,
  business: BusinessRow,
  input: PatchBusinessInput,
): Promise<Partial<typeof businesses.$inferInsert>> {
  const changes: Partial<typeof businesses.$inferInsert> = { updatedAt: Date.now() };
  if (input.name !== undefined) changes.name = input.name;
  if (input.timezone !== undefined) changes.timezone = input.timezone;
  if (input.forwardTo !== undefined) changes.forwardTo = input.forwardTo;
  if (input.notifyPhone !== undefined) changes.notifyPhone = input.notifyPhone;
  if (input.priorityPhone !== undefined) changes.priorityPhone = input.priorityPhone;
  if (input.bookingUrl !== undefined) changes.bookingUrl = input.bookingUrl;
  if (input.notifyWebhookUrl !== undefined) changes.notifyWebhookUrl = input.notifyWebhookUrl;
  if (input.voiceAiSecret !== undefined) changes.voiceAiSecret = await encrypted(env, input.voiceAiSecret);
  if (input.webhookSecret !== undefined) changes.webhookSecret = await encrypted(env, input.webhookSecret);
  Object.assign(changes, await bookingSecretColumns(env, input.bookingSecrets));
  if (input.hours !== undefined) changes.hours = input.hours;
  if (input.settings !== undefined) changes.settings = mergedSettings(parseSettings(business.settings), input.settings);
  return changes;
}

const BOOKING_SECRET_COLUMNS = { calcom: "bookingSecretCalcom", calendly: "bookingSecretCalendly", generic: "bookingSecretGeneric" } as const;

/** The columns of the booking secrets given (each encrypted; null clears one, absent keeps it). */
async function bookingSecretColumns(env: Pick<Env, "DATA_KEY">, secrets: PatchBusinessInput["bookingSecrets"]): Promise<Partial<typeof businesses.$inferInsert>> {
  const out: Partial<typeof businesses.$inferInsert> = {};
  for (const provider of BOOKING_PROVIDERS) {
    const secret = secrets?.[provider];
    if (secret !== undefined) out[BOOKING_SECRET_COLUMNS[provider]] = await encrypted(env, secret);
  }
  return out;
}

/** When each booking secret given was set (now) or removed, for the Integrations page: in the batch that stores it. */
function secretDates(d1: D1Database, businessId: string, secrets: PatchBusinessInput["bookingSecrets"], now: number): D1PreparedStatement[] {
  return BOOKING_PROVIDERS.filter((p) => secrets?.[p] !== undefined).map((p) => secretSetStatement(d1, businessId, p, secrets?.[p] ? now : null));
}

/** The audited names of the fields a patch gives: each booking secret by its column, so the log says which changed and never its value. */
function auditedFields(input: PatchBusinessInput): string[] {
  return Object.keys(input).flatMap((k) =>
    k === "bookingSecrets" ? BOOKING_PROVIDERS.filter((p) => input.bookingSecrets?.[p] !== undefined).map((p) => BOOKING_SECRET_COLUMNS[p]) : k === "updatedAt" ? [] : [k],
  );
}

/** Changes the fields given; settings are merged over the stored ones. */
export async function updateBusiness(
  env: Pick<Env, "DB" | "DATA_KEY" | "LINE">,
  business: BusinessRow,
  input: PatchBusinessInput,
): Promise<BusinessRow> {
  const db = drizzle(env.DB);
  const now = Date.now();
  const changes = await businessChanges(env, business, input);
  const fields = auditedFields(input);
  const after = { ...business, ...changes, settings: changes.settings ?? parseSettings(business.settings) };
  await env.DB.batch([
    db.update(businesses).set(changes).where(eq(businesses.id, business.id)),
    // Before/after of what changed; secrets only as "[set]" / "[changed]".
    audit(db, "business.update", "business", business.id, {
      changes: auditDiff({ ...business, settings: parseSettings(business.settings) }, after, fields),
    }),
  ].map((q) => asStatement(env.DB, q)).concat(settingHookSync(env.DB, business.id, now), secretDates(env.DB, business.id, input.bookingSecrets, now)));
  await linesChanged(env, business.id);
  return findBusiness(db, business.id);
}
