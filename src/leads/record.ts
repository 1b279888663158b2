import { entryWritten, leadCalledOffStatements, leadCallStatements, leadDangerStatement, leadQualifyStatements, leadUrgentStatements, leadOptOutStatements, leadReplyStatements, openedLeadId } from "../db/leads";
import { leadAcknowledgedStatements, leadCommandStatements, leadHumanReplyStatements } from "../db/lead-acts";
import { leadUndoStatements } from "../db/lead-undo";
import type { LastShortcut } from "../rules/owner-undo";
import { messages, type calls } from "../db/schema";
import { insertRow } from "../db/statements";
import type { NewText } from "../outbox/new-text";
import { NOT_A_LEAD_TAGS, systemMove } from "../rules/leads";
import type { OwnerCommand } from "../rules/owner-commands";
import { actorOf } from "../rules/acted-by";
import { LEAD_STATUSES, type ActedBy, type LeadStatus } from "../vocabulary";
import { leadEventStatement, type RecordedEvent } from "../notify/events";

/**
 * A lead's writes for what caused them, to go in the D1 batch that records the cause (never a
 * separate write that could be lost): a call, a caller's reply, a STOP, a person's text. Each adds
 * one timeline entry per cause, so a redelivered webhook or a retried job touches the lead once.
 */
export interface LeadWrites {
  statements: D1PreparedStatement[];
  /** Events among the statements (`lead.created` when the cause opened the lead…): queue them after the batch. */
  events: RecordedEvent[];
  /** Texts whose rows are among the statements, inserted only if the change applied: queue those written. */
  texts: { text: NewText; statement: D1PreparedStatement }[];
}

export const NO_LEAD_WRITES: LeadWrites = { statements: [], events: [], texts: [] };

/** Each event and text of `writes` with its own result in the batch that ran `batch` (which holds the writes' statements). */
export function leadResults(writes: LeadWrites, batch: D1PreparedStatement[], results: D1Result[]) {
  const resultOf = (s: D1PreparedStatement) => results[batch.indexOf(s)];
  return {
    events: writes.events.map((event) => ({ event, result: resultOf(event.statement) })),
    texts: writes.texts.filter((t) => (resultOf(t.statement)?.meta.changes ?? 0) > 0).map((t) => t.text),
  };
}

/**
 * A missed call's lead: opened (source: its outcome) or joined; not for the business's own people or
 * blocked numbers. `callerIdName`: the carrier's caller ID name as a lead's name (rules/caller-name.ts
 * callerIdDisplayName), taken when the caller's contact has none.
 */
export function callLeadStatements(d1: D1Database, call: typeof calls.$inferInsert, callerIdName: string | null): D1PreparedStatement[] {
  return leadCallStatements(d1, { businessId: call.businessId, phone: call.fromPhone, causeId: call.id, outcome: call.outcome, at: call.at, notALead: NOT_A_LEAD_TAGS, callerIdName });
}

/** `lead.created`, recorded only if the cause `causeId` opened the lead. */
export function leadCreated(d1: D1Database, causeId: string): RecordedEvent {
  const leadId = openedLeadId(causeId);
  return leadEventStatement(d1, "lead.created", leadId, `lead_created_${leadId}`);
}

function withCreated(d1: D1Database, statements: D1PreparedStatement[], causeId: string, notify: boolean): LeadWrites {
  const events = notify ? [leadCreated(d1, causeId)] : [];
  return { statements: [...statements, ...events.map((e) => e.statement)], events, texts: [] };
}

export function callLeadWrites(d1: D1Database, call: typeof calls.$inferInsert, callerIdName: string | null, notify: boolean): LeadWrites {
  return withCreated(d1, callLeadStatements(d1, call, callerIdName), call.id, notify);
}

/** A caller's reply: the lead engaged, or opened for a phone with none yet (`newJob`: an emergency it paged, with none open). */
export function replyLeadWrites(d1: D1Database, cause: { businessId: string; phone: string; messageId: string; at: number; newJob?: boolean }, notify: boolean): LeadWrites {
  const { businessId, phone, messageId, at } = cause;
  const statements = leadReplyStatements(d1, { businessId, phone, causeId: messageId, at, engagesFrom: movesTo("engaged"), newJob: cause.newJob ?? false });
  return withCreated(d1, statements, cause.messageId, notify);
}

