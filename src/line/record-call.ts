import type { PresetId } from "../presets";
import { businessKind } from "../rules/business-kind";
import { callDecisionUpdate, callRecordStatements, CALL_UPSERT } from "../db/call-record";
import { callerClear, callerStatus, CALLER_STATUS_SQL } from "../db/consent";
import type { CallerContact } from "../rules/contacts";
import { calls, messages } from "../db/schema";
import { insertRow } from "../db/statements";
import type { Env } from "../env";
import { emitEvent, queueEvents } from "../notify/events";
import { callLeadWrites, leadResults, NO_LEAD_WRITES, type LeadWrites } from "../leads/record";
import { touchesLead } from "../rules/leads";
import { withCallerStatus } from "../rules/eligibility";
import { alertOwner, writeCustomerText, writeNamedText } from "./record-contact";
import { alertRepeatCall } from "./record-repeat";
import { leadAnsweredCallStatements } from "../db/lead-acts";
import { decisionCode, decisionColumns, explainDecision, type Decision } from "../rules/reasons";
import { businessSentSince, sentOf } from "../db/outbound-counts";
import { DAY_MS, refusalWords } from "../rules/outbound-guard";
import type { PendingTexts } from "./pending";
import type { CallPlan, CallRecording } from "./plan-call";
import type { LineStore, PendingRow } from "./store";
import type { LineContext, LineDecision } from "./types";

/** What carrying out a plan needs of the line. */
export interface LineParts {
  env: Env;
  store: LineStore;
  pending: PendingTexts;
  waitUntil(promise: Promise<unknown>): void;
}

/** What recording a call needs of its business: a plan kept by the line for later carries this much. */
export interface RecordContext {
  /**
   * `privateTexts`: the business keeps callers' words off its phones (absent from records kept before
   * it, and when off); `kind`: what kind of business it is, for the words of the owner's answers.
   */
  business: { id: string; timezone: string; privateTexts?: true; kind?: PresetId };
  hasWebhook: boolean;
  /** The app's public origin, for links to the admin page in answers worded on recording (absent from records kept before it). */
  publicBaseUrl?: string;
}

/** The part of a line's context that recording needs (and that a kept plan carries). */
export function recordContext(ctx: Pick<LineContext, "business" | "hasWebhook"> & Partial<Pick<LineContext, "publicBaseUrl">>): RecordContext {
  const { id, timezone, settings } = ctx.business;
  const kind = businessKind(settings);
  const base = ctx.publicBaseUrl ? { publicBaseUrl: ctx.publicBaseUrl } : {};
  return { business: { id, timezone, ...(settings.privateTexts ? { privateTexts: true as const } : {}), ...(kind ? { kind } : {}) }, hasWebhook: ctx.hasWebhook, ...base };
}

/**
 * Carry out a call plan against D1 and the queue, after the line has written its decision and
 * reservation. Idempotent, so that after a failure the line can run it again until D1 and the queue
 * accept (unrecorded.ts): every insert is keyed by the call, a queued text is sent once by the
 * outbox however often it is queued. `canceled`: texts an answered call took, marked so in D1.
 */
export async function recordCall(line: LineParts, plan: CallPlan, ctx: RecordContext, canceled: PendingRow[]): Promise<LineDecision> {
  // A written-behind call is a text (no answered call's canceled texts); the outbox records it and its event.
  if (plan.recording.how === "write_behind") return handOff(line, plan, plan.recording, ctx);
  const { correction: corrected, sentLastDay } = await write(line, plan, plan.recording, ctx);
  const final = corrected?.decision ?? plan.decision;
  if (corrected && final.action === "skip") await correct(line, plan, final);
  const contact = corrected ? corrected.contact : plan.contact;
  if (final.action === "skip") await alertOwner(line, plan, final.reason, contact, ctx);
  // Only a skip D1 left a cooldown's: a caller it found blocked, staff or opted out alerts nobody.
  if (final.action === "skip" && final.reason === "cooldown") await alertRepeatCall(line, plan, contact, ctx);
  if (canceled.length > 0) await line.pending.markCanceled(canceled, "answered_callback");
  const code = decisionCode(final);
  const explanation = explainDecision(final);
  if (ctx.hasWebhook && plan.outcome !== "answered") {
    // Off the webhook's critical path: the event is recorded and queued after we answer.
    const data = { callId: plan.callId, from: plan.call.fromPhone, to: plan.call.toPhone, outcome: plan.outcome, decision: code, explanation };
    line.waitUntil(emitEvent(line.env, ctx.business.id, "call.missed", data));
  }
  const decided = { ...plannedDecision(plan), decision: code, explanation, messageId: final.action === "text" ? plan.messageId : null };
  return final.action === "text" ? foreseeCap(decided, plan.recording, sentLastDay) : decided;
}

