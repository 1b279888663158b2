import { and, eq, isNotNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { eventHooks, type EventHookRow } from "../db/hooks-schema";
import { businesses } from "../db/schema";
import type { Env } from "../env";
import { linesChanged } from "../line/config-changed";
import { log } from "../log";

/**
 * A subscriber answered 410 Gone: it is removed (a Zap turned off without unsubscribing, an
 * endpoint retired). The setting subscriber takes the setting with it, so the business page shows
 * no URL that receives nothing. Lines learn the business may have no subscriber left.
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
