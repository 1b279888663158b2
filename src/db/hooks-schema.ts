import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { HOOK_ORIGINS, type NotifyEvent } from "../vocabulary";

/**
 * Who receives a business's signed events: a subscriber's URL, the event types it asked for (`*`:
 * all) and its own signing secret (encrypted with DATA_KEY). Zapier and Make subscribe and
 * unsubscribe through the API (REST hooks); the business's `notifyWebhookUrl` setting is the
 * subscriber `hook_setting_<businessId>` (origin `setting`), kept in step with it.
 */
export const eventHooks = sqliteTable(
  "event_hooks",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id").notNull(),
    url: text("url").notNull(),
    /** JSON list of event types, or `["*"]`. */
    events: text("events", { mode: "json" }).$type<(NotifyEvent | "*")[]>().notNull(),
    secret: text("secret").notNull(),
    origin: text("origin", { enum: HOOK_ORIGINS }).notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("event_hooks_business_idx").on(t.businessId)],
);

export type EventHookRow = typeof eventHooks.$inferSelect;

/**
 * What a CRM's signed requests to `/webhooks/crm/generic/:businessId` already did, by the request's
 * own id (or its signature, when it gives none): a retried or replayed request changes nothing twice.
 */
export const crmInboundKeys = sqliteTable(
  "crm_inbound_keys",
  {
    businessId: text("business_id").notNull(),
    key: text("key").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.key] })],
);