/** A STOP, noted on the caller's open lead. */
export function optOutLeadWrites(d1: D1Database, cause: { businessId: string; phone: string; messageId: string; at: number }): LeadWrites {
  return { ...NO_LEAD_WRITES, statements: leadOptOutStatements(d1, { businessId: cause.businessId, phone: cause.phone, causeId: cause.messageId, at: cause.at }) };
}

/** The caller called off their request: the lead stays as it is (a person closes it), its timeline says why automation stopped. */
export function calledOffLeadWrites(d1: D1Database, cause: { businessId: string; phone: string; messageId: string; at: number }, stoodDown: number): LeadWrites {
  const paged = stoodDown > 0 ? `; ${stoodDown === 1 ? "the person paged was" : `the ${stoodDown} people paged were`} told` : "";
  const text = `The caller says they no longer need help: no more questions, no more pages${paged}`;
  return { ...NO_LEAD_WRITES, statements: leadCalledOffStatements(d1, { businessId: cause.businessId, phone: cause.phone, causeId: cause.messageId, at: cause.at }, text) };
}

/** A person's text to the caller (`by` who wrote it): the open lead is handed over (automation stops). */
export function humanReplyLeadWrites(d1: D1Database, cause: { businessId: string; phone: string; messageId: string; at: number; by: ActedBy }): LeadWrites {
  const statements = leadHumanReplyStatements(d1, { businessId: cause.businessId, phone: cause.phone, causeId: cause.messageId, at: cause.at, actor: actorOf(cause.by), actedBy: cause.by });
  return { ...NO_LEAD_WRITES, statements };
}

const COMMAND_STATUS = { won: "won", lost: "lost", booked: "booked", block: "lost" } as const;

/**
 * An owner's shortcut (`W 450`, `L`, `B`, `BLOCK`) on the caller's open lead, with its answer to
 * the owner: `reply.applied` if the caller had an open lead, `reply.none` if not (exactly one is
 * written), and the status's event to the business's webhook.
 */
export function commandLeadWrites(
  d1: D1Database,
  cause: { businessId: string; phone: string; messageId: string; at: number; by: ActedBy; command: OwnerCommand; reply: { applied: NewText; none: NewText } },
  notify: boolean,
): LeadWrites {
  const { command } = cause;
  const status = COMMAND_STATUS[command.kind];
  const { entryId, statements } = leadCommandStatements(d1, {
    businessId: cause.businessId,
    phone: cause.phone,
    causeId: cause.messageId,
    at: cause.at,
    actor: actorOf(cause.by),
    actedBy: cause.by,
    status,
    wonCents: command.kind === "won" ? command.cents : null,
    lostReason: command.kind === "block" ? "blocked" : command.kind === "lost" ? command.reason : null,
    lostNote: command.kind === "lost" ? command.note : null,
    block: command.kind === "block",
  });
  const events = notify ? [leadEventStatement(d1, `lead.${status}`, { entryId }, `lead_${status}_${entryId}`)] : [];
  const texts = (["applied", "none"] as const).map((which) => ({
    text: cause.reply[which],
    statement: insertRow(d1, messages, cause.reply[which].row, "ON CONFLICT DO NOTHING", entryWritten(entryId, which === "applied")),
  }));
  return { statements: [...statements, ...events.map((e) => e.statement), ...texts.map((t) => t.statement)], events, texts };
}

/**
 * UNDO of the sender's last shortcut, with its answer: `reply.applied` if the lead went back to
 * how it was, `reply.none` if not (exactly one is written), and `lead.updated` with the lead.
 */
export function undoLeadWrites(
  d1: D1Database,
  cause: { businessId: string; messageId: string; at: number; by: ActedBy; shortcut: LastShortcut; reply: { applied: NewText; none: NewText } },
  notify: boolean,
): LeadWrites {
  const { shortcut } = cause;
  const { entryId, statements } = leadUndoStatements(d1, {
    businessId: cause.businessId,
    phone: shortcut.caller,
    causeId: cause.messageId,
    at: cause.at,
    actor: actorOf(cause.by),
    actedBy: cause.by,
    shortcutCauseId: shortcut.causeId,
    shortcutAt: shortcut.at,
    unblock: shortcut.command.kind === "block",
  });
  const events = notify ? [leadEventStatement(d1, "lead.updated", { entryId }, `lead_updated_${entryId}`)] : [];
  const texts = (["applied", "none"] as const).map((which) => ({
    text: cause.reply[which],
    statement: insertRow(d1, messages, cause.reply[which].row, "ON CONFLICT DO NOTHING", entryWritten(entryId, which === "applied")),
  }));
  return { statements: [...statements, ...events.map((e) => e.statement), ...texts.map((t) => t.statement)], events, texts };
}

