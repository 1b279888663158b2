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
    /** Encrypted: the signing secret, or HubSpot's private-app token. */
    secret: text("secret").notNull(),
    origin: text("origin", { enum: HOOK_ORIGINS }).notNull(),
    /** HubSpot's pipeline and stages (rules/hubspot.ts); null for URLs. */
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Its last refusal (`HTTP 500`, `HubSpot 401: …`), cleared by the next success: the admin page shows it. */
    lastError: text("last_error"),
    lastErrorAt: integer("last_error_at", { mode: "number" }),
    /**
     * Set when the receiver answered 410 Gone (a Zap turned off without unsubscribing, an endpoint
     * retired): no event is recorded for it until the owner enables it again; its deliveries stay.
     */
    disabledAt: integer("disabled_at", { mode: "number" }),
    disabledReason: text("disabled_reason"),
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

/**
 * A lead's records in a business's CRM (HubSpot's contact, deal and conversation note ids), so a
 * redelivered event updates them instead of creating more. `claimedAt`: a delivery creating them
 * right now; others wait for it. `syncedActivityAt`: the newest lead state sent, so an older event
 * delivered late does not move the deal back.
 */
export const crmLinks = sqliteTable(
  "crm_links",
  {
    businessId: text("business_id").notNull(),
    leadId: text("lead_id").notNull(),
    contactId: text("contact_id"),
    dealId: text("deal_id"),
    noteId: text("note_id"),
    syncedActivityAt: integer("synced_activity_at", { mode: "number" }),
    claimedAt: integer("claimed_at", { mode: "number" }),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.leadId] })],
);
export type CrmLinkRow = typeof crmLinks.$inferSelect;
