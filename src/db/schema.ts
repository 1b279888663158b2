import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  CARRIERS,
  CONSENT_KINDS,
  CONSENT_SOURCES,
  EVENT_DELIVERY_STATUSES,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  NOTIFY_EVENTS,
  NUMBER_MODES,
  OUTCOMES,
  SMS_ENCODINGS,
  TEMPLATE_KINDS,
  type ActedBy,
  type MessageMedia,
  type DecisionCode,
  type Outcome,
  type SkipReason,
} from "../vocabulary";

const createdAt = () =>
  integer("created_at", { mode: "number" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const businesses = sqliteTable(
  "businesses",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    timezone: text("timezone").notNull(),
    forwardTo: text("forward_to"),
    notifyPhone: text("notify_phone"),
    /** The line a customer reaches a person on first: `{priorityPhone}` in their `existing_customer` text. */
    priorityPhone: text("priority_phone"),
    bookingUrl: text("booking_url"),
    /** The business's CRM endpoint for signed event webhooks (reply.received, consent.changed…). */
    notifyWebhookUrl: text("notify_webhook_url"),
    /** AES-GCM ciphertext of the HMAC secret for those webhooks; write-only through the API. */
    webhookSecret: text("webhook_secret"),
    /** AES-GCM ciphertext of the secret an AI receptionist signs its events with; write-only. */
    voiceAiSecret: text("voice_ai_secret"),
    /** AES-GCM ciphertexts of the keys booking providers sign their webhooks with (DESIGN.md §6.5); write-only. */
    bookingSecretCalcom: text("booking_secret_calcom"),
    bookingSecretCalendly: text("booking_secret_calendly"),
    bookingSecretGeneric: text("booking_secret_generic"),
    /** JSON: weekly hours and holidays (see rules/schedule.ts). */
    hours: text("hours", { mode: "json" }),
    /** JSON: BusinessSettings (see settings.ts); defaults are applied on read. */
    settings: text("settings", { mode: "json" }).notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  // The admin lists businesses by name, a page at a time, and its switcher reads the first few.
  (t) => [index("businesses_name_idx").on(t.name, t.id)],
);

export const numbers = sqliteTable(
  "numbers",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id),
    e164: text("e164").notNull(),
    carrier: text("carrier", { enum: CARRIERS }).notNull(),
    mode: text("mode", { enum: NUMBER_MODES }).notNull(),
    /** AES-GCM ciphertext of the carrier credentials JSON (crypto/secrets.ts); never returned. */
    credentials: text("credentials").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("numbers_e164_uq").on(t.e164), index("numbers_business_idx").on(t.businessId)],
);

export const templates = sqliteTable(
  "templates",
  {
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id),
    kind: text("kind", { enum: TEMPLATE_KINDS }).notNull(),
    body: text("body").notNull(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.kind] })],
);

