import { callerName } from "../db/caller-name";
import { consentEvents, messages } from "../db/schema";
import { insertRow, JUST_WRITTEN } from "../db/statements";
import { eventStatement, queueEvents } from "../notify/events";
import { withBody, type NewText } from "../outbox/new-text";
import { closedLeadOf, type ClosedLeadRow } from "../db/closed-lead";
import { calendarDate, clockTime, formatPhone, localeOf } from "../rules/display";
import type { ClosedLead } from "../rules/lost-reason";
import { callerLabel, commandConfirmation } from "../rules/owner-commands";
import { withNote } from "../rules/owner-choice";
import { leadLink, shortName } from "../rules/staff-texts";
import { calledOffLeadWrites, combineLeadWrites, commandLeadWrites, dangerLeadWrites, urgentLeadWrites, humanReplyLeadWrites, leadResults, NO_LEAD_WRITES, optOutLeadWrites, qualifyLeadWrites, replyLeadWrites, undoLeadWrites, type LeadWrites } from "../leads/record";
import type { ActedBy } from "../vocabulary";
import type { InboundPlan } from "./plan-inbound";
import { commandAppliedStatement } from "../db/lead-acts";
import { foldOwnerTexts, isFolded } from "./owner-flood";
import { heldPageStatements } from "./page-danger";
import type { PendingTexts } from "./pending";
import { ackAnswers, ackLeadWrites, type AckAnswers } from "./record-ack";
import { recordContext, type LineParts, type RecordContext } from "./record-call";
import { takeAllAnswer, takeAllWrites } from "./record-take-all";
import { wordingUndo } from "./record-undo";
import type { PendingRow } from "./store";
import type { InboundText, LineContext } from "./types";

/** What writing an inbound text's records needs, kept by the line until D1 and the queue take it. */
export interface InboundRecord {
  plan: InboundPlan;
  msg: InboundText;
  ctx: RecordContext;
  now: number;
  /** The sender's held texts its message canceled, and the pages an acknowledgement took. */
  canceled: PendingRow[];
  pagesTaken: PendingRow[];
  /** What the owner's text stopped of the caller it was about (absent from records kept before it). */
  stopped?: PendingRow[];
  /** `stopped` is claimed by the text's event until D1 says whether its shortcut changed a lead (absent: taken, as before claims). */
  claimed?: true;
  /** Who sent it, when it is one of the business's own people (absent from records kept before it). */
  by?: ActedBy;
  /** The pages held for the caller's emergency when they named a danger or gave an address nobody took yet: rewritten to carry it (page-danger.ts). */
  dangerPages?: string[];
}

/**
 * The line's part of an inbound plan, synchronously (a redelivery waits for none of it): its own
 * records, and the held texts and pages the message takes. Returns what remains to write.
 */
export function takeInbound(line: LineParts, planned: InboundPlan, msg: InboundText, ctx: LineContext, now: number): InboundRecord {
  const { pending } = line;
  // Past the flood limit, the owner's informational texts wait for their digest (owner-flood.ts).
  const plan = line.store.transaction(() => foldOwnerTexts(line.store, planned, msg, ctx, now));
  writeLineRecords(line, plan, msg, ctx, now);
  // A caller who called off their request takes the pages held for them with their held texts.
  const canceled = plan.cancelReason ? [...pending.take(msg.from), ...(plan.calledOff ? pending.takePages(msg.from) : [])] : [];
  const pagesTaken = plan.cancelPagesOf.flatMap((caller) => pending.takePages(caller));
  // A shortcut may find no open lead, and then changes nothing: what it stops is only claimed until D1 says.
  const shortcut = plan.lead?.does === "command" && plan.stops !== null;
  const stopped = !plan.stops ? [] : shortcut ? pending.claimStop(plan.stops.phone, plan.stops.reason, plan.eventId) : pending.stop(plan.stops.phone, plan.stops.reason);
  const dangerPages = plan.pageDanger || plan.pageAddress ? pending.heldFor(msg.from, "page").map((r) => r.message_id) : [];
  const extra = { ...(shortcut ? { claimed: true as const } : {}), ...(dangerPages.length > 0 ? { dangerPages } : {}) };
  return { plan, msg, ctx: recordContext(ctx), now, canceled, pagesTaken, stopped, ...extra, by: staffActedBy(plan, ctx) };
}

