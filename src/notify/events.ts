import { leadJsonSql } from "../db/leads";
import type { Env } from "../env";
import { log } from "../log";
import { EVENT_VERSIONS } from "./contract";
import type { NotifyEvent } from "../vocabulary";

type LeadNotifyEvent = Extract<NotifyEvent, `lead.${string}`>;

export { NOTIFY_EVENTS, type NotifyEvent } from "../vocabulary";

/** One row per enabled subscriber of the business that asked for this type (`*`: every type). */
const SUBSCRIBED = "h.disabled_at IS NULL AND EXISTS (SELECT 1 FROM json_each(h.events) WHERE value IN (?2, '*'))";
const DELIVERY_INSERT = `INSERT INTO webhook_deliveries (id, event_id, hook_id, business_id, event, payload, status, attempts, created_at)
  SELECT ?1 || '.' || h.id, ?1, h.id, h.business_id, ?2, ?3, 'queued', 0, ?4 FROM event_hooks h
  WHERE h.business_id = ?5 AND ${SUBSCRIBED}`;
/** The ids of the rows written are what gets queued: one queue message per subscriber delivery. */
const ON_CONFLICT = " ON CONFLICT (id) DO NOTHING RETURNING id";
/** Only when the statement just before it in the batch changed a row (a guarded update that won). */
const AFTER_WRITE = " AND changes() > 0";

/** The body every subscriber gets (notify/contract.ts): the same bytes, signed with each one's secret. */
export function eventPayload(id: string, type: NotifyEvent, businessId: string, at: number, data: Record<string, unknown>): string {
  const occurredAt = new Date(at).toISOString();
  return JSON.stringify({ id, type, version: EVENT_VERSIONS[type], occurredAt, businessId, data, event: type, at: occurredAt });
}

function delivery(d1: D1Database, id: string, businessId: string, event: NotifyEvent, data: Record<string, unknown>, afterWrite = false): D1PreparedStatement {
  const at = Date.now();
  const payload = eventPayload(id, event, businessId, at, data);
  return d1.prepare(DELIVERY_INSERT + (afterWrite ? AFTER_WRITE : "") + ON_CONFLICT).bind(id, event, payload, at, businessId);
}

const newEventId = () => `wh_${crypto.randomUUID().replace(/-/g, "")}`;

/** An event written in the same D1 batch as what caused it: both are recorded, or neither. */
export interface RecordedEvent {
  id: string;
  statement: D1PreparedStatement;
}

/** An event statement with its result in the batch that ran it. */
export interface WrittenEvent {
  event: RecordedEvent;
  result: D1Result | undefined;
}

/**
 * The statement that records an event, for the batch that writes its cause. `key`: an id derived
 * from the cause, for a cause that may be written again (a redelivered webhook): recorded once.
 * `afterWrite`: placed right after a guarded write, it records the event only if that write
 * changed a row.
 */
export function eventStatement(
  d1: D1Database,
  businessId: string,
  event: NotifyEvent,
  data: Record<string, unknown>,
  opts: { key?: string; afterWrite?: boolean } = {},
): RecordedEvent {
  const id = opts.key ? `wh_${opts.key}` : newEventId();
  return { id, statement: delivery(d1, id, businessId, event, data, opts.afterWrite) };
}

/** A lead's event, its payload the lead as the batch left it (built by SQL from the row). */
const LEAD_DELIVERY_INSERT = `INSERT INTO webhook_deliveries (id, event_id, hook_id, business_id, event, payload, status, attempts, created_at)
  SELECT ?1 || '.' || h.id, ?1, h.id, l.business_id, ?2,
    json_object('id', ?1, 'type', ?2, 'version', ?6, 'occurredAt', ?3, 'businessId', l.business_id, 'data', ${leadJsonSql("l")}, 'event', ?2, 'at', ?3),
    'queued', 0, ?4
  FROM leads l INNER JOIN event_hooks h ON h.business_id = l.business_id
  WHERE l.id = ?5 AND ${SUBSCRIBED}${ON_CONFLICT}`;

/** The same for the lead a timeline entry (`?5`) belongs to. */
const ENTRY_LEAD_DELIVERY_INSERT = LEAD_DELIVERY_INSERT.replace("l.id = ?5", "l.id = (SELECT lead_id FROM lead_events WHERE id = ?5)");

/**
 * The statement that records a `lead.*` event about lead `leadId`, for the batch that changes the
 * lead (after the change), under an id derived from the cause (`key`): recorded once. Nothing is
 * recorded when the lead does not exist, which is how `lead.created` goes only with the cause that
 * opened the lead.
 */
export function leadEventStatement(d1: D1Database, event: LeadNotifyEvent, lead: string | { entryId: string }, key: string): RecordedEvent {
  const id = `wh_${key}`;
  const at = Date.now();
  const [sql, ref] = typeof lead === "string" ? [LEAD_DELIVERY_INSERT, lead] : [ENTRY_LEAD_DELIVERY_INSERT, lead.entryId];
  return { id, statement: d1.prepare(sql).bind(id, event, new Date(at).toISOString(), at, ref, EVENT_VERSIONS[event]) };
}

