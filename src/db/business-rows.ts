/**
 * Every row a business owns, for closing it down: the tables deleted when it closes, and the ones
 * kept. Each table is named by its drizzle definition, so a renamed column cannot slip past.
 */
import { getTableName } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { bookingConnections } from "./booking-connections-schema";
import { bookingDeliveries, bookings } from "./bookings-schema";
import { contacts, contactTags } from "./contacts-schema";
import { crmInboundKeys, crmLinks, eventHooks } from "./hooks-schema";
import { conversationReads } from "./inbox-schema";
import { leadEvents, leads } from "./leads-schema";
import { lineTypes } from "./line-types-schema";
import { alertsSent, calls, consentEvents, messages, templates, undeliverable, webhookDeliveries } from "./schema";
import { userBusinesses } from "./team-schema";
import { voicemailTranscripts } from "./transcripts-schema";

type OwnedTable = SQLiteTable & { businessId: SQLiteColumn };

/**
 * Deleted when a business closes, children before what they point at (a lead's events before the
 * lead, a subscriber's deliveries before the subscriber). The `businesses` row itself goes last,
 * on its own, so a close stopped halfway still finds the business and finishes.
 */
export const CLOSED_BUSINESS_TABLES: readonly OwnedTable[] = [
  webhookDeliveries,
  eventHooks,
  crmLinks,
  crmInboundKeys,
  bookingDeliveries,
  bookings,
  bookingConnections,
  leadEvents,
  leads,
  voicemailTranscripts,
  messages,
  calls,
  contactTags,
  contacts,
  conversationReads,
  lineTypes,
  undeliverable,
  alertsSent,
  templates,
  userBusinesses,
];

/** Kept after a business closes (compliance.md, records): its consent ledger, opt-outs included. */
export const KEPT_BUSINESS_TABLES: readonly OwnedTable[] = [consentEvents];

/**
 * Rows deleted per statement: D1 runs each statement within its time limit (30 s), and a statement
 * that deletes a bounded number of rows stays well inside it however large the business is.
 */
export const ROWS_PER_DELETE = 2000;

/** One bounded slice of a table's rows of `?1`; run again until it deletes nothing. */
export function deleteSliceSql(table: OwnedTable): string {
  const name = getTableName(table);
  const column = table.businessId.name;
  return `DELETE FROM "${name}" WHERE rowid IN (SELECT rowid FROM "${name}" WHERE "${column}" = ?1 LIMIT ${ROWS_PER_DELETE})`;
}

/** A table's name as stored (for counts reported back). */
export function tableName(table: OwnedTable): string {
  return getTableName(table);
}
