import { getTableColumns } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { ActedBy, LeadEventType } from "../vocabulary";
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
 * The lead's timeline entry for a call, once per call (its id): on the open lead, or on the lead
 * this call opens (`?4`, an id derived from the call); none when the caller is a contact with one
 * of the tags `?8` (a JSON list from rules/leads.ts: the business's own people, blocked numbers),
 * which a line that decided before reading the caller's contact learns only here.
 */
const CALL_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at)
  SELECT ?1, COALESCE(${OPEN_LEAD}, ?4), ?2, ?5, ?6, 'system', ?7
  WHERE NOT EXISTS (SELECT 1 FROM contact_tags t WHERE t.business_id = ?2 AND t.phone = ?3 AND t.tag IN (SELECT value FROM json_each(?8)))
  ON CONFLICT (id) DO NOTHING`;

/**
 * The same for a reply, which opens a lead only for a phone the business has none for: after a lead
 * closes, the caller's thanks or questions join nothing (their next missed call opens a new one).
 * A new emergency (`?8` = 1: the reply paged someone) is a new job, and opens one whatever came before.
 */
const REPLY_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at)
  SELECT ?1, COALESCE(${OPEN_LEAD}, ?4), ?2, ?5, ?6, 'system', ?7
  WHERE ?8 = 1 OR EXISTS ${OPEN_LEAD} OR NOT EXISTS (SELECT 1 FROM leads WHERE business_id = ?2 AND phone = ?3)
  ON CONFLICT (id) DO NOTHING`;

/**
 * The name a lead takes from what the business knows of the phone (parameters: business, phone,
 * and at `callerId` the carrier's caller ID name, tidied): its contact's name, else caller ID's, as
 * `k.name` and `k.source` (DESIGN.md §6.1). One probe of the contacts key.
 */
const knownName = (callerId: string) => `(SELECT COALESCE(c.name, ${callerId}) AS name,
    CASE WHEN c.name IS NOT NULL THEN 'contact' WHEN ${callerId} IS NOT NULL THEN 'caller_id' END AS source
  FROM (SELECT (SELECT NULLIF(TRIM(name), '') FROM contacts WHERE business_id = ?2 AND phone = ?3) AS name) c) k`;

/** An unnamed open lead a later call or text joins takes the name the new one would have had. */
const NAME_IF_NONE = `name = COALESCE(name, excluded.name),
    name_source = CASE WHEN name IS NULL THEN excluded.name_source ELSE name_source END`;

/** Open a lead for a missed call, or join the open one; only when the cause's entry was new. */
const CALL_TOUCH = `INSERT INTO leads (id, business_id, phone, name, name_source, status, source, calls, first_call_at, created_at, last_activity_at)
  SELECT ?1, ?2, ?3, k.name, k.source, 'new', ?4, 1, ?5, ?5, ?5 FROM ${knownName("?6")} WHERE changes() > 0
  ON CONFLICT (business_id, phone) WHERE closed_at IS NULL DO UPDATE SET
    ${NAME_IF_NONE},
    calls = calls + 1,
    first_call_at = COALESCE(first_call_at, excluded.first_call_at),
    last_activity_at = MAX(last_activity_at, excluded.last_activity_at)`;

/** The same for a caller's reply: a new lead is already engaged; an open one becomes engaged from the statuses `?5` (JSON) lists. */
const REPLY_TOUCH = `INSERT INTO leads (id, business_id, phone, name, name_source, status, source, first_reply_at, created_at, last_activity_at)
  SELECT ?1, ?2, ?3, k.name, k.source, 'engaged', 'inbound_text', ?4, ?4, ?4 FROM ${knownName("NULL")} WHERE changes() > 0
  ON CONFLICT (business_id, phone) WHERE closed_at IS NULL DO UPDATE SET
    ${NAME_IF_NONE},
    status = CASE WHEN status IN (SELECT value FROM json_each(?5)) THEN 'engaged' ELSE status END,
    first_reply_at = COALESCE(first_reply_at, excluded.first_reply_at),
    last_activity_at = MAX(last_activity_at, excluded.last_activity_at)`;

