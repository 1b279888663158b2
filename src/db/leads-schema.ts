import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { LEAD_EVENT_TYPES, LEAD_NAME_SOURCES, LEAD_STATUSES, type ActedBy, type LeadSource, type LostReason } from "../vocabulary";

const ms = (name: string) => integer(name, { mode: "number" });

/**
 * One episode with one caller of one business (DESIGN.md §6.1): opened by a missed call or a text
 * from a phone with no open lead, joined by later ones, closed as won or lost. At most one open lead
 * per business and phone (`leads_open_uq`), which is what makes "open or join" one statement.
 */
export const leads = sqliteTable(
  "leads",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id").notNull(),
    phone: text("phone").notNull(),
    name: text("name"),
    /** Where `name` came from; a caller ID name gives way to any other (db/leads.ts, db/lead-names.ts). */
    nameSource: text("name_source", { enum: LEAD_NAME_SOURCES }),
    status: text("status", { enum: LEAD_STATUSES }).notNull(),
    urgent: integer("urgent", { mode: "boolean" }).notNull().default(false),
    source: text("source").$type<LeadSource>().notNull(),
    /** Answers by question key (`service`, `address`, `zip`, `urgency`, `preferredTime`…). */
    fields: text("fields", { mode: "json" }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
    estimatedCents: integer("estimated_cents"),
    wonCents: integer("won_cents"),
    /** Why it was lost, when the system closed it (`out_of_area`) or a person said. */
    lostReason: text("lost_reason").$type<LostReason>(),
    /** A person's words about the loss (what `other` was, or more about any reason). */
    lostNote: text("lost_note"),
    /** A person has written to the caller: automation asks nothing more. */
    handedOver: integer("handed_over", { mode: "boolean" }).notNull().default(false),
    calls: integer("calls").notNull().default(0),
    clicks: integer("clicks").notNull().default(0),
    firstClickAt: ms("first_click_at"),
    lastClickAt: ms("last_click_at"),
    firstCallAt: ms("first_call_at"),
    firstTextAt: ms("first_text_at"),
    firstReplyAt: ms("first_reply_at"),
    firstHumanReplyAt: ms("first_human_reply_at"),
    qualifiedAt: ms("qualified_at"),
    bookedAt: ms("booked_at"),
    startsAt: ms("starts_at"),
    closedAt: ms("closed_at"),
    acknowledgedAt: ms("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    /** When the caller first named a danger (a safety word: gas, smoke…) while this lead was open; they got the safety message. */
    dangerAt: ms("danger_at"),
    createdAt: ms("created_at").notNull(),
    /** The newest call, text or change: the lead list's order. */
    lastActivityAt: ms("last_activity_at").notNull(),
  },
  (t) => [
    uniqueIndex("leads_open_uq").on(t.businessId, t.phone).where(sql`closed_at IS NULL`),
    // "Has this caller had a lead?": a reply after a close opens none and is asked nothing.
    index("leads_business_phone_idx").on(t.businessId, t.phone, t.closedAt),
    index("leads_business_activity_idx").on(t.businessId, t.lastActivityAt, t.id),
    // Urgent pages nobody has taken, across every business: the businesses list's "needs you now"
    // reads only these few rows, however many leads there are.
    index("leads_untaken_idx").on(t.businessId, t.dangerAt, t.createdAt).where(sql`urgent = 1 AND acknowledged_at IS NULL AND closed_at IS NULL`),
    // The report counts the leads a period opened (its funnel, money, days and time to a person's
    // reply) from this index alone, never reading the rows: with every column those figures read, a
    // business with 10,000 leads a month is one range of the index.
    index("leads_business_created_idx").on(
      t.businessId, t.createdAt, t.source, t.status, t.closedAt, t.urgent, t.firstTextAt, t.firstReplyAt,
      t.firstHumanReplyAt, t.qualifiedAt, t.bookedAt, t.estimatedCents, t.wonCents,
    ),
  ],
);

/**
 * A lead's own timeline: what happened to it besides its calls and messages (opened, a status
 * change, a note…). Ids derive from the cause (`call:<callId>`, `reply:<messageId>`), so a cause
 * recorded twice adds one entry, and the lead's counters move only with a new entry.
 */
export const leadEvents = sqliteTable(
  "lead_events",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id").notNull(),
    businessId: text("business_id").notNull(),
    type: text("type", { enum: LEAD_EVENT_TYPES }).notNull(),
    /** JSON: what changed (`{ from, to }`), a note's text, the message or call it was about. */
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Who, as the audit log says it: `system`, `admin` (ADMIN_TOKEN), a user's id, `crm`, or a phone number. */
    actor: text("actor").notNull(),
    /** JSON: the person behind a person's act, as the pages name them; null for the system's and older entries. */
    actedBy: text("acted_by", { mode: "json" }).$type<ActedBy>(),
    at: ms("at").notNull(),
  },
  (t) => [index("lead_events_lead_idx").on(t.leadId, t.at)],
);