/**
 * What a caller on the line is told of a text the business's daily cap will stop (its `capAt`
 * reached by the count read with the call's records): not texted, as the outbox will record it.
 * The cap is the outbox's refusal (`business_daily_cap`), not one of the line's SKIP_REASONS: the
 * call's record keeps the line's decision, and says "Not texted" from its text's state
 * (rules/text-fate.ts explainCall); this answer only chooses what the caller hears.
 */
function foreseeCap(decided: LineDecision, recording: CallRecording, sentLastDay: number | null): LineDecision {
  const capAt = recording.how === "call_only" ? undefined : recording.capAt;
  if (capAt === undefined || sentLastDay === null || sentLastDay < capAt) return decided;
  return { ...decided, decision: "skipped:business_daily_cap", explanation: `Not texted: ${refusalWords("business_daily_cap", { dailyTextCap: capAt })}`, messageId: null };
}

/** What the line answers for a plan it has decided, before D1 has had its say. */
export function plannedDecision(plan: CallPlan): LineDecision {
  return { final: true, duplicate: false, callId: plan.callId, outcome: plan.outcome, decision: plan.code, explanation: plan.explanation, messageId: plan.messageId };
}

/** The decision D1 corrected a plan to, knowing the caller's status, and the contact it read. */
type Correction = { decision: Decision; contact: CallerContact | null };

const readStatus = (d1: D1Database, plan: CallPlan, ctx: RecordContext) => d1.prepare(CALLER_STATUS_SQL).bind(ctx.business.id, plan.call.fromPhone);

/**
 * The writes of the plan; what D1 corrected it to, if the caller turned out a contact, opted out or
 * unreachable, and (for a text with a `capAt`) the business's texts in the past 24 hours, read in
 * the same batch.
 */
async function write(line: LineParts, plan: CallPlan, r: Exclude<CallRecording, { how: "write_behind" }>, ctx: RecordContext): Promise<{ correction: Correction | null; sentLastDay: number | null }> {
  const d1 = line.env.DB;
  // A call from the business's own people or a blocked number opens no lead: its SQL checks the
  // contact. A plan kept by an older version has no caller ID name.
  const lead = touchesLead(plan.decision) ? callLeadWrites(d1, plan.call, plan.callerIdName ?? null, ctx.hasWebhook) : NO_LEAD_WRITES;
  if (r.how === "call_only") {
    const status = plan.verify ? [readStatus(d1, plan, ctx)] : [];
    const answered = plan.outcome === "answered" ? leadAnsweredCallStatements(d1, { businessId: ctx.business.id, phone: plan.call.fromPhone, causeId: plan.callId, at: plan.call.at }) : [];
    const batch = [...status, insertRow(d1, calls, plan.call, CALL_UPSERT), ...lead.statements, ...answered];
    const results = await d1.batch(batch);
    queueLeadEvents(line, lead, batch, results);
    if (!plan.verify) return { correction: null, sentLastDay: null };
    const caller = callerStatus(results[0]);
    const decision = withCallerStatus(plan.decision, caller, false);
    return { correction: decision ? { decision, contact: caller.contact } : null, sentLastDay: null };
  }
  // The text's inserts are conditional on the caller's status; if the message row was not written,
  // either D1 says no (read why, in a second round trip) or it exists from an earlier attempt of this
  // webhook (then the text goes ahead as planned).
  const clear = plan.verify ? callerClear(ctx.business.id, plan.call.fromPhone) : undefined;
  const batch = [
    ...callRecordStatements(d1, r.rows),
    ...(r.followUp ? [insertRow(d1, messages, r.followUp.text.row, "ON CONFLICT DO NOTHING", clear)] : []),
    ...lead.statements,
  ];
  const count = r.capAt !== undefined ? [businessSentSince(d1, ctx.business.id, Date.now() - DAY_MS)] : [];
  const results = await d1.batch([...batch, ...count]);
  queueLeadEvents(line, lead, batch, results);
  const sentLastDay = count.length > 0 ? sentOf(results[batch.length]) : null;
  const written = (results[1]?.meta.changes ?? 0) > 0;
  let correction: Correction | null = null;
  if (plan.verify && !written && plan.decision.action === "text") {
    const caller = callerStatus(await readStatus(d1, plan, ctx).all());
    const decision = withCallerStatus(plan.decision, caller, plan.ifContact.customer !== null);
    if (decision?.action === "skip") return { correction: { decision, contact: caller.contact }, sentLastDay };
    // A customer: their own text (the same row and job) takes the stranger's place; a contact with
    // a name: the text greeting them by it.
    if (decision) await writeCustomerText(d1, plan, r, caller.contact);
    else if (r.rows.named) await writeNamedText(d1, plan, r, caller.contact);
    correction = decision ? { decision, contact: caller.contact } : null;
  }
  const { timezone } = ctx.business;
  if (r.textDue !== null) line.pending.schedule(r.text.job, "text", plan.call.fromPhone, r.textDue, timezone);
  else await line.env.SMS_OUT.send(r.text.job);
  if (r.followUp) line.pending.schedule(r.followUp.text.job, "follow_up", plan.call.fromPhone, r.followUp.due, timezone);
  await line.pending.arm();
  return { correction, sentLastDay };
}