/** A text from the business's own people: the owner's phone, or an on-call person's (by their name). */
function staffActedBy(plan: InboundPlan, ctx: Pick<LineContext, "business">): ActedBy | undefined {
  const phone = plan.inbound.fromPhone;
  if (plan.label === "owner") return { kind: "owner_phone", phone };
  if (plan.label !== "staff") return undefined;
  return { kind: "on_call", phone, name: ctx.business.settings.urgent.onCall.find((p) => p.phone === phone)?.name ?? null };
}

/** Who sent a text the record keeps, else (a record kept before it said) the owner's or on-call phone as its label says. */
function senderOf(record: Pick<InboundRecord, "plan" | "by">): ActedBy | undefined {
  if (record.by) return record.by;
  const phone = record.plan.inbound.fromPhone;
  return record.plan.label === "owner" ? { kind: "owner_phone", phone } : record.plan.label === "staff" ? { kind: "on_call", phone, name: null } : undefined;
}

/**
 * The message, its consent record, its events and its texts in one D1 batch, then the queue.
 * Idempotent (rows keyed by the message, the consent record only with a newly written message), so
 * the line can run it again after D1 refused it (unrecorded.ts).
 */
export async function writeInbound(line: LineParts, record: InboundRecord): Promise<void> {
  const { plan, msg, ctx, now, canceled, pagesTaken } = record;
  const by = senderOf(record);
  const { pending, env } = line;
  const d1 = env.DB;
  // The events are written with the message and the consent record they report, so one is never
  // recorded without the other.
  const events = plan.events.map((e) => eventStatement(d1, ctx.business.id, e.type, e.data, { key: e.key }));
  // An OK's texts go with the lead's change, as it turns out (record-ack.ts, record-take-all.ts); any other text's always.
  const ack = await ackAnswers(d1, plan, ctx);
  const takeAll = takeAllWrites(d1, plan, ctx, now, by ?? { kind: "owner_phone", phone: plan.inbound.fromPhone });
  const named = await namingTheCaller(d1, plan, ctx, now);
  const own = ack || takeAll ? [] : named.texts.map((t) => signed(plan, t, by));
  const lead = combineLeadWrites(leadWrites(d1, named, ctx, now, { ack, by }), takeAll ?? NO_LEAD_WRITES);
  const applies = plan.lead?.does === "command" ? commandAppliedStatement(d1, plan.inbound.id) : null;
  const dangerPages = await heldPageStatements(d1, record.dangerPages ?? [], plan, now);
  const batch = [
    ...events.map((e) => e.statement),
    insertRow(d1, messages, plan.inbound, "ON CONFLICT DO NOTHING"),
    // Right after the message: a redelivered text (its row already there) adds no second record
    // of the same STOP or START to the ledger.
    ...(plan.consent ? [insertRow(d1, consentEvents, consentRecord(plan, msg, ctx, now), "", JUST_WRITTEN)] : []),
    ...own.map((t) => insertRow(d1, messages, t.row, "ON CONFLICT DO NOTHING")),
    ...lead.statements,
    ...(applies ? [applies] : []),
    ...dangerPages,
  ];
  const results = await d1.batch(batch);
  // Written means it happened: its events are queued even if what follows fails.
  line.waitUntil(queueEvents(env, [...events.map((event, i) => ({ event, result: results[i] })), ...leadResults(lead, batch, results).events]));
  const took = takeAll ? await takeAllAnswer(d1, plan, results[batch.indexOf(takeAll.outcome)]) : [];
  const texts = [...own.filter((t) => !isFolded(t)), ...leadResults(lead, batch, results).texts, ...took];
  if (texts.length > 0) await pending.queueOrDefer(texts, ctx.business.timezone);
  if (canceled.length > 0 && plan.cancelReason) await pending.markCanceled(canceled, plan.cancelReason);
  if (pagesTaken.length > 0) await pending.markCanceled(pagesTaken, "acknowledged");
  const applied = applies !== null && (results[batch.indexOf(applies)]?.results[0] as { applied?: number } | undefined)?.applied === 1;
  await endStop(pending, record, applied);
  // Pages held for escalation, and the owner's digest holding a folded text, come due by the alarm.
  if ((plan.urgent?.held.length ?? 0) > 0 || own.some(isFolded)) await pending.arm();
}

