import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { BOOKING_PROVIDERS, BOOKING_STATUSES, LEAD_STATUSES } from "../vocabulary";

const ms = (name: string) => integer(name, { mode: "number" });

/**
 * A booking a provider told us about (DESIGN.md §6.5), matched to a lead or waiting for a person to
 * attach it (`lead_id` null). `external_id` is the provider's id of the booking as it stands now
 * (a reschedule in Cal.com and Calendly gives the booking a new id, which replaces the old one).
 */
export const bookings = sqliteTable(
  "bookings",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id").notNull(),
    provider: text("provider", { enum: BOOKING_PROVIDERS }).notNull(),
    externalId: text("external_id").notNull(),
    leadId: text("lead_id"),
    /** The lead's status before this booking booked it: a cancellation puts it back. */
    leadStatusBefore: text("lead_status_before", { enum: LEAD_STATUSES }),
    status: text("status", { enum: BOOKING_STATUSES }).notNull(),
    startsAt: ms("starts_at"),
    /** What the attendee gave, to match by hand: E.164 phone, name, email, the link code. */
    phone: text("phone"),
    name: text("name"),
    email: text("email"),
    code: text("code"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("bookings_external_uq").on(t.businessId, t.provider, t.externalId),
    // A business's bookings newest first, and the admin's list of those nobody could match.
    index("bookings_business_created_idx").on(t.businessId, t.createdAt),
    index("bookings_lead_idx").on(t.leadId),
  ],
);

/** Each provider delivery acted on once: a redelivered webhook (the same id and event) changes nothing. */
export const bookingDeliveries = sqliteTable(
  "booking_deliveries",
  {
    businessId: text("business_id").notNull(),
    provider: text("provider", { enum: BOOKING_PROVIDERS }).notNull(),
    /** `<event>:<provider's id>`. */
    key: text("key").notNull(),
    at: ms("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.provider, t.key] })],
);
