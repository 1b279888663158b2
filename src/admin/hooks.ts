/** Event subscribers (REST hooks): adding, listing, enabling and removing them, and replaying their deliveries. */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { encryptSecret } from "../crypto/secrets";
import { eventHooks, type EventHookRow } from "../db/hooks-schema";
import { webhookDeliveries } from "../db/schema";
import type { Env } from "../env";
import { linesChanged } from "../line/config-changed";
import { sendDeliveries, STRANDED_AFTER_MS } from "../notify/events";
import { unsubscribe } from "../notify/hooks";
import type { EventDeliveryStatus } from "../vocabulary";
import { audit } from "./audit";
import { newId, type Db } from "./db";
import type { CreateHookInput, ReplayHookInput } from "./hook-schemas";

/** Enough for a few Zaps and scenarios per event; a runaway integration cannot fan every event out further. */
export const MAX_HOOKS_PER_BUSINESS = 25;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A subscriber as the API shows it: never its secret. `disabled` after its receiver answered 410 Gone, with the reason. */
export function hookView(h: EventHookRow) {
  return {
    id: h.id,
    url: h.url,
    events: h.events,
    origin: h.origin,
    status: h.disabledAt === null ? ("active" as const) : ("disabled" as const),
    disabledAt: iso(h.disabledAt),
    disabledReason: h.disabledReason,
    lastError: h.lastError,
    lastErrorAt: iso(h.lastErrorAt),
    createdAt: new Date(h.createdAt).toISOString(),
  };
}