/**
 * What the text stopped of the caller it was about, canceled (a person's answer; a shortcut that
 * changed their lead or blocked them), or held again (a shortcut that found no open lead: `applied`
 * the batch's read of commandAppliedStatement). A record kept before claims took them: canceled.
 */
async function endStop(pending: PendingTexts, record: InboundRecord, applied: boolean): Promise<void> {
  const { plan, stopped = [] } = record;
  if (stopped.length === 0 || !plan.stops) return;
  if (!record.claimed) return pending.markCanceled(stopped, plan.stops.reason);
  const blocked = plan.lead?.does === "command" && plan.lead.command.kind === "block";
  await pending.endStop(plan.eventId, applied || blocked, stopped, plan.stops.reason);
}

/**
 * The line's own records of the text, in one transaction before any await (a redelivery waits for
 * none of it): its event, the caller's consent, questions and safety warning, whom the owner and
 * the on-call answer next, the pages held for escalation.
 */
function writeLineRecords(line: LineParts, plan: InboundPlan, msg: InboundText, ctx: LineContext, now: number): void {
  const { store, pending } = line;
  const owner = ctx.business.notifyPhone;
  const held = plan.urgent?.held ?? [];
  store.transaction(() => {
    store.insertEvent({ id: plan.eventId, callId: "", outcome: "text", decision: plan.decision, explanation: plan.decision, messageId: plan.texts[0]?.row.id ?? null, at: now });
    if (plan.localConsent) store.setConsent(msg.from, plan.localConsent);
    // The owner's page stays theirs to take by number ("+14155552671 OK"); after this relay, a bare OK answers this caller (planStaffText).
    if (plan.relayedCaller) store.noteOwnerCaller(plan.relayedCaller, "relay", now);
    if (plan.answeredCaller) store.noteAnswered(msg.from, plan.answeredCaller, owner);
    if (plan.holderRelayed) store.staff.noteRelayed(plan.holderRelayed, msg.from);
    if (plan.relayHintDay) store.setMeta("relay_hint_day", plan.relayHintDay);
    noteStaffActs(store, plan, msg.from, owner, now);
    if (plan.ownerHeld !== undefined) store.owner.setHeld(plan.ownerHeld);
    if (plan.qualifying !== undefined) store.setQualifying(msg.from, plan.qualifying, now);
    if (plan.warned !== null) store.setWarned(msg.from, plan.warned, now);
    // A new emergency ends the caller's pages before it, and so does their calling it off: no OK offers them again.
    // Each person's page: their OK takes it; a paged owner's answer goes to this caller.
    if (plan.urgent || plan.calledOff) store.pages.forget(msg.from);
    for (const phone of plan.urgent?.paged ?? []) {
      store.notePage(phone, msg.from, now);
      if (phone === owner) store.noteOwnerCaller(msg.from, "page", now);
    }
    // Kept as taken, and by whom: a late OK is told so, and a new danger reaches the one who took it.
    for (const caller of plan.cancelPagesOf) store.pages.taken(caller, msg.from, now);
    if (plan.staffPaused) store.staff.setConsent(plan.staffPaused.phone, { optedOut: plan.staffPaused.paused, at: now });
    if (held.length > 0 && owner) store.setMeta("owner_phone", owner);
    for (const h of held) pending.schedule(h.text.job, "page", msg.from, h.at, ctx.business.timezone);
  });
}

