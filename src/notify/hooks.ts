import { and, eq, isNotNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { eventHooks, type EventHookRow } from "../db/hooks-schema";
import { businesses } from "../db/schema";
import type { Env } from "../env";
import { linesChanged } from "../line/config-changed";
import { log } from "../log";

/** Why a subscriber was disabled when its receiver said so: the admin page and the API show it. */
export const GONE_REASON = "receiver answered 410 Gone";

/**
 * A subscriber is removed (Zapier's or Make's unsubscribe, the owner's Remove). The setting
 * subscriber takes the setting with it, so the business page shows no URL that receives nothing.
 * Lines learn the business may have no subscriber left.
 */
export async function unsubscribe(env: Pick<Env, "DB" | "LINE">, hook: Pick<EventHookRow, "id" | "businessId" | "origin">): Promise<void> {
  const db = drizzle(env.DB);
  await db.batch([
    db.delete(eventHooks).where(eq(eventHooks.id, hook.id)),
    ...(hook.origin === "setting"
      ? [db.update(businesses).set({ notifyWebhookUrl: null }).where(and(eq(businesses.id, hook.businessId), isNotNull(businesses.notifyWebhookUrl)))]
      : []),
  ]);
  log.warn("notify.unsubscribed", { businessId: hook.businessId, hookId: hook.id });
  await linesChanged(env, hook.businessId);
}

/**
 * A receiver answered 410 Gone (a Zap turned off without unsubscribing, an endpoint retired): the
 * subscriber is disabled, not deleted, so its deliveries stay readable and the owner can enable it
 * again. No event is recorded for it meanwhile, and what waits for a retry fails now, saying why
 * (replayable once it is enabled). The audit log says the delivery did it, once however many
 * deliveries were told 410 at the same moment.
 */
export async function disableHook(env: Pick<Env, "DB">, hook: Pick<EventHookRow, "id" | "businessId" | "url">, reason: string): Promise<void> {
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare("UPDATE event_hooks SET disabled_at = ?1, disabled_reason = ?2 WHERE id = ?3 AND disabled_at IS NULL").bind(now, reason, hook.id),
    // Right after the update: only when it changed the row (a 410 racing another records one entry).
    env.DB.prepare(
      "INSERT INTO audit_log (actor, action, entity, entity_id, detail, at) SELECT 'delivery', 'hook.disable', 'business', ?1, ?2, ?3 WHERE changes() > 0",
    ).bind(hook.businessId, JSON.stringify({ hookId: hook.id, url: hook.url, reason }), now),
    env.DB.prepare("UPDATE webhook_deliveries SET status = 'failed', last_error = ?1, next_attempt_at = NULL WHERE hook_id = ?2 AND status IN ('queued', 'retrying')").bind(
      `subscriber disabled: ${reason}`,
      hook.id,
    ),
  ]);
  log.warn("notify.hook_disabled", { businessId: hook.businessId, hookId: hook.id, reason });
}
