import type { calls } from "../db/schema";
import { leadCallStatements, leadHumanReplyStatements, leadOptOutStatements, leadReplyStatements, openedLeadId } from "../db/leads";
import { leadEventStatement, type RecordedEvent } from "../notify/events";

/**
 * A lead's writes for what caused them, to go in the D1 batch that records the cause (never a
 * separate write that could be lost): a call, a caller's reply, a STOP, a person's text. Each adds
 * one timeline entry per cause, so a redelivered webhook or a retried job touches the lead once.
 */
export interface LeadWrites {
  statements: D1PreparedStatement[];
  /** `lead.created` when the cause opened the lead and the business takes events; queue it after the batch. */
  created: RecordedEvent | null;
}

/** A missed call's lead: opened (source: its outcome) or joined. */
export function callLeadStatements(d1: D1Database, call: typeof calls.$inferInsert): D1PreparedStatement[] {
  return leadCallStatements(d1, { businessId: call.businessId, phone: call.fromPhone, causeId: call.id, outcome: call.outcome, at: call.at });
}

/** `lead.created`, recorded only if the cause `causeId` opened the lead. */
export function leadCreated(d1: D1Database, causeId: string): RecordedEvent {
  const leadId = openedLeadId(causeId);
  return leadEventStatement(d1, "lead.created", leadId, `lead_created_${leadId}`);
}

function withCreated(d1: D1Database, statements: D1PreparedStatement[], causeId: string, notify: boolean): LeadWrites {
  const created = notify ? leadCreated(d1, causeId) : null;
  return { statements: created ? [...statements, created.statement] : statements, created };
}

export function callLeadWrites(d1: D1Database, call: typeof calls.$inferInsert, notify: boolean): LeadWrites {
  return withCreated(d1, callLeadStatements(d1, call), call.id, notify);
}

/** A caller's reply: the lead engaged, or opened for a phone with no open lead. */
export function replyLeadWrites(d1: D1Database, cause: { businessId: string; phone: string; messageId: string; at: number }, notify: boolean): LeadWrites {
  const statements = leadReplyStatements(d1, { businessId: cause.businessId, phone: cause.phone, causeId: cause.messageId, at: cause.at });
  return withCreated(d1, statements, cause.messageId, notify);
}

/** A STOP, noted on the caller's open lead. */
export function optOutLeadWrites(d1: D1Database, cause: { businessId: string; phone: string; messageId: string; at: number }): LeadWrites {
  return { statements: leadOptOutStatements(d1, { businessId: cause.businessId, phone: cause.phone, causeId: cause.messageId, at: cause.at }), created: null };
}

/** A person's text to the caller: the open lead is handed over (automation stops). */
export function humanReplyLeadWrites(d1: D1Database, cause: { businessId: string; phone: string; messageId: string; at: number; actor: string }): LeadWrites {
  const statements = leadHumanReplyStatements(d1, { businessId: cause.businessId, phone: cause.phone, causeId: cause.messageId, at: cause.at, actor: cause.actor });
  return { statements, created: null };
}