export const calls = sqliteTable(
  "calls",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id").notNull(),
    numberId: text("number_id").notNull(),
    carrierCallId: text("carrier_call_id").notNull(),
    fromPhone: text("from_phone").notNull(),
    toPhone: text("to_phone").notNull(),
    outcome: text("outcome", { enum: OUTCOMES }).notNull(),
    decision: text("decision").$type<DecisionCode>().notNull(),
    /** The outcome texted, or the reason skipped. */
    reason: text("reason").$type<Outcome | SkipReason>().notNull(),
    /** The carrier facts the decision was made from (status, duration, answeredBy, source). */
    facts: text("facts", { mode: "json" }),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [
    // A carrier's id is unique only within what it numbers: per number here, never across businesses.
    uniqueIndex("calls_number_carrier_call_uq").on(t.numberId, t.carrierCallId),
    index("calls_business_at_idx").on(t.businessId, t.at),
    // A number's last call (its page, the dashboard, the heartbeat) without reading its history.
    index("calls_number_at_idx").on(t.numberId, t.at),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id").notNull(),
    numberId: text("number_id").notNull(),
    callId: text("call_id"),
    direction: text("direction", { enum: MESSAGE_DIRECTIONS }).notNull(),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    fromPhone: text("from_phone").notNull(),
    toPhone: text("to_phone").notNull(),
    body: text("body").notNull(),
    encoding: text("encoding", { enum: SMS_ENCODINGS }).notNull(),
    segments: integer("segments").notNull(),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull(),
    carrierMessageId: text("carrier_message_id"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
    sentAt: integer("sent_at", { mode: "number" }),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
    /** The code of the tracked booking link in this text (`/l/<code>`, DESIGN.md §6.5), if it has one. */
    linkCode: text("link_code"),
    /** JSON: who wrote a person's text (the admin, the API, the owner's phone); null for Textback's own. */
    actedBy: text("acted_by", { mode: "json" }).$type<ActedBy>(),
    /** JSON: the photos a caller's text carried (rules/media.ts keeps at most MAX_MEDIA, https only); null without any. */
    media: text("media", { mode: "json" }).$type<MessageMedia[]>(),
    /** The caller a text to the business's own phones is about (a relay, a page, an alert); null for any other text. */
    aboutPhone: text("about_phone"),
  },
  (t) => [
    uniqueIndex("messages_link_code_uq").on(t.linkCode).where(sql`link_code IS NOT NULL`),
    // sent_at too: the cost guard counts a business's sent texts of the past day from the index alone.
    index("messages_business_created_idx").on(t.businessId, t.createdAt, t.sentAt),
    index("messages_carrier_id_idx").on(t.carrierMessageId),
    index("messages_call_idx").on(t.callId),
    // Replies by caller: the report's recovery rate and the conversation view look them up this way.
    index("messages_business_from_idx").on(t.businessId, t.direction, t.fromPhone, t.createdAt),
    // What the business's phones were told about a caller, for the caller's lead card and conversation.
    index("messages_business_about_idx").on(t.businessId, t.aboutPhone, t.createdAt).where(sql`about_phone IS NOT NULL`),
  ],
);

/** Append-only: the current consent status of a phone is derived from its newest events. */
export const consentEvents = sqliteTable(
  "consent_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    businessId: text("business_id").notNull(),
    phone: text("phone").notNull(),
    kind: text("kind", { enum: CONSENT_KINDS }).notNull(),
    source: text("source", { enum: CONSENT_SOURCES }).notNull(),
    evidenceId: text("evidence_id"),
    evidenceText: text("evidence_text"),
    at: integer("at", { mode: "number" }).notNull(),
    /** JSON: who recorded an opt-out or opt-in by hand (source `admin`); null for the caller's own and older rows. */
    actedBy: text("acted_by", { mode: "json" }).$type<ActedBy>(),
  },
  (t) => [index("consent_business_phone_idx").on(t.businessId, t.phone, t.at)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** `admin` (ADMIN_TOKEN), or the id of the user who made the change. */
    actor: text("actor").notNull(),
    /** The personal API token the change came through, if it did. */
    actorToken: text("actor_token"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    detail: text("detail", { mode: "json" }),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("audit_entity_idx").on(t.entity, t.entityId), index("audit_actor_idx").on(t.actor, t.at)],
);

export type BusinessRow = typeof businesses.$inferSelect;
export type NumberRow = typeof numbers.$inferSelect;
export type TemplateRow = typeof templates.$inferSelect;
export type CallRow = typeof calls.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type ConsentEventRow = typeof consentEvents.$inferSelect;

/** Signed event webhooks to a business's own system; delivered and retried through the outbox queue. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    /** `<eventId>.<hookId>`: one row per event and subscriber. */
    id: text("id").primaryKey(),
    /** The event's own id (the payload's `id`, the same for every subscriber). */
    eventId: text("event_id"),
    /** The subscriber (event_hooks.id) it goes to. */
    hookId: text("hook_id"),
    businessId: text("business_id").notNull(),
    event: text("event", { enum: NOTIFY_EVENTS }).notNull(),
    /** The exact JSON body that is signed and sent. */
    payload: text("payload").notNull(),
    status: text("status", { enum: EVENT_DELIVERY_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
    deliveredAt: integer("delivered_at", { mode: "number" }),
    /**
     * While `retrying`: when the cron queues it again (rules/event-retry.ts). A wait the queue itself
     * holds is given a margin here, so the cron takes the delivery back only if the queue lost it.
     */
    nextAttemptAt: integer("next_attempt_at", { mode: "number" }),
  },
  (t) => [
    index("webhook_deliveries_business_idx").on(t.businessId, t.createdAt),
    // Only the retrying ones: the cron looks for those whose next attempt is due.
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`status = 'retrying'`),
    // Only the deliveries not yet attempted: the cron looks for ones that never reached the queue.
    index("webhook_deliveries_queued_idx").on(t.createdAt).where(sql`status = 'queued'`),
    index("webhook_deliveries_hook_idx").on(t.hookId, t.createdAt),
  ],
);

/**
 * Numbers the carrier says cannot receive texts from this business (landline, unknown destination,
 * blocked): texting them again only costs money. Cleared by a later successful delivery.
 */
export const undeliverable = sqliteTable(
  "undeliverable",
  {
    businessId: text("business_id").notNull(),
    phone: text("phone").notNull(),
    errorCode: text("error_code").notNull(),
    messageId: text("message_id"),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.phone] })],
);

/** Alerts and digests sent to a business, so each fires once per window. */
export const alertsSent = sqliteTable(
  "alerts_sent",
  {
    businessId: text("business_id").notNull(),
    /** `delivery_failing`, `carrier_auth`, `digest:2026-11-28`… */
    key: text("key").notNull(),
    detail: text("detail"),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.key] })],
);
