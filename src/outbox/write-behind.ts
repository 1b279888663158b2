import { callDecisionUpdate, callRecordStatements, CALL_UPSERT_OVER_ANSWERED } from "../db/call-record";
import { callerStatus, CALLER_STATUS_SQL } from "../db/consent";
import type { Env } from "../env";
import { log } from "../log";
import { emitEventOnce, eventStatement, type RecordedEvent, type WrittenEvent } from "../notify/events";
import { callLeadStatements, leadCreated } from "../leads/record";
import { refusedText } from "../rules/eligibility";
import { decisionColumns, explainDecision, type TemplateKind } from "../rules/reasons";
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
    writes.push(...callLeadStatements(d1, record.call));
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
 * clear, and they are not (a STOP to another of the business's numbers, an admin opt-out, a number
 * the carrier called undeliverable). The call's record and the line's event say why, and the line
 * gets its reservation back. If the caller is clear again by now, the job simply runs again.
 */
export async function settleRefused(env: Env, m: Message<unknown>, job: OutboundTextJob, record: WriteBehindRecord, base: number): Promise<void> {
  try {
    const { call } = record;
    const status = callerStatus(await env.DB.prepare(CALLER_STATUS_SQL).bind(call.businessId, call.fromPhone).all());
    const decision = refusedText({ action: "text", outcome: call.outcome, templateKind: record.message.kind as TemplateKind }, status);
    if (!decision || decision.action !== "skip") {
      m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
      return;
    }
    const columns = decisionColumns(decision);
    const explanation = explainDecision(decision);
    // The line first, so that once the call's row says why, the reservation is already back.
    await lineStub(env, record.line).refuseText(record.eventId, {
      decision: columns.decision,
      explanation,
      caller: call.fromPhone,
      day: record.day,
      previousTextAt: record.previousTextAt,
    });
    await callDecisionUpdate(env.DB, call.id, columns).run();
    // On every report, under one id per call: a retry after a failure here emits it, and a report
    // after it went out adds nothing.
    if (record.notify) await emitEventOnce(env, call.businessId, "call.missed", missedKey(record), callMissedData(record, columns.decision, explanation));
    log.info("outbox.refused", { messageId: job.messageId, businessId: job.businessId, reason: decision.reason });
    m.ack();
  } catch (e) {
    log.error("outbox.error", { queueMessageId: m.id, error: String(e) });
    m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
  }
}

/** What a written-behind call's call.missed event says: the decision as D1 took it. */
function callMissedData(record: WriteBehindRecord, decision: string, explanation: string): Record<string, unknown> {
  const { call } = record;
  return { callId: call.id, from: call.fromPhone, to: call.toPhone, outcome: call.outcome, decision, explanation };
}

/** One event id per call, however often its job runs. */
const missedKey = (record: WriteBehindRecord) => `missed_${record.call.id}`;
