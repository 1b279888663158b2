import { callDecisionUpdate, callRecordStatements, CALL_UPSERT_OVER_ANSWERED } from "../db/call-record";
import { callerClear, callerStatus, CALLER_STATUS_SQL } from "../db/consent";
import type { Env } from "../env";
import { log } from "../log";
import { emitEventOnce, eventStatement, type RecordedEvent, type WrittenEvent } from "../notify/events";
import { callLeadStatements, leadCreated } from "../leads/record";
import { withCallerStatus } from "../rules/eligibility";
import type { CallerContact } from "../rules/contacts";
import { decisionColumns, explainDecision, type Decision, type TemplateKind } from "../rules/reasons";
import { consentEvents, messages } from "../db/schema";
import { insertRow, JUST_WRITTEN } from "../db/statements";
import { callBackAlert, customerText, namedText } from "./contact-texts";
import type { NewText } from "./new-text";
import { firstNameOf } from "../rules/contacts";
import { loadBatch } from "./load-batch";
import type { SendBatch } from "./send";
import { backoffSeconds } from "./backoff";
import type { OutboundTextJob, WriteBehindRecord } from "./jobs";
import { lineStub } from "../line/stub";

/**
 * The statements that record a batch's written-behind calls, to run in the batch that reads its
 * rows, with each call's `call.missed` event right after its consent evidence (which is written
 * only with a text row written just now): the event is recorded by the delivery that recorded the
 * call, and by no later one; then the call's lead, opened or joined, and `lead.created` if this call
 * opened it. `events` says where each event's result will be among the results.
 */
export function writeBehindStatements(d1: D1Database, records: WriteBehindRecord[]): { writes: D1PreparedStatement[]; events: { event: RecordedEvent; at: number }[] } {
  const writes: D1PreparedStatement[] = [];
  const events: { event: RecordedEvent; at: number }[] = [];
  const add = (event: RecordedEvent) => {
    events.push({ event, at: writes.length });
    writes.push(event.statement);
  };
  for (const record of records) {
    writes.push(...callRecordStatements(d1, record, CALL_UPSERT_OVER_ANSWERED));
    if (record.notify) {
      const data = callMissedData(record, record.call.decision, record.explanation);
      add(eventStatement(d1, record.call.businessId, "call.missed", data, { key: missedKey(record), afterWrite: true }));
    }
    writes.push(...callLeadStatements(d1, record.call, record.callerIdName ?? null));
    if (record.notify) add(leadCreated(d1, record.call.id));
  }
  return { writes, events };
}

/** The events among a batch's results, for queueEvents. */
export function writtenEvents(events: { event: RecordedEvent; at: number }[], results: D1Result[]): WrittenEvent[] {
  return events.map(({ event, at }) => ({ event, result: results[at] }));
}

/**
 * A written-behind text that D1 would not take: its insert was conditional on the caller being
 * what the line planned for, a stranger who can be texted, and they are not (a contact tagged
 * customer, vip, internal or blocked; a STOP to another of the business's numbers, an admin
 * opt-out, a number the carrier called undeliverable). A customer gets their own text instead,
 * written here and sent with the batch (`send`); otherwise the call's record and the line's event
 * say why, the line gets its reservation back, and a VIP's or a landline's call alerts the owner. If the caller is
 * clear again by now, the job simply runs again.
 */
export async function settleRefused(env: Env, m: Message<unknown>, job: OutboundTextJob, record: WriteBehindRecord, sends: SendBatch): Promise<"send" | "settled"> {
  try {
    const { call } = record;
    const status = callerStatus(await env.DB.prepare(CALLER_STATUS_SQL).bind(call.businessId, call.fromPhone).all());
    const planned = { action: "text", outcome: call.outcome, templateKind: record.message.kind as TemplateKind } as const;
    const decision = withCallerStatus(planned, status, record.ifContact?.customer != null);
    if (decision?.action === "text") return await sendCustomerText(env, m, record, status.contact, sends);
    // Refused for greeting a contact with a name without it: the text with their name.
    if (!decision && record.named && firstNameOf(status.contact?.name)) return await sendNamedText(env, m, record, status.contact, sends);
    if (!decision) {
      m.retry({ delaySeconds: backoffSeconds(m.attempts, sends.base) });
      return "settled";
    }
    await refuse(env, record, decision, status.contact);
    log.info("outbox.refused", { messageId: job.messageId, businessId: job.businessId, reason: decision.reason });
    m.ack();
  } catch (e) {
    log.error("outbox.error", { queueMessageId: m.id, error: String(e) });
    m.retry({ delaySeconds: backoffSeconds(m.attempts, sends.base) });
  }
  return "settled";
}