/**
 * What a text of the business's people did with a caller, for what their next texts mean: a
 * shortcut is theirs to UNDO (and UNDO leaves none); the owner's answer, page taken or shortcut is
 * their last act with that caller (a BLOCK ends it: nothing more goes to them).
 */
function noteStaffActs(store: LineParts["store"], plan: InboundPlan, from: string, owner: string | null, now: number): void {
  const { lead } = plan;
  if (lead?.does === "command") store.staff.noteShortcut(from, { caller: lead.phone, causeId: plan.inbound.id!, at: now, command: lead.command });
  if (lead?.does === "undo") store.staff.noteShortcut(from, null);
  if (from !== owner) return;
  if (lead?.does === "command" && lead.command.kind === "block") store.owner.forgetAct(lead.phone);
  else if (lead?.does === "command" || lead?.does === "acknowledge") store.owner.acted(lead.phone, now);
  else if (plan.answeredCaller) store.owner.acted(plan.answeredCaller, now);
}

/**
 * A shortcut's answers name the caller as the business knows them ("Marked won $300: (415)
 * 234-5630, Maria"), so a wrong target shows at once; so do UNDO's (record-undo.ts). Read here, after the line has decided and
 * written its records: the name changes only the words of the answer, never whose lead it is.
 */
async function namingTheCaller(d1: D1Database, plan: InboundPlan, ctx: RecordContext, now: number): Promise<InboundPlan> {
  const { lead } = plan;
  if (lead?.does === "undo") return wordingUndo(d1, plan, ctx);
  if (lead?.does !== "command") return plan;
  // A shortcut on a caller whose lead closed already says how and when, rather than "no open lead".
  const [stored, closed] = await Promise.all([callerName(d1, ctx.business.id, lead.phone), lead.command.kind === "block" ? null : closedLeadOf(d1, ctx.business.id, lead.phone)]);
  // A business that keeps callers' words off its phones names them there by first name and initial.
  const name = ctx.business.privateTexts ? shortName(stored) : stored;
  if (!name && !closed) return plan;
  const who = name ? callerLabel(formatPhone(lead.phone), name) : formatPhone(lead.phone);
  const shut = closed ? closedLeadWords(closed, ctx, plan.inbound.toPhone, now) : null;
  const words = (applied: boolean) => withNote(commandConfirmation(lead.command, who, applied, ctx.business.kind, shut), plan.answerNote);
  const reply = { applied: withBody(lead.reply.applied, words(true)), none: withBody(lead.reply.none, words(false)) };
  return { ...plan, lead: { ...lead, reply } };
}

/**
 * A closed lead as the answer to a shortcut says it: when in the business's clock (with the day
 * when not today), its page to reopen it, and its ZIP unless the business keeps callers' words off its phones.
 */
function closedLeadWords(row: ClosedLeadRow, ctx: RecordContext, businessNumber: string, now: number): ClosedLead {
  const { timezone, id, privateTexts } = ctx.business;
  const locale = localeOf(businessNumber);
  const day = calendarDate(row.closedAt, timezone, locale);
  const clock = clockTime(row.closedAt, timezone, locale);
  const when = day === calendarDate(now, timezone, locale) ? clock : `${day}, ${clock}`;
  const link = ctx.publicBaseUrl ? leadLink(ctx.publicBaseUrl, id, row.id) : null;
  return { status: row.status, lostReason: row.lostReason, zip: privateTexts ? null : row.zip, when, link };
}

/** An answer to a caller by text from the owner's or an on-call phone, marked as theirs (the conversation names who). */
function signed(plan: InboundPlan, t: NewText, by: ActedBy | undefined): NewText {
  const { lead } = plan;
  if (!by || lead?.does !== "human_reply" || t.row.id !== lead.messageId) return t;
  return { ...t, row: { ...t.row, actedBy: by } };
}

