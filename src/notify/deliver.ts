import { and, eq, isNotNull, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { decryptSecret } from "../crypto/secrets";
import { signTextback } from "../crypto/textback-signature";
import { eventHooks } from "../db/hooks-schema";
import { webhookDeliveries } from "../db/schema";
import type { Env } from "../env";
import { publicUrlProblem } from "../rules/public-url";
import { retryAfterSeconds } from "../rules/retry-after";
import { syncToHubspot } from "../crm/hubspot-sync";
import { unsubscribe } from "./hooks";

const TIMEOUT_MS = 10_000;

export type EventDeliveryResult = "delivered" | "retry" | "gone" | "unsubscribed";

/** What became of one attempt: `retryAfterSeconds` when the receiver said how long to wait (429 Retry-After). */
export interface EventDelivery {
  outcome: EventDeliveryResult;
  error: string | null;
  retryAfterSeconds?: number;
}

/**
 * Deliver one event to one subscriber: a URL gets it POSTed, signed with its secret (2xx delivers,
 * 410 Gone unsubscribes it, the REST-hook convention Zapier and Make follow; other 4xx but 408/429
 * give up; anything else retries); HubSpot gets the lead synced (crm/hubspot-sync.ts). A delivery
 * whose subscriber is gone is dropped. The subscriber keeps its last error for the admin page.
 */
export async function deliverEvent(env: Env, deliveryId: string): Promise<EventDelivery> {
  const db = drizzle(env.DB);
  const [row] = await db
    .select({
      payload: webhookDeliveries.payload,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      hook: eventHooks,
    })
    .from(webhookDeliveries)
    .leftJoin(eventHooks, eq(eventHooks.id, webhookDeliveries.hookId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  if (!row || row.status === "delivered" || row.status === "failed") return { outcome: "gone", error: null };
  if (!row.hook) {
    await db.update(webhookDeliveries).set({ status: "failed", lastError: "unsubscribed" }).where(eq(webhookDeliveries.id, deliveryId));
    return { outcome: "gone", error: "unsubscribed" };
  }
  const hook = row.hook;
  const result = hook.origin === "hubspot" ? await syncToHubspot(env, hook, row.payload) : await postEvent(env, { url: hook.url, secret: hook.secret, payload: row.payload });
  const { outcome, error } = result;
  const now = Date.now();
  await db.batch([
    db
      .update(webhookDeliveries)
      .set({
        attempts: row.attempts + 1,
        status: outcome === "delivered" ? "delivered" : outcome === "retry" ? "retrying" : "failed",
        lastError: error,
        ...(outcome === "delivered" ? { deliveredAt: now } : {}),
      })
      // A duplicate of this delivery running beside it may have delivered it meanwhile: that stands.
      .where(and(eq(webhookDeliveries.id, deliveryId), ne(webhookDeliveries.status, "delivered"))),
    db
      .update(eventHooks)
      .set(error ? { lastError: error, lastErrorAt: now } : { lastError: null, lastErrorAt: null })
      .where(and(eq(eventHooks.id, hook.id), error ? undefined : isNotNull(eventHooks.lastError))),
  ]);
  if (outcome === "unsubscribed") await unsubscribe(env, hook);
  return result;
}

/**
 * One signed POST. A stored URL the API would refuse today (an IP literal, an internal name, saved
 * before URLs were checked or edited in D1 by hand) is never called: the event fails, saying why.
 */
async function postEvent(env: Env, row: { url: string; secret: string; payload: string }): Promise<EventDelivery> {
  const refused = publicUrlProblem(row.url);
  if (refused) return { outcome: "gone", error: `url ${refused}` };
  try {
    const secret = await decryptSecret(env.DATA_KEY, row.secret);
    const res = await fetch(row.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Textback-Webhooks/1",
        "x-textback-signature": await signTextback(secret, Math.floor(Date.now() / 1000), row.payload),
      },
      body: row.payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "manual",
    });
    const outcome = res.ok ? "delivered" : res.status === 410 ? "unsubscribed" : res.status === 408 || res.status === 429 || res.status >= 500 ? "retry" : "gone";
    const wait = res.status === 429 ? retryAfterSeconds(res.headers.get("retry-after")) : null;
    return { outcome, error: res.ok ? null : `HTTP ${res.status}`, ...(wait ? { retryAfterSeconds: wait } : {}) };
  } catch (e) {
    return { outcome: "retry", error: e instanceof Error ? e.name : "network" };
  }
}

/** The event exhausted its retries (the dead-letter queue): kept, visibly dead. */
export async function markEventDead(env: Env, deliveryId: string): Promise<void> {
  await drizzle(env.DB).update(webhookDeliveries).set({ status: "dead" }).where(eq(webhookDeliveries.id, deliveryId));
}
