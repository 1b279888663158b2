import { getTableColumns } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { leads } from "./leads-schema";

/**
 * A lead as JSON, built by SQL from the row (`alias` names the `leads` row): the same keys and values
 * as the row drizzle reads (camelCase, booleans, `fields` as an object), so an event recorded in the
 * batch that changed the lead carries the lead as it stands then, and matches what the API shows.
 */
export function leadJsonSql(alias: string): string {
  const pairs = Object.entries(getTableColumns(leads) as Record<string, SQLiteColumn>).map(([key, col]) => {
    const value = `${alias}.${col.name}`;
    if (col.columnType === "SQLiteBoolean") return `'${key}', json(CASE WHEN ${value} THEN 'true' ELSE 'false' END)`;
    if (col.columnType === "SQLiteTextJson") return `'${key}', json(${value})`;
    return `'${key}', ${value}`;
  });
  return `json_object(${pairs.join(", ")})`;
}

/** The open lead of a business's caller, as a scalar subquery (parameters: business, phone). */
const OPEN_LEAD = "(SELECT id FROM leads WHERE business_id = ?2 AND phone = ?3 AND closed_at IS NULL)";

/**
 * The lead's timeline entry for a cause, once per cause (its id): on the open lead, or on the lead
 * this cause opens (`?4`, an id derived from the cause).
 */
const CAUSE_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at)
  VALUES (?1, COALESCE(${OPEN_LEAD}, ?4), ?2, ?5, ?6, 'system', ?7) ON CONFLICT (id) DO NOTHING`;

/** Open a lead for a missed call, or join the open one; only when the cause's entry was new. */
const CALL_TOUCH = `INSERT INTO leads (id, business_id, phone, status, source, calls, first_call_at, created_at, last_activity_at)
  SELECT ?1, ?2, ?3, 'new', ?4, 1, ?5, ?5, ?5 WHERE changes() > 0
  ON CONFLICT (business_id, phone) WHERE closed_at IS NULL DO UPDATE SET
    calls = calls + 1,
    first_call_at = COALESCE(first_call_at, excluded.first_call_at),
    last_activity_at = MAX(last_activity_at, excluded.last_activity_at)`;

/** The same for a caller's reply: a new lead is already engaged; an open one becomes engaged. */
const REPLY_TOUCH = `INSERT INTO leads (id, business_id, phone, status, source, first_reply_at, created_at, last_activity_at)
  SELECT ?1, ?2, ?3, 'engaged', 'inbound_text', ?4, ?4, ?4 WHERE changes() > 0
  ON CONFLICT (business_id, phone) WHERE closed_at IS NULL DO UPDATE SET
    status = CASE WHEN status = 'new' THEN 'engaged' ELSE status END,
    first_reply_at = COALESCE(first_reply_at, excluded.first_reply_at),
    last_activity_at = MAX(last_activity_at, excluded.last_activity_at)`;

/** The `opened` entry of a lead this cause opened (its id exists only then). */
const OPENED_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at)
  SELECT 'opened:' || id, id, business_id, 'opened', json_object('source', source), 'system', created_at FROM leads WHERE id = ?1
  ON CONFLICT (id) DO NOTHING`;

export interface LeadCause {
  businessId: string;
  phone: string;
  /** The call's or message's id: the lead it opens is `l_<id>`. */
  causeId: string;
  at: number;
}

/** The id of the lead a cause opens, if the caller has no open lead. */
export const openedLeadId = (causeId: string) => `l_${causeId}`;

/**
 * A missed call's statements for its lead, for the batch that records the call: the timeline entry,
 * then the lead opened (source: the outcome) or joined (one more call), then `opened`. A call
 * recorded twice (a redelivered webhook, a retried job) counts once.
 */
export function leadCallStatements(d1: D1Database, cause: LeadCause & { outcome: string }): D1PreparedStatement[] {
  const leadId = openedLeadId(cause.causeId);
  return [
    d1.prepare(CAUSE_EVENT).bind(`call:${cause.causeId}`, cause.businessId, cause.phone, leadId, "call", JSON.stringify({ callId: cause.causeId, outcome: cause.outcome }), cause.at),
    d1.prepare(CALL_TOUCH).bind(leadId, cause.businessId, cause.phone, cause.outcome, cause.at),
    d1.prepare(OPENED_EVENT).bind(leadId),
  ];
}

/** A caller's reply: the same, and the lead is engaged (a phone with no open lead opens one). */
export function leadReplyStatements(d1: D1Database, cause: LeadCause): D1PreparedStatement[] {
  const leadId = openedLeadId(cause.causeId);
  return [
    d1.prepare(CAUSE_EVENT).bind(`reply:${cause.causeId}`, cause.businessId, cause.phone, leadId, "reply", JSON.stringify({ messageId: cause.causeId }), cause.at),
    d1.prepare(REPLY_TOUCH).bind(leadId, cause.businessId, cause.phone, cause.at),
    d1.prepare(OPENED_EVENT).bind(leadId),
  ];
}

/** An entry on the caller's open lead, if there is one (a STOP does not open a lead). */
const JOIN_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at)
  SELECT ?1, id, business_id, ?4, ?5, ?6, ?7 FROM leads WHERE business_id = ?2 AND phone = ?3 AND closed_at IS NULL
  ON CONFLICT (id) DO NOTHING`;

/** A person wrote to the caller: automation stops for good on this lead. */
const HANDED_OVER = `UPDATE leads SET handed_over = 1, first_human_reply_at = COALESCE(first_human_reply_at, ?3),
  last_activity_at = MAX(last_activity_at, ?3) WHERE business_id = ?1 AND phone = ?2 AND closed_at IS NULL AND changes() > 0`;

/** The caller opted out: noted on their open lead. */
export function leadOptOutStatements(d1: D1Database, cause: LeadCause): D1PreparedStatement[] {
  return [d1.prepare(JOIN_EVENT).bind(`stop:${cause.causeId}`, cause.businessId, cause.phone, "opted_out", JSON.stringify({ messageId: cause.causeId }), "system", cause.at)];
}

/** A person's text to the caller (`actor`: `admin` or the owner's phone): the lead is handed over. */
export function leadHumanReplyStatements(d1: D1Database, cause: LeadCause & { actor: string }): D1PreparedStatement[] {
  return [
    d1.prepare(JOIN_EVENT).bind(`human:${cause.causeId}`, cause.businessId, cause.phone, "human_reply", JSON.stringify({ messageId: cause.causeId }), cause.actor, cause.at),
    d1.prepare(HANDED_OVER).bind(cause.businessId, cause.phone, cause.at),
  ];
}

/** The first text-back that went out to the caller, on their open lead. */
export function leadFirstTextStatement(d1: D1Database, businessId: string, phone: string, at: number): D1PreparedStatement {
  return d1
    .prepare("UPDATE leads SET first_text_at = ?3 WHERE business_id = ?1 AND phone = ?2 AND closed_at IS NULL AND first_text_at IS NULL")
    .bind(businessId, phone, at);
}