/** A reply's answers to the qualification questions, on the lead; `lead.qualified` or `lead.lost` when it ends. */
export function qualifyLeadWrites(
  d1: D1Database,
  cause: {
    businessId: string;
    phone: string;
    messageId: string;
    at: number;
    step: { answers: Record<string, string>; name: string | null; estimatedCents: number | null; outcome: "asked" | "qualified" | "out_of_area"; asked?: string | null };
    /** The caller asked a question of their own, which a person answers. */
    question?: boolean;
  },
  notify: boolean,
): LeadWrites {
  const { step } = cause;
  const outcome = step.outcome === "qualified" ? "qualified" : step.outcome === "out_of_area" ? "lost" : null;
  const { entryId, statements } = leadQualifyStatements(d1, { businessId: cause.businessId, phone: cause.phone, causeId: cause.messageId, at: cause.at, answers: step.answers, name: step.name, estimatedCents: step.estimatedCents, outcome, movesFrom: outcome ? movesTo(outcome) : [], asked: step.asked ?? null, question: cause.question === true });
  const events = notify && outcome ? [leadEventStatement(d1, `lead.${outcome}`, { entryId }, `lead_${outcome}_${entryId}`)] : [];
  return { statements: [...statements, ...events.map((e) => e.statement)], events, texts: [] };
}

/** Writes of one cause, in order. */
export function combineLeadWrites(...writes: LeadWrites[]): LeadWrites {
  return { statements: writes.flatMap((w) => w.statements), events: writes.flatMap((w) => w.events), texts: writes.flatMap((w) => w.texts) };
}

/** An urgent reply: the lead marked urgent, `lead.urgent` to the webhook, and the held pages' rows (scheduled). */
export function urgentLeadWrites(
  d1: D1Database,
  cause: { businessId: string; phone: string; messageId: string; at: number; words: string[]; why: string | null; held: NewText[] },
  notify: boolean,
): LeadWrites {
  const { entryId, statements } = leadUrgentStatements(d1, { businessId: cause.businessId, phone: cause.phone, causeId: cause.messageId, at: cause.at, words: cause.words, why: cause.why });
  const events = notify ? [leadEventStatement(d1, "lead.urgent", { entryId }, `lead_urgent_${entryId}`)] : [];
  const held = cause.held.map((t) => insertRow(d1, messages, t.row, "ON CONFLICT DO NOTHING"));
  return { statements: [...statements, ...events.map((e) => e.statement), ...held], events, texts: [] };
}

/** A danger the caller named (a safety word): when, on their open lead, once. */
export function dangerLeadWrites(d1: D1Database, cause: { businessId: string; phone: string; at: number }): LeadWrites {
  return { statements: [leadDangerStatement(d1, cause)], events: [], texts: [] };
}

/**
 * The page taken: who and when on the lead, and `lead.acknowledged`, only if nobody had taken it;
 * `taken` (the taker's confirmation) is written if this took it, `already` (who had) if not.
 */
export function acknowledgedLeadWrites(
  d1: D1Database,
  cause: { businessId: string; phone: string; causeId: string; at: number; by: { phone: string | null; name: string | null }; actedBy: ActedBy },
  notify: boolean,
  answers: { taken: NewText[]; already: NewText[] } = { taken: [], already: [] },
): LeadWrites & { entryId: string } {
  const { entryId, statements } = leadAcknowledgedStatements(d1, { ...cause, actor: actorOf(cause.actedBy) });
  const events = notify ? [leadEventStatement(d1, "lead.acknowledged", { entryId }, `lead_acknowledged_${entryId}`)] : [];
  const texts = [...answers.taken.map((text) => ({ text, took: true })), ...answers.already.map((text) => ({ text, took: false }))].map(({ text, took }) => ({
    text,
    statement: insertRow(d1, messages, text.row, "ON CONFLICT DO NOTHING", entryWritten(entryId, took)),
  }));
  return { entryId, statements: [...statements, ...events.map((e) => e.statement), ...texts.map((t) => t.statement)], events, texts };
}

/** The statuses the system may move a lead to `to` from (rules/leads.ts), for the SQL that moves it. */
const movesTo = (to: LeadStatus) => LEAD_STATUSES.filter((from) => systemMove(from, to));