/** What the text does to a lead, and (a reply or a voicemail's words) the emergency or danger it raised. */
function leadWrites(d1: D1Database, plan: InboundPlan, ctx: RecordContext, now: number, sender: { ack: AckAnswers | null; by: ActedBy | undefined }): LeadWrites {
  const cause = { businessId: ctx.business.id, phone: plan.inbound.fromPhone, messageId: plan.inbound.id, at: now };
  const urgent = plan.urgent ? urgentLeadWrites(d1, { ...cause, words: plan.urgent.words, why: plan.urgent.why ?? null, held: plan.urgent.held.map((h) => h.text) }, ctx.hasWebhook) : NO_LEAD_WRITES;
  // An OK, a shortcut and an answer come only from the business's own people (planStaffText): `by` is theirs.
  const person = sender.by ?? { kind: "owner_phone" as const, phone: plan.inbound.fromPhone };
  const danger = plan.danger ? dangerLeadWrites(d1, cause) : NO_LEAD_WRITES;
  return combineLeadWrites(sender.ack ? ackLeadWrites(d1, plan, ctx, now, sender.ack, person) : causeWrites(d1, plan, ctx, now, person), urgent, danger);
}

function causeWrites(d1: D1Database, plan: InboundPlan, ctx: RecordContext, now: number, person: ActedBy): LeadWrites {
  const { lead } = plan;
  const businessId = ctx.business.id;
  if (!lead || lead.does === "acknowledge" || lead.does === "acknowledge_all") return NO_LEAD_WRITES;
  if (lead.does === "command") {
    const cause = { businessId, phone: lead.phone, messageId: plan.inbound.id, at: now, by: person, command: lead.command, reply: lead.reply };
    return commandLeadWrites(d1, cause, ctx.hasWebhook);
  }
  if (lead.does === "undo") {
    const cause = { businessId, messageId: plan.inbound.id, at: now, by: person, shortcut: lead.shortcut, reply: lead.reply };
    return undoLeadWrites(d1, cause, ctx.hasWebhook);
  }
  if (lead.does === "human_reply") return humanReplyLeadWrites(d1, { businessId, phone: lead.phone, messageId: lead.messageId, at: now, by: person });
  const cause = { businessId, phone: lead.phone, messageId: plan.inbound.id, at: now };
  if (lead.does === "opt_out") return optOutLeadWrites(d1, cause);
  const reply = replyLeadWrites(d1, { ...cause, newJob: plan.urgent != null }, ctx.hasWebhook);
  if (plan.qualify) return combineLeadWrites(reply, qualifyLeadWrites(d1, { ...cause, step: plan.qualify.lead, question: plan.qualify.question }, ctx.hasWebhook));
  // A name given or an address corrected with nothing asked: kept like an answer (its entry says so), which moves the lead nowhere.
  const given = plan.named || plan.corrected;
  const named = given ? qualifyLeadWrites(d1, { ...cause, step: { answers: plan.corrected ?? {}, name: plan.named ?? null, estimatedCents: null, outcome: "asked" } }, ctx.hasWebhook) : NO_LEAD_WRITES;
  const calledOff = plan.calledOff ? calledOffLeadWrites(d1, cause, plan.calledOff.stoodDown.length) : NO_LEAD_WRITES;
  return combineLeadWrites(reply, named, calledOff);
}

function consentRecord(plan: InboundPlan, msg: InboundText, ctx: RecordContext, now: number): typeof consentEvents.$inferInsert {
  return {
    businessId: ctx.business.id,
    phone: msg.from,
    kind: plan.consent!.kind,
    source: plan.consent!.source,
    evidenceId: msg.carrierMessageId,
    evidenceText: msg.body.slice(0, 160),
    at: now,
  };
}