/** The `opened` entry of a lead this cause opened (its id exists only then), with the name it took and where from. */
const OPENED_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at)
  SELECT 'opened:' || id, id, business_id, 'opened',
    CASE WHEN name_source IS NULL THEN json_object('source', source) ELSE json_object('source', source, 'name', name, 'nameFrom', name_source) END,
    'system', created_at FROM leads WHERE id = ?1
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
 * recorded twice (a redelivered webhook, a retried job) counts once; a call from a contact tagged
 * with one of `notALead` touches none. The lead is named from the caller's contact, else from
 * `callerIdName` (the carrier's caller ID name as rules/caller-name.ts tidied it), if it has no name.
 */
export function leadCallStatements(d1: D1Database, cause: LeadCause & { outcome: string; notALead: readonly string[]; callerIdName: string | null }): D1PreparedStatement[] {
  const leadId = openedLeadId(cause.causeId);
  const detail = JSON.stringify({ callId: cause.causeId, outcome: cause.outcome });
  return [
    d1.prepare(CALL_EVENT).bind(`call:${cause.causeId}`, cause.businessId, cause.phone, leadId, "call", detail, cause.at, JSON.stringify(cause.notALead)),
    d1.prepare(CALL_TOUCH).bind(leadId, cause.businessId, cause.phone, cause.outcome, cause.at, cause.callerIdName),
    d1.prepare(OPENED_EVENT).bind(leadId),
  ];
}

/**
 * A caller's reply: the same, and the lead is engaged (a phone with no lead yet opens one, named from
 * the contact; `newJob`: a reply that paged someone opens one after closed leads too).
 */
export function leadReplyStatements(d1: D1Database, cause: LeadCause & { engagesFrom: readonly string[]; newJob: boolean }): D1PreparedStatement[] {
  const leadId = openedLeadId(cause.causeId);
  return [
    d1.prepare(REPLY_EVENT).bind(`reply:${cause.causeId}`, cause.businessId, cause.phone, leadId, "reply", JSON.stringify({ messageId: cause.causeId }), cause.at, cause.newJob ? 1 : 0),
    d1.prepare(REPLY_TOUCH).bind(leadId, cause.businessId, cause.phone, cause.at, JSON.stringify(cause.engagesFrom)),
    d1.prepare(OPENED_EVENT).bind(leadId),
  ];
}

/** An entry on the caller's open lead, if there is one (a STOP does not open a lead); `?8` who acted, for a person's act. */
const JOIN_EVENT = `INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, acted_by, at)
  SELECT ?1, id, business_id, ?4, ?5, ?6, ?8, ?7 FROM leads WHERE business_id = ?2 AND phone = ?3 AND closed_at IS NULL
  ON CONFLICT (id) DO NOTHING`;

/** The same, only while nobody has taken the lead's page: a second taking adds no entry (and so no event). */
const JOIN_UNTAKEN = JOIN_EVENT.replace("closed_at IS NULL", "closed_at IS NULL AND acknowledged_at IS NULL");

/** An entry on the caller's open lead: `actor` as the audit says it, `actedBy` the person (none for the system's). */
export function joinEventStatement(
  d1: D1Database,
  entry: { id: string; cause: LeadCause; type: LeadEventType; detail: unknown; actor: string; actedBy?: ActedBy; untaken?: boolean },
): D1PreparedStatement {
  const { id, cause } = entry;
  const by = entry.actedBy ? JSON.stringify(entry.actedBy) : null;
  return d1.prepare(entry.untaken ? JOIN_UNTAKEN : JOIN_EVENT).bind(id, cause.businessId, cause.phone, entry.type, JSON.stringify(entry.detail), entry.actor, cause.at, by);
}

/** The caller called off their request ("nvm found my spare key"): noted on their open lead, in `text` (the timeline's words). */
export function leadCalledOffStatements(d1: D1Database, cause: LeadCause, text: string): D1PreparedStatement[] {
  return [joinEventStatement(d1, { id: `called_off:${cause.causeId}`, cause, type: "note", detail: { text, messageId: cause.causeId }, actor: "system" })];
}

/** The caller opted out: noted on their open lead. */
export function leadOptOutStatements(d1: D1Database, cause: LeadCause): D1PreparedStatement[] {
  return [joinEventStatement(d1, { id: `stop:${cause.causeId}`, cause, type: "opted_out", detail: { messageId: cause.causeId }, actor: "system" })];
}

/** The first text-back that went out to the caller, on their open lead. */
export function leadFirstTextStatement(d1: D1Database, businessId: string, phone: string, at: number): D1PreparedStatement {
  return d1
    .prepare("UPDATE leads SET first_text_at = ?3 WHERE business_id = ?1 AND phone = ?2 AND closed_at IS NULL AND first_text_at IS NULL")
    .bind(businessId, phone, at);
}

/** Whether a lead entry exists: a condition for a statement later in the same batch (insertRow's `where`). */
export const entryWritten = (entryId: string, written: boolean) => ({
  sql: `${written ? "" : "NOT "}EXISTS (SELECT 1 FROM lead_events WHERE id = ?)`,
  params: [entryId],
});

/** A reply's answers on the caller's open lead; qualified, or lost out of the service area. */
/** The move to `?6` is one the system may make from the lead's status (`?8`, a JSON list from rules/leads.ts). */
const MOVES = "(?6 IS NOT NULL AND status IN (SELECT value FROM json_each(?8)))";
/** The caller's answer `?4` names a lead without a name, or one named only by caller ID. */
const ANSWER_NAMES = "(?4 IS NOT NULL AND (name IS NULL OR name_source = 'caller_id'))";
const QUALIFY_UPDATE = `UPDATE leads SET
    fields = json_patch(fields, ?3),
    name = CASE WHEN ${ANSWER_NAMES} THEN ?4 ELSE name END,
    name_source = CASE WHEN ${ANSWER_NAMES} THEN 'caller' ELSE name_source END,
    estimated_cents = COALESCE(?5, estimated_cents),
    status = CASE WHEN ${MOVES} THEN ?6 ELSE status END,
    qualified_at = CASE WHEN ${MOVES} AND ?6 = 'qualified' THEN COALESCE(qualified_at, ?7) ELSE qualified_at END,
    closed_at = CASE WHEN ${MOVES} AND ?6 = 'lost' THEN ?7 ELSE closed_at END,
    lost_reason = CASE WHEN ${MOVES} AND ?6 = 'lost' THEN 'out_of_area' ELSE lost_reason END,
    last_activity_at = MAX(last_activity_at, ?7)
  WHERE business_id = ?1 AND phone = ?2 AND closed_at IS NULL`;

/** The `fields` entry of the reply `causeId`, when qualification took it (the inbox reads it: admin/inbox.ts). */
export const answerEntryId = (causeId: string) => `fields:${causeId}`;

/**
 * The answers a caller's reply gave, on their open lead (after the reply's own statements, which
 * open it if need be): the `fields` entry first (while the lead is open), then the lead, qualified
 * or lost (`out_of_area`) when `outcome` says so. The entry's id (answerEntryId) names it for events.
 * The entry keeps what automation did with the reply: `asked`, the question sent back (the caller is
 * answering it), `question`, the caller asked one of their own (a person answers it), and `name`, a
 * name the reply gave that no question asked for.
 */
export function leadQualifyStatements(
  d1: D1Database,
  cause: LeadCause & {
    answers: Record<string, string>;
    name: string | null;
    estimatedCents: number | null;
    outcome: "qualified" | "lost" | null;
    movesFrom: readonly string[];
    asked?: string | null;
    question?: boolean;
  },
): { entryId: string; statements: D1PreparedStatement[] } {
  const entryId = answerEntryId(cause.causeId);
  const detail = {
    answers: cause.answers,
    ...(cause.outcome ? { to: cause.outcome } : {}),
    ...(cause.asked ? { asked: cause.asked } : {}),
    ...(cause.question ? { question: true } : {}),
    ...(cause.name && cause.answers.name === undefined ? { name: cause.name } : {}),
  };
  return {
    entryId,
    statements: [
      joinEventStatement(d1, { id: entryId, cause, type: "fields", detail, actor: "system" }),
      d1.prepare(QUALIFY_UPDATE).bind(cause.businessId, cause.phone, JSON.stringify(cause.answers), cause.name, cause.estimatedCents, cause.outcome, cause.at, JSON.stringify(cause.movesFrom)),
    ],
  };
}

/** Marked urgent, through its `urgent` entry (written just before, only on an open lead). */
const MARK_URGENT = "UPDATE leads SET urgent = 1, last_activity_at = MAX(last_activity_at, ?2) WHERE id = (SELECT lead_id FROM lead_events WHERE id = ?1)";

/** An urgent reply on the caller's open lead (after the reply's own statements): entry `urgent:<causeId>`. */
export function leadUrgentStatements(d1: D1Database, cause: LeadCause & { words: string[]; why?: string | null }): { entryId: string; statements: D1PreparedStatement[] } {
  const entryId = `urgent:${cause.causeId}`;
  // `why`: who was on call by their hours when it was paged, kept as said then (the rota may change since).
  const detail = { words: cause.words, ...(cause.why ? { why: cause.why } : {}) };
  return {
    entryId,
    statements: [
      joinEventStatement(d1, { id: entryId, cause, type: "urgent", detail, actor: "system" }),
      d1.prepare(MARK_URGENT).bind(entryId, cause.at),
    ],
  };
}

/**
 * The caller named a danger (a safety word) and got the safety message: their open lead keeps the
 * first time (after the reply's own statements, which open it if need be), for the lists to show.
 */
export function leadDangerStatement(d1: D1Database, cause: Omit<LeadCause, "causeId">): D1PreparedStatement {
  return d1
    .prepare("UPDATE leads SET danger_at = coalesce(danger_at, ?3) WHERE business_id = ?1 AND phone = ?2 AND closed_at IS NULL")
    .bind(cause.businessId, cause.phone, cause.at);
}
