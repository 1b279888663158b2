import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { decryptSecret } from "../crypto/secrets";
import { signTextback } from "../crypto/textback-signature";
import { businesses, webhookDeliveries } from "../db/schema";
import type { Env } from "../env";
import { log } from "../log";

export const NOTIFY_EVENTS = [
  "call.missed",
  "text.sent",
  "text.delivered",
  "text.failed",
  "reply.received",
  "consent.changed",
  "alert.raised",
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/**
 * Record an event for the business's webhook and queue its delivery. One statement decides whether
 * the business has a webhook at all (INSERT … SELECT), so callers need not look it up first.
 */
export async function emitEvent(env: Env, businessId: string, event: NotifyEvent, data: Record<string, unknown>): Promise<void> {
  const id = `wh_${crypto.randomUUID().replace(/-/g, "")}`;
  const at = Date.now();
  const payload = JSON.stringify({ id, event, businessId, at: new Date(at).toISOString(), data });
  try {
    const r = await env.DB.prepare(
      `INSERT INTO webhook_deliveries (id, business_id, event, payload, status, attempts, created_at)
       SELECT ?, id, ?, ?, 'queued', 0, ? FROM businesses WHERE id = ? AND notify_webhook_url IS NOT NULL`,
    )
      .bind(id, event, payload, at, businessId)
      .run();
    if (r.meta.changes > 0) await env.SMS_OUT.send({ webhookDeliveryId: id });
  } catch (e) {
    log.error("notify.emit_failed", { businessId, event, error: String(e) });
  }
}

const TIMEOUT_MS = 10_000;

export type WebhookResult = "delivered" | "retry" | "gone";

/** POST one delivery, signed; 2xx delivers, 4xx (but 408/429) gives up, anything else retries. */
export async function deliverWebhook(env: Env, deliveryId: string): Promise<WebhookResult> {
  const db = drizzle(env.DB);
  const [row] = await db
    .select({
      payload: webhookDeliveries.payload,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      url: businesses.notifyWebhookUrl,
      secret: businesses.webhookSecret,
    })
    .from(webhookDeliveries)
    .innerJoin(businesses, eq(businesses.id, webhookDeliveries.businessId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  if (!row || row.status === "delivered" || row.status === "failed" || !row.url || !row.secret) return "gone";
  const attempts = row.attempts + 1;
  let outcome: WebhookResult;
  let error: string | null = null;
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
    outcome = res.ok ? "delivered" : res.status === 408 || res.status === 429 || res.status >= 500 ? "retry" : "gone";
    if (!res.ok) error = `HTTP ${res.status}`;
  } catch (e) {
    outcome = "retry";
    error = e instanceof Error ? e.name : "network";
  }
  const now = Date.now();
  await db
    .update(webhookDeliveries)
    .set({
      attempts,
      status: outcome === "delivered" ? "delivered" : outcome === "gone" ? "failed" : "retrying",
      lastError: error,
      ...(outcome === "delivered" ? { deliveredAt: now } : {}),
    })
    .where(and(eq(webhookDeliveries.id, deliveryId)));
  return outcome;
}

export async function markWebhookDead(env: Env, deliveryId: string): Promise<void> {
  await drizzle(env.DB).update(webhookDeliveries).set({ status: "dead" }).where(eq(webhookDeliveries.id, deliveryId));
}
