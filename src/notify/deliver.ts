import { and, eq, isNotNull, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { syncToHubspot } from "../crm/hubspot-sync";
import { eventHooks } from "../db/hooks-schema";
import { webhookDeliveries } from "../db/schema";
import type { Env } from "../env";
import { nextEventAttempt } from "../rules/event-retry";
import type { EventDeliveryStatus } from "../vocabulary";
import { STRANDED_AFTER_MS } from "./events";
import { disableHook, GONE_REASON } from "./hooks";
import { postEvent, type EventAttempt } from "./post-event";

/** OUTBOX_RETRY_BASE_SECONDS as deployed: the retry schedule is as written at this value (0 in tests: no waits). */
const DEPLOYED_BASE_SECONDS = 2;

/** What the queue does with the message: retry it in `queueRetrySeconds`, or ack it (delivered, refused, dead, or the cron's turn). */
export interface EventDelivery extends EventAttempt {
  queueRetrySeconds?: number;
}

/** The queue message carrying the attempt: how many times the queue handed it over, and OUTBOX_RETRY_BASE_SECONDS. */
export interface DeliveryMessage {
  attempts: number;
  baseSeconds: number;
}

/** The delivery row after an attempt: its status, and when the cron takes it back if it is to be retried. */
interface AfterAttempt {
  status: EventDeliveryStatus;
  nextAttemptAt: number | null;
  queueRetrySeconds?: number;
}

function afterAttempt(attempt: EventAttempt, attempts: number, message: DeliveryMessage, now: number): AfterAttempt {
  if (attempt.outcome !== "retry") return { status: attempt.outcome === "delivered" ? "delivered" : "failed", nextAttemptAt: null };
  const next = nextEventAttempt(attempts, {
    random: Math.random(),
    scale: message.baseSeconds / DEPLOYED_BASE_SECONDS,
    messageAttempts: message.attempts,
    ...(attempt.retryAfterSeconds ? { retryAfterSeconds: attempt.retryAfterSeconds } : {}),
  });
  if (!next) return { status: "dead", nextAttemptAt: null };
  // A wait the queue holds gets the cron's margin: taken back only if the queue lost the message.
  const margin = next.by === "queue" ? STRANDED_AFTER_MS : 0;
  return { status: "retrying", nextAttemptAt: now + next.delaySeconds * 1000 + margin, ...(next.by === "queue" ? { queueRetrySeconds: next.delaySeconds } : {}) };
}

/**
 * Deliver one event to one subscriber: a URL gets it POSTed, signed with its secret (post-event.ts);
 * HubSpot gets the lead synced (crm/hubspot-sync.ts). A failure is retried over about a day
 * (rules/event-retry.ts), then the delivery is dead; a 410 Gone disables the subscriber. A
 * delivery whose subscriber is gone or disabled fails at once. The subscriber keeps its last error
 * for the admin page.
 */
export async function deliverEvent(env: Env, deliveryId: string, message: DeliveryMessage): Promise<EventDelivery> {
  const db = drizzle(env.DB);
  const [row] = await db
    .select({ payload: webhookDeliveries.payload, status: webhookDeliveries.status, attempts: webhookDeliveries.attempts, hook: eventHooks })
    .from(webhookDeliveries)
    .leftJoin(eventHooks, eq(eventHooks.id, webhookDeliveries.hookId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  if (!row || row.status === "delivered" || row.status === "failed") return { outcome: "gone", error: null };
  const hook = row.hook;
  if (!hook || hook.disabledAt !== null) {
    const error = hook ? `subscriber disabled: ${hook.disabledReason ?? "by its owner"}` : "subscriber removed";
    await db.update(webhookDeliveries).set({ status: "failed", lastError: error, nextAttemptAt: null }).where(eq(webhookDeliveries.id, deliveryId));
    return { outcome: "gone", error };
  }
  const attempt = hook.origin === "hubspot" ? await syncToHubspot(env, hook, row.payload) : await postEvent(env, { url: hook.url, secret: hook.secret, payload: row.payload });
  const now = Date.now();
  const { queueRetrySeconds, ...next } = afterAttempt(attempt, row.attempts + 1, message, now);
  const { error } = attempt;
  await db.batch([
    db
      .update(webhookDeliveries)
      .set({ attempts: row.attempts + 1, lastError: error, ...next, ...(attempt.outcome === "delivered" ? { deliveredAt: now } : {}) })
      // A duplicate of this delivery running beside it may have delivered it meanwhile: that stands.
      .where(and(eq(webhookDeliveries.id, deliveryId), ne(webhookDeliveries.status, "delivered"))),
    db
      .update(eventHooks)
      .set(error ? { lastError: error, lastErrorAt: now } : { lastError: null, lastErrorAt: null })
      .where(and(eq(eventHooks.id, hook.id), error ? undefined : isNotNull(eventHooks.lastError))),
  ]);
  if (attempt.outcome === "unsubscribed") await disableHook(env, hook, GONE_REASON);
  return { ...attempt, ...(queueRetrySeconds !== undefined ? { queueRetrySeconds } : {}) };
}

/** The event exhausted its retries in the queue (the dead-letter queue): kept, visibly dead. */
export async function markEventDead(env: Env, deliveryId: string): Promise<void> {
  await drizzle(env.DB).update(webhookDeliveries).set({ status: "dead", nextAttemptAt: null }).where(eq(webhookDeliveries.id, deliveryId));
}