/**
 * A text the outbox records: queued (the outbox corrects the call's record, and gives the
 * reservation back, if D1 refuses the text). A caller about to be told what happens (`foresee`)
 * is told what D1 will make of it: their status is read alongside and judged as the outbox will
 * judge it (write-behind.ts settleRefused); a status that cannot be read leaves the plan's word.
 */
async function handOff(line: LineParts, plan: CallPlan, r: Extract<CallRecording, { how: "write_behind" }>, ctx: RecordContext): Promise<LineDecision> {
  const planned = plannedDecision(plan);
  if (!r.foresee && r.capAt === undefined) {
    await line.env.SMS_OUT.send(r.job);
    return planned;
  }
  const [, read] = await Promise.all([line.env.SMS_OUT.send(r.job), foresight(line.env.DB, plan, r, ctx).catch(() => null)]);
  const foreseen = read?.status ? withCallerStatus(plan.decision, callerStatus(read.status), plan.ifContact.customer !== null) : null;
  if (foreseen?.action !== "skip") return foreseeCap(planned, r, read?.sentLastDay ?? null);
  return { ...planned, decision: decisionCode(foreseen), explanation: explainDecision(foreseen), messageId: null };
}

/** What a handed-off text's caller is told depends on, in one round trip: their status (`foresee`), the business's texts in 24 hours (`capAt`). */
async function foresight(d1: D1Database, plan: CallPlan, r: Extract<CallRecording, { how: "write_behind" }>, ctx: RecordContext): Promise<{ status: D1Result | null; sentLastDay: number | null }> {
  const reads = [...(r.foresee ? [readStatus(d1, plan, ctx)] : []), ...(r.capAt !== undefined ? [businessSentSince(d1, ctx.business.id, Date.now() - DAY_MS)] : [])];
  const results = await d1.batch(reads);
  return { status: r.foresee ? results[0]! : null, sentLastDay: r.capAt !== undefined ? sentOf(results[results.length - 1]) : null };
}

/** `lead.created` when the call opened a lead: queued after we answer. */
function queueLeadEvents(line: LineParts, lead: LeadWrites, batch: D1PreparedStatement[], results: D1Result[]): void {
  if (lead.events.length > 0) line.waitUntil(queueEvents(line.env, leadResults(lead, batch, results).events));
}

/**
 * The caller is a contact the business does not text, opted out or cannot receive texts: nothing
 * was written for the text (its inserts were conditional). The line's event and the call's row say
 * why, and a text's reservation is given back.
 */
async function correct(line: LineParts, plan: CallPlan, corrected: Decision): Promise<void> {
  line.store.transaction(() => {
    const changed = line.store.correctEvent(plan.eventId, decisionCode(corrected), explainDecision(corrected));
    if (changed && plan.reservation) line.store.giveBack(plan.reservation);
  });
  await callDecisionUpdate(line.env.DB, plan.callId, decisionColumns(corrected)).run();
}
