import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * When a business's people last read a conversation (admin/inbox.ts): the time of the newest text
 * the conversation page showed, so a text arriving while the page loads is still unread. One row per
 * business and phone, shared by everyone who signs in to that business's admin.
 */
export const conversationReads = sqliteTable(
  "conversation_reads",
  {
    businessId: text("business_id").notNull(),
    phone: text("phone").notNull(),
    readAt: integer("read_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.phone] })],
);
