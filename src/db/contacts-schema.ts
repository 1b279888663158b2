import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

const ms = (name: string) => integer(name, { mode: "number" });

/**
 * The people a business knows (DESIGN.md §6.4): one row per business and phone (E.164), found by
 * its primary key on every call and text, so the caller's lookup is one probe however many
 * contacts there are. `tags` are lowercase, unique and sorted: `customer`, `vip`, `internal`,
 * `blocked` (vocabulary.ts CONTACT_TAGS) decide calls; any other tag is the business's own.
 */
export const contacts = sqliteTable(
  "contacts",
  {
    businessId: text("business_id").notNull(),
    phone: text("phone").notNull(),
    name: text("name"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    notes: text("notes"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.phone] })],
);

/**
 * One row per contact and tag, for listing a business's contacts by tag through an index
 * (`contact_tags_tag_idx`). Kept by triggers on `contacts` (migrations/0009), so no writer can
 * let it drift: written only by them.
 */
export const contactTags = sqliteTable(
  "contact_tags",
  {
    businessId: text("business_id").notNull(),
    phone: text("phone").notNull(),
    tag: text("tag").notNull(),
  },
  // The key serves the triggers (a contact's tags); the index serves `?tag=` lists, in phone order.
  (t) => [primaryKey({ columns: [t.businessId, t.phone, t.tag] }), index("contact_tags_tag_idx").on(t.businessId, t.tag, t.phone)],
);