/** One queue message per subscriber delivery; throws when one could not be queued. */
async function queueEach(env: Pick<Env, "SMS_OUT">, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => env.SMS_OUT.send({ webhookDeliveryId: id })));
}

/** The delivery rows a statement above wrote (its RETURNING rows). */
function writtenIds(result: D1Result | undefined): string[] {
  return ((result?.results ?? []) as { id: string }[]).map((r) => r.id);
}

/**
 * Queue the deliveries of events written with their cause (`result`: the event statement's own, so
 * one that was not recorded is not queued). A failure is logged, not thrown, since the cause is
 * done: the cron queues a delivery still waiting after STRANDED_AFTER_MS.
 */
export async function queueEvents(env: Pick<Env, "SMS_OUT">, written: WrittenEvent[]): Promise<void> {
  const ids = written.flatMap(({ result }) => writtenIds(result));
  if (ids.length === 0) return;
  try {
    await env.SMS_OUT.sendBatch(ids.map((id) => ({ body: { webhookDeliveryId: id } })));
  } catch (e) {
    log.warn("notify.queue_failed", { count: ids.length, error: String(e) });
  }
}

/**
 * Record an event for the business's subscribers and queue a delivery to each. Best effort: a failure is
 * logged, not thrown, so it never fails the action that caused the event.
 */
export async function emitEvent(env: Env, businessId: string, event: NotifyEvent, data: Record<string, unknown>): Promise<void> {
  try {
    const ids = writtenIds(await delivery(env.DB, newEventId(), businessId, event, data).run());
    await queueEach(env, ids);
  } catch (e) {
    log.error("notify.emit_failed", { businessId, notifyEvent: event, error: String(e) });
  }
}

/**
 * The same for an event a job may emit more than once (a queue job retried after a failure), under
 * an id derived from what it reports (`key`): recorded once, and queued again only while it is
 * still undelivered (a second POST of the same id is possible then; the id lets a receiver tell).
 * Throws when it could not be recorded or queued, so that the job is retried and emits it again.
 */
export async function emitEventOnce(env: Env, businessId: string, event: NotifyEvent, key: string, data: Record<string, unknown>): Promise<void> {
  const id = `wh_${key}`;
  const [, current] = await env.DB.batch([
    delivery(env.DB, id, businessId, event, data),
    env.DB.prepare("SELECT id FROM webhook_deliveries WHERE event_id = ? AND status = 'queued'").bind(id),
  ]);
  await queueEach(env, writtenIds(current));
}

/** A delivery queued this long ago and never attempted has missed the queue (the consumer takes one within seconds). */
export const STRANDED_AFTER_MS = 10 * 60_000;

/** Most deliveries of each kind (stranded, due) one cron run queues; the next run takes the rest. */
const REQUEUE_LIMIT = 100;

/**
 * The deliveries the queue should have and does not: recorded but never queued (the send after the
 * write failed: emitEvent, queueEvents), oldest first, and those whose next attempt is due
 * (`next_attempt_at`: a wait too long for the queue, or a queue message that was lost). Each is
 * claimed in the same statement (`retrying`, its next look STRANDED_AFTER_MS on), so a slow queue
 * is not fed the same delivery on every run and one whose send fails now is taken again later.
 */
const CLAIM_DUE = `UPDATE webhook_deliveries SET status = 'retrying', next_attempt_at = ?1 + ${STRANDED_AFTER_MS}
  WHERE status IN ('queued', 'retrying') AND id IN (
    SELECT id FROM (SELECT id FROM webhook_deliveries WHERE status = 'queued' AND created_at < ?2 ORDER BY created_at LIMIT ?3)
    UNION ALL
    SELECT id FROM (SELECT id FROM webhook_deliveries WHERE status = 'retrying' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?3)
  ) RETURNING id`;

/**
 * Queue again what CLAIM_DUE finds. One that was in the queue after all may be posted twice, under
 * the same id, which is what the id is for.
 */
export async function requeueDueEvents(env: Pick<Env, "DB" | "SMS_OUT">, now: number, limit = REQUEUE_LIMIT): Promise<number> {
  const { results } = await env.DB.prepare(CLAIM_DUE).bind(now, now - STRANDED_AFTER_MS, limit).all<{ id: string }>();
  if (results.length === 0) return 0;
  await sendDeliveries(env, results.map((r) => r.id));
  log.warn("notify.requeued", { count: results.length });
  return results.length;
}

/** The queue takes at most 100 messages per batch. */
export async function sendDeliveries(env: Pick<Env, "SMS_OUT">, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    await env.SMS_OUT.sendBatch(ids.slice(i, i + 100).map((id) => ({ body: { webhookDeliveryId: id } })));
  }
}
