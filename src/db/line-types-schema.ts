import { primaryKey, sqliteTable, text, integer } from "drizzle-orm/sqlite-core";
import type { LineType } from "../vocabulary";

/**
 * What the carrier's number lookup said a caller's phone is (setting `lookupLineType`, DESIGN.md
 * §6.4), per business (the business's carrier account paid for it) and phone, kept 90 days
 * (vocabulary.ts LINE_TYPE_TTL_MS): one probe of the key before a call's first text.
 */
export const lineTypes = sqliteTable(
  "line_types",
  {
    businessId: text("business_id").notNull(),
    phone: text("phone").notNull(),
    lineType: text("line_type").$type<LineType>().notNull(),
    checkedAt: integer("checked_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.phone] })],
);
