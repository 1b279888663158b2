/** The subscriber that stands for a business's `notifyWebhookUrl` setting. */
export const settingHookId = (businessId: string) => `hook_setting_${businessId}`;

const CONFIGURED = "notify_webhook_url IS NOT NULL AND webhook_secret IS NOT NULL";

/**
 * The statements that bring the business's setting subscriber in line with its `notifyWebhookUrl`
 * and `webhookSecret` (every event type, the setting's secret), for the batch that writes them:
 * created or changed while both are set, removed when either is cleared. Disabled by a 410, it stays
 * disabled until its URL changes (a new receiver) or the owner enables it. Migration 0013 did the
 * same once for every business.
 */
export function settingHookSync(d1: D1Database, businessId: string, now: number): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        `INSERT INTO event_hooks (id, business_id, url, events, secret, origin, created_at)
        SELECT ?1, id, notify_webhook_url, '["*"]', webhook_secret, 'setting', ?3 FROM businesses WHERE id = ?2 AND ${CONFIGURED}
        ON CONFLICT (id) DO UPDATE SET url = excluded.url, secret = excluded.secret,
          disabled_at = iif(event_hooks.url = excluded.url, event_hooks.disabled_at, NULL),
          disabled_reason = iif(event_hooks.url = excluded.url, event_hooks.disabled_reason, NULL)`,
      )
      .bind(settingHookId(businessId), businessId, now),
    d1
      .prepare(`DELETE FROM event_hooks WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM businesses WHERE id = ?2 AND ${CONFIGURED})`)
      .bind(settingHookId(businessId), businessId),
  ];
}