/** A new secret for a subscriber that gave none: shown once, in the answer that creates it. */
function generatedSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `whsec_${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Subscribe: `secret` is in the answer only when we generated it. */
export async function createHook(env: Pick<Env, "DB" | "DATA_KEY" | "LINE">, businessId: string, input: CreateHookInput): Promise<{ hook: EventHookRow; secret?: string }> {
  const db = drizzle(env.DB);
  const secret = input.secret ?? generatedSecret();
  const events = input.events.includes("*") ? (["*"] as const) : [...new Set(input.events)];
  const hook: EventHookRow = { id: newId("hook"), businessId, url: input.url, events: [...events], secret: await encryptSecret(env.DATA_KEY, secret), origin: "api", config: null, lastError: null, lastErrorAt: null, disabledAt: null, disabledReason: null, createdAt: Date.now() };
  // Inserted only under the cap, counted in the same statement.
  const inserted = await env.DB.prepare(
    `INSERT INTO event_hooks (id, business_id, url, events, secret, origin, created_at)
     SELECT ?1, ?2, ?3, ?4, ?5, 'api', ?6 WHERE (SELECT count(*) FROM event_hooks WHERE business_id = ?2) < ?7`,
  )
    .bind(hook.id, businessId, hook.url, JSON.stringify(hook.events), hook.secret, hook.createdAt, MAX_HOOKS_PER_BUSINESS)
    .run();
  if (inserted.meta.changes === 0) throw new HTTPException(409, { message: `this business has ${MAX_HOOKS_PER_BUSINESS} subscribers already; remove one first` });
  await audit(db, "hook.create", "business", businessId, { hookId: hook.id, url: hook.url, events: hook.events });
  await linesChanged(env, businessId);
  return { hook, ...(input.secret ? {} : { secret }) };
}

export function listHooks(db: Db, businessId: string): Promise<EventHookRow[]> {
  return db.select().from(eventHooks).where(eq(eventHooks.businessId, businessId)).orderBy(eventHooks.createdAt);
}

export async function findHook(db: Db, id: string, businessId?: string): Promise<EventHookRow> {
  const [hook] = await db.select().from(eventHooks).where(eq(eventHooks.id, id));
  if (!hook || (businessId !== undefined && hook.businessId !== businessId)) throw new HTTPException(404, { message: "no such subscriber" });
  return hook;
}

/** Unsubscribe (Zapier's and Make's turn-off); the setting subscriber clears the setting with it. */
export async function deleteHook(env: Pick<Env, "DB" | "LINE">, id: string, businessId?: string): Promise<void> {
  const db = drizzle(env.DB);
  const hook = await findHook(db, id, businessId);
  await unsubscribe(env, hook);
  await audit(db, "hook.delete", "business", hook.businessId, { hookId: hook.id, url: hook.url });
}

/** The owner enables a subscriber disabled by a 410 again: events are recorded for it from now on. */
export async function enableHook(env: Pick<Env, "DB">, id: string, businessId?: string): Promise<EventHookRow> {
  const db = drizzle(env.DB);
  const hook = await findHook(db, id, businessId);
  if (hook.disabledAt === null) return hook;
  await db.batch([
    db.update(eventHooks).set({ disabledAt: null, disabledReason: null }).where(eq(eventHooks.id, hook.id)),
    audit(db, "hook.enable", "business", hook.businessId, { hookId: hook.id, url: hook.url, wasDisabled: hook.disabledReason }),
  ]);
  return { ...hook, disabledAt: null, disabledReason: null };
}

/** A subscriber's deliveries, newest first: `status` picks the dead or failed ones to replay. */
export function listDeliveries(db: Db, hookId: string, status?: EventDeliveryStatus, limit = 100) {
  return db
    .select({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      event: webhookDeliveries.event,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.hookId, hookId), status ? eq(webhookDeliveries.status, status) : undefined))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
}

/** Deliveries that need a person, per subscriber: how many are dead, and how many dead or failed. */
export async function troubleCounts(db: Db, businessId: string): Promise<Map<string, { dead: number; refused: number }>> {
  const rows = await db
    .select({ hookId: webhookDeliveries.hookId, dead: sql<number>`sum(${webhookDeliveries.status} = 'dead')`, refused: sql<number>`count(*)` })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.businessId, businessId), inArray(webhookDeliveries.status, ["dead", "failed"])))
    .groupBy(webhookDeliveries.hookId);
  return new Map(rows.flatMap((r) => (r.hookId ? [[r.hookId, { dead: Number(r.dead), refused: Number(r.refused) }] as const] : [])));
}

/** A replay to a disabled subscriber would fail at once: refused, saying what to do. */
function refuseDisabled(hook: EventHookRow | null): void {
  if (hook && hook.disabledAt !== null) throw new HTTPException(409, { message: `this subscriber is disabled (${hook.disabledReason ?? "by its owner"}): enable it first` });
}

/**
 * Post a dead, failed or delivered event to its subscriber again, as it was (same id, same body):
 * after the subscriber fixed what refused it. 409 while it is still on its way, or while its
 * subscriber is disabled. Should the queue refuse it, the cron queues it 10 minutes later.
 */
export async function replayDelivery(env: Pick<Env, "DB" | "SMS_OUT">, deliveryId: string, businessId?: string): Promise<void> {
  const db = drizzle(env.DB);
  const [row] = await db.select({ delivery: webhookDeliveries, hook: eventHooks }).from(webhookDeliveries).leftJoin(eventHooks, eq(eventHooks.id, webhookDeliveries.hookId)).where(eq(webhookDeliveries.id, deliveryId));
  if (!row || (businessId !== undefined && row.delivery.businessId !== businessId)) throw new HTTPException(404, { message: "no such delivery" });
  refuseDisabled(row.hook);
  const { delivery } = row;
  const res = await db
    .update(webhookDeliveries)
    .set({ status: "retrying", attempts: 0, lastError: null, nextAttemptAt: Date.now() + STRANDED_AFTER_MS })
    .where(and(eq(webhookDeliveries.id, delivery.id), inArray(webhookDeliveries.status, ["dead", "failed", "delivered"])));
  if (res.meta.changes === 0) throw new HTTPException(409, { message: `this delivery is ${delivery.status}: it is on its way already` });
  await audit(db, "delivery.replay", "business", delivery.businessId, { deliveryId: delivery.id, event: delivery.event });
  await env.SMS_OUT.send({ webhookDeliveryId: delivery.id });
}

/** Most deliveries one bulk replay queues; asking again queues the next ones (the replayed are no longer dead). */
export const MAX_BULK_REPLAY = 500;

/**
 * Post a subscriber's dead (or failed) deliveries again, oldest first, each as it was: those created
 * since `since`, or all. Each is claimed in the statement that finds it (`retrying`), so asking again
 * while they are on their way queues none twice. 409 while the subscriber is disabled.
 */
export async function replayHookDeliveries(env: Pick<Env, "DB" | "SMS_OUT">, hookId: string, input: ReplayHookInput, businessId?: string): Promise<number> {
  const db = drizzle(env.DB);
  const hook = await findHook(db, hookId, businessId);
  refuseDisabled(hook);
  const { results } = await env.DB.prepare(
    `UPDATE webhook_deliveries SET status = 'retrying', attempts = 0, last_error = NULL, next_attempt_at = ?1
     WHERE status = ?3 AND id IN (SELECT id FROM webhook_deliveries WHERE hook_id = ?2 AND status = ?3 AND created_at >= ?4 ORDER BY created_at LIMIT ?5)
     RETURNING id`,
  )
    .bind(Date.now() + STRANDED_AFTER_MS, hook.id, input.status, input.since ? Date.parse(input.since) : 0, MAX_BULK_REPLAY)
    .all<{ id: string }>();
  if (results.length === 0) return 0;
  await audit(db, "hook.replay", "business", hook.businessId, { hookId: hook.id, status: input.status, since: input.since ?? null, count: results.length });
  await sendDeliveries(env, results.map((r) => r.id));
  return results.length;
}

/** The business's dead and failed deliveries, newest first, for the admin page. */
export function troubledDeliveries(db: Db, businessId: string, limit = 100) {
  return db
    .select({
      id: webhookDeliveries.id,
      hookId: webhookDeliveries.hookId,
      event: webhookDeliveries.event,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.businessId, businessId), inArray(webhookDeliveries.status, ["dead", "failed"])))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
}