/** The call skipped after all: the line first (so that once the call's row says why, the reservation is back), the row, the event, a VIP's or a landline's alert. */
async function refuse(env: Env, record: WriteBehindRecord, decision: Extract<Decision, { action: "skip" }>, contact: CallerContact | null): Promise<void> {
  const { call } = record;
  const columns = decisionColumns(decision);
  const explanation = explainDecision(decision);
  const refusal = { decision: columns.decision, explanation, caller: call.fromPhone, day: record.day, previousTextAt: record.previousTextAt };
  const pausedStaff = await lineStub(env, record.line).refuseText(record.eventId, refusal);
  await callDecisionUpdate(env.DB, call.id, columns).run();
  // On every report, under one id per call: a retry after a failure here emits it, and a report
  // after it went out adds nothing.
  if (record.notify) await emitEventOnce(env, call.businessId, "call.missed", missedKey(record), callMissedData(record, columns.decision, explanation));
  const alert = record.ifContact ? callBackAlert(decision.reason, call, record.ifContact, contact, Date.now()) : null;
  if (alert && !pausedStaff.includes(alert.row.toPhone)) {
    await insertRow(env.DB, messages, alert.row, "ON CONFLICT DO NOTHING").run();
    await env.SMS_OUT.send(alert.job);
  }
}

/**
 * A customer's text in the stranger's place (same id): written with its implied consent and read
 * back in one round trip, to be sent with the batch. Refused again (their tags changed meanwhile),
 * the job runs again.
 */
async function sendCustomerText(env: Env, m: Message<unknown>, record: WriteBehindRecord, contact: CallerContact | null, sends: SendBatch): Promise<"send" | "settled"> {
  const text = record.ifContact ? customerText(record.message, record.ifContact, contact, Date.now()) : null;
  return sendInstead(env, m, record, text, "customer", sends);
}

/** The planned text greeting a contact by their name, in place of the one that did not know it: as sendCustomerText. */
async function sendNamedText(env: Env, m: Message<unknown>, record: WriteBehindRecord, contact: CallerContact | null, sends: SendBatch): Promise<"send" | "settled"> {
  const text = record.ifContact ? namedText(record.message, record.ifContact, contact, Date.now()) : null;
  return sendInstead(env, m, record, text, "stranger", sends);
}

async function sendInstead(env: Env, m: Message<unknown>, record: WriteBehindRecord, text: NewText | null, planned: "customer" | "stranger", sends: SendBatch): Promise<"send" | "settled"> {
  const { call } = record;
  const writes = text
    ? [insertRow(env.DB, messages, text.row, "ON CONFLICT DO NOTHING", callerClear(call.businessId, call.fromPhone, planned)), insertRow(env.DB, consentEvents, record.consent, "", JUST_WRITTEN)]
    : [];
  const read = await loadBatch(env.DB, [record.message.id], writes, { businessIds: [], now: Date.now() });
  const row = read.rows.get(record.message.id);
  if (!row) {
    m.retry({ delaySeconds: backoffSeconds(m.attempts, sends.base) });
    return "settled";
  }
  sends.rows.set(row.id, row);
  if (record.notify) await emitEventOnce(env, call.businessId, "call.missed", missedKey(record), callMissedData(record, call.decision, record.explanation));
  return "send";
}

/** What a written-behind call's call.missed event says: the decision as D1 took it. */
function callMissedData(record: WriteBehindRecord, decision: string, explanation: string): Record<string, unknown> {
  const { call } = record;
  return { callId: call.id, from: call.fromPhone, to: call.toPhone, outcome: call.outcome, decision, explanation };
}

/** One event id per call, however often its job runs. */
const missedKey = (record: WriteBehindRecord) => `missed_${record.call.id}`;
