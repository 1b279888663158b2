import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { isCarrierName, sendText } from "../carriers";
import { decryptSecret } from "../crypto/secrets";
import { recipientProblemWrites } from "../db/recipients";
import { asStatement } from "../db/statements";
import { CALL_UPSERT_OVER_ANSWERED, callDecisionUpdate, callerStatus, callRecordStatements, CALLER_STATUS_SQL } from "../db/call-record";
import { type calls, messages, type numbers } from "../db/schema";
import type { Env } from "../env";
import { log } from "../log";
import { requiresConsent } from "../rules/consent";
import { refusedText } from "../rules/eligibility";
import { decisionCode, explainDecision, type Outcome, type TemplateKind } from "../rules/reasons";
import { backoffSeconds } from "./backoff";
import { deliverWebhook, emitEventOnce, eventStatement, markWebhookDead, queueEvents, type RecordedEvent, type WrittenEvent } from "../notify/webhooks";
import { outboxJobSchema, type CallRecord, type OutboundText, type OutboxJob } from "./outbound-text";
import { BoundedMap } from "../bounded-map";

/** Statuses after which the carrier must not be called again for this row. */
const SETTLED = new Set(["sent", "delivered", "undelivered", "failed", "suppressed", "dead"]);

type Db = ReturnType<typeof drizzle>;

/**
 * One round trip per batch: each message, its number, whether the business takes event webhooks,
 * and the recipient's newest opt-out/opt-in. Static SQL (no query built per message); indexed, see
 * test/query-plans.test.ts.
 */
const MESSAGE_SQL = `SELECT m.id AS id, m.business_id AS businessId, m.kind AS kind, m.from_phone AS fromPhone,
  m.to_phone AS toPhone, m.body AS body, m.status AS status, m.attempts AS attempts,
  n.e164 AS numberE164, n.carrier AS carrier, n.credentials AS credentials,
  b.notify_webhook_url IS NOT NULL AS hasWebhook,
  (SELECT c.kind FROM consent_events c
    WHERE c.business_id = m.business_id AND c.phone = m.to_phone AND c.kind IN ('opt_out', 'opt_in')
    ORDER BY c.at DESC, c.id DESC LIMIT 1) AS consent
FROM messages m
INNER JOIN numbers n ON n.id = m.number_id
INNER JOIN businesses b ON b.id = m.business_id
WHERE m.id IN (?1)`;

type MessageRow = Pick<
  typeof messages.$inferSelect,
  "id" | "businessId" | "kind" | "fromPhone" | "toPhone" | "body" | "status" | "attempts"
> &
  Pick<typeof numbers.$inferSelect, "carrier" | "credentials"> & {
    numberE164: string;
    hasWebhook: number;
    consent: string | null;
  };

const SUPPRESS_SQL = `UPDATE messages SET status = 'suppressed', error_code = 'opted_out', updated_at = ?1 WHERE id = ?2`;
const SENT_SQL = `UPDATE messages SET status = 'sent', carrier_message_id = ?1, attempts = ?2, sent_at = ?3,
  updated_at = ?4, error_code = NULL, error_message = NULL WHERE id = ?5`;

/**
 * Decrypted credentials by their stored ciphertext (a new value has a new IV, so a changed
 * credential is a new key): one AES-GCM decrypt per number per isolate, not per text.
 */
const credentialCache = new BoundedMap<string, unknown>(10_000);

async function credentials(dataKey: string, ciphertext: string): Promise<unknown> {
  let creds = credentialCache.get(ciphertext);
  if (creds === undefined) {
    creds = JSON.parse(await decryptSecret(dataKey, ciphertext)) as unknown;
    credentialCache.set(ciphertext, creds);
  }
  return creds;
}

/** What one batch shares: its rows, read up front, and a writer that groups the sends' records. */
interface BatchState {
  rows: Map<string, MessageRow>;
  /** False when reading the rows failed: the text jobs are already scheduled for a retry. */
  loaded: boolean;
  /** Write these statements together, in a D1 batch shared with other sends'; their results. */
  record: (stmts: D1PreparedStatement[]) => Promise<D1Result[]>;
  /** Messages in the batch (logged: how much the per-batch round trips are shared). */
  size: number;
}

/**
 * Group commit: statements handed in while a write is in flight go out together in the next
 * `batch()`, so sends that finish together cost one D1 round trip, and a slow carrier answer for one
 * message never holds back the record (and ack) of another.
 */
function groupWriter(d1: D1Database): (stmts: D1PreparedStatement[]) => Promise<D1Result[]> {
  let waiting: { stmts: D1PreparedStatement[]; done: (e: unknown, results?: D1Result[]) => void }[] = [];
  let running: Promise<void> | null = null;
  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        const results = await d1.batch(group.flatMap((w) => w.stmts));
        let at = 0;
        for (const w of group) {
          w.done(undefined, results.slice(at, at + w.stmts.length));
          at += w.stmts.length;
        }
      } catch (e) {
        for (const w of group) w.done(e);
      }
    }
    running = null;
  };
  return (stmts) =>
    new Promise<D1Result[]>((resolve, reject) => {
      waiting.push({ stmts, done: (e, results) => (results ? resolve(results) : reject(e)) });
      running ??= Promise.resolve().then(flush);
    });
}

/**
 * `sms-outbound` consumer: one carrier request per message row, ever. A redelivered message whose row
 * is already settled is acked; 429/5xx/network errors retry with exponential backoff; permanent
 * errors fail once and keep their code.
 *
 * D1 round trips are per batch, not per message: one statement reads every text job's row (with the
 * consent re-check), and accepted sends that finish together are recorded in one D1 batch before
 * each is acked. Under load the queue hands over several messages at a time, so a text costs a
 * fraction of each round trip.
 */
export async function consumeOutbound(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = drizzle(env.DB);
  const base = Number(env.OUTBOX_RETRY_BASE_SECONDS ?? "2");
  const jobs: { m: Message<unknown>; job: OutboxJob }[] = [];
  for (const m of batch.messages) {
    const parsed = outboxJobSchema.safeParse(m.body);
    if (parsed.success) jobs.push({ m, job: parsed.data });
    else {
      log.warn("outbox.malformed", { queueMessageId: m.id });
      m.ack();
    }
  }
  const state: BatchState = { rows: new Map(), loaded: true, record: groupWriter(env.DB), size: batch.messages.length };
  const ids = [...new Set(jobs.flatMap(({ job }) => ("messageId" in job ? [job.messageId] : [])))];
  const records = jobs.flatMap(({ m, job }) => ("record" in job && job.record ? [{ m, job, record: job.record }] : []));
  // call.missed for the calls recorded just now (written in the same batch): queued beside the
  // sends, not ahead of them.
  const events: Promise<unknown>[] = [];
  try {
    if (ids.length > 0) {
      const loaded = await loadMessages(env.DB, ids, records);
      state.rows = loaded.rows;
      events.push(queueEvents(env, loaded.events));
    }
  } catch (e) {
    // D1 unreachable: every text job waits for the next attempt; nothing was sent.
    state.loaded = false;
    log.error("outbox.error", { error: String(e) });
    for (const { m, job } of jobs) if ("messageId" in job) m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
  }
  // Written-behind texts D1 refused are settled here, once per text (a second copy of the job in
  // the batch is acknowledged); the rest go on to be sent.
  const settled = new Set<Message<unknown>>();
  if (state.loaded) {
    const refusedIds = new Set<string>();
    for (const r of records) {
      const id = r.job.messageId;
      if (state.rows.has(id)) continue;
      settled.add(r.m);
      if (refusedIds.has(id)) r.m.ack();
      else {
        refusedIds.add(id);
        await refused(env, r.m, r.job, r.record, base);
      }
    }
  }
  // Messages of a batch are independent (different callers, often different numbers): one slow
  // carrier answer must not hold the others back, so they are sent side by side. Two deliveries of
  // the same job in one batch run one after the other, so the second sees the first one's result.
  const groups = new Map<string, { m: Message<unknown>; job: OutboxJob }[]>();
  for (const j of jobs) {
    const key = "messageId" in j.job ? j.job.messageId : j.job.webhookDeliveryId;
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  await Promise.all([
    ...[...groups.values()].map(async (same) => {
      for (const { m, job } of same) if (!settled.has(m)) await consumeOne(db, env, m, job, base, state);
    }),
    ...events,
  ]);
}

async function consumeOne(db: Db, env: Env, m: Message<unknown>, job: OutboxJob, base: number, state: BatchState): Promise<void> {
  try {
    if ("webhookDeliveryId" in job) {
      const r = await deliverWebhook(env, job.webhookDeliveryId);
      if (r === "retry") m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
      else m.ack();
    } else if (state.loaded) {
      await deliver(db, env, job, m.attempts, base, m, state);
    }
  } catch (e) {
    // A bug or a D1 hiccup: retry the message; after max_retries it reaches the DLQ, not the void.
    log.error("outbox.error", { queueMessageId: m.id, error: String(e) });
    m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
  }
}

/** The SELECT for `n` ids, built once per size. */
const selectSql = new Map<number, string>();

/** D1 binds at most 100 parameters per statement; a batch larger than this is read in slices. */
const IDS_PER_STATEMENT = 90;

/**
 * The batch's rows, read after writing the records of the missed calls among them (same D1 batch,
 * one round trip), with their `call.missed` events: each written right after the call's consent
 * evidence, which is written only with a text row written just now, so the event is recorded by the
 * delivery that recorded the call, and by no later one.
 */
async function loadMessages(
  d1: D1Database,
  ids: string[],
  records: { record: CallRecord }[],
): Promise<{ rows: Map<string, MessageRow>; events: WrittenEvent[] }> {
  const writes: D1PreparedStatement[] = [];
  const missed: { event: RecordedEvent; at: number }[] = [];
  for (const { record } of records) {
    writes.push(...callRecordStatements(d1, record, CALL_UPSERT_OVER_ANSWERED));
    if (record.notify) {
      const event = callMissedEvent(d1, record);
      missed.push({ event, at: writes.length });
      writes.push(event.statement);
    }
  }
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const slice = ids.slice(i, i + IDS_PER_STATEMENT);
    let sql = selectSql.get(slice.length);
    if (sql === undefined) {
      sql = MESSAGE_SQL.replace("IN (?1)", `IN (${slice.map((_, j) => `?${j + 1}`).join(", ")})`);
      selectSql.set(slice.length, sql);
    }
    statements.push(d1.prepare(sql).bind(...slice));
  }
  const all = writes.length === 0 && statements.length === 1 ? [await statements[0]!.all<MessageRow>()] : await d1.batch<MessageRow>([...writes, ...statements]);
  const rows = new Map(all.slice(writes.length).flatMap((r) => r.results).map((row) => [row.id, row]));
  return { rows, events: missed.map(({ event, at }) => ({ event, result: all[at] })) };
}

/**
 * A written-behind text that D1 would not take: its insert was conditional on the caller being
 * clear, and they are not (a STOP to another of the business's numbers, an admin opt-out, a number
 * the carrier called undeliverable). The call's record and the line's event say why, and the line
 * gets its reservation back. If the caller is clear again by now, the job simply runs again.
 */
async function refused(env: Env, m: Message<unknown>, job: OutboundText, record: CallRecord, base: number): Promise<void> {
  try {
    const call = record.call as typeof calls.$inferInsert;
    const status = callerStatus(await env.DB.prepare(CALLER_STATUS_SQL).bind(call.businessId, call.fromPhone).all());
    const decision = refusedText({ action: "text", outcome: call.outcome as Outcome, templateKind: record.message.kind as TemplateKind }, status);
    if (!decision || decision.action !== "skip") {
      m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
      return;
    }
    const code = decisionCode(decision);
    const explanation = explainDecision(decision);
    // The line first, so that once the call's row says why, the reservation is already back.
    await env.LINE.get(env.LINE.idFromName(record.line)).refuseText(record.eventId, {
      decision: code,
      explanation,
      caller: call.fromPhone,
      day: record.day,
      previousTextAt: record.previousTextAt,
    });
    await callDecisionUpdate(env.DB, call.id, decision).run();
    // On every report, under one id per call: a retry after a failure here emits it, and a report
    // after it went out adds nothing.
    if (record.notify) await callMissedOnce(env, record, code, explanation);
    log.info("outbox.refused", { messageId: job.messageId, businessId: job.businessId, reason: decision.reason });
    m.ack();
  } catch (e) {
    log.error("outbox.error", { queueMessageId: m.id, error: String(e) });
    m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
  }
}

/** What a written-behind call's call.missed event says: the decision as D1 took it. */
function callMissedData(record: CallRecord, decision: string, explanation: string): Record<string, unknown> {
  const call = record.call as typeof calls.$inferInsert;
  return { callId: call.id, from: call.fromPhone, to: call.toPhone, outcome: call.outcome, decision, explanation };
}

/**
 * The call.missed of a call recorded just now, for the statement right after its consent evidence
 * (`afterWrite`), under the call's one id.
 */
function callMissedEvent(d1: D1Database, record: CallRecord): RecordedEvent {
  const data = callMissedData(record, record.call.decision as string, record.explanation);
  return eventStatement(d1, record.call.businessId as string, "call.missed", data, { key: missedKey(record), afterWrite: true });
}

const missedKey = (record: CallRecord) => `missed_${record.call.id as string}`;

/** For a call whose text D1 refused: thrown on failure, so the job (and the event) is retried. */
function callMissedOnce(env: Env, record: CallRecord, decision: string, explanation: string): Promise<void> {
  return emitEventOnce(env, record.call.businessId as string, "call.missed", missedKey(record), callMissedData(record, decision, explanation));
}

async function deliver(
  db: Db,
  env: Env,
  job: OutboundText,
  attempt: number,
  base: number,
  m: Message<unknown>,
  state: BatchState,
): Promise<void> {
  const row = state.rows.get(job.messageId);
  if (!row) {
    log.warn("outbox.missing_row", { messageId: job.messageId });
    m.ack();
    return;
  }
  const message = row;
  const number = { e164: row.numberE164, carrier: row.carrier, credentials: row.credentials };
  if (SETTLED.has(message.status)) {
    m.ack();
    return;
  }
  const now = Date.now();
  // Consent again at send time: a STOP that arrived after the decision wins.
  if (requiresConsent(message.kind) && row.consent === "opt_out") {
    await env.DB.prepare(SUPPRESS_SQL).bind(now, message.id).run();
    message.status = "suppressed";
    log.info("outbox.suppressed", { messageId: message.id, businessId: message.businessId });
    m.ack();
    return;
  }

  if (!isCarrierName(number.carrier)) throw new Error(`unknown carrier ${number.carrier}`);
  const creds = await credentials(env.DATA_KEY, number.credentials);
  const started = Date.now();
  const result = await sendText(env, number.carrier, creds, {
    from: message.fromPhone,
    to: message.toPhone,
    body: message.body,
    callbackOrigin: job.callbackOrigin,
  });
  const attempts = message.attempts + 1;
  const done = Date.now();
  if (result.ok) {
    // A second delivery of this job later in the batch must see it sent.
    message.status = "sent";
    // If this write fails the text went out but is not recorded: the retry may send it twice
    // (the one duplicate window, see README).
    const sent = row.hasWebhook === 1 ? [eventStatement(env.DB, message.businessId, "text.sent", { messageId: message.id, to: message.toPhone, kind: message.kind }, { key: `sent_${message.id}` })] : [];
    const results = await state.record([env.DB.prepare(SENT_SQL).bind(result.carrierMessageId, attempts, done, done, message.id), ...sent.map((e) => e.statement)]);
    await queueEvents(env, sent.map((event, i) => ({ event, result: results[i + 1] })));
    log.info("outbox.sent", { messageId: message.id, businessId: message.businessId, number: number.e164, attempts, latencyMs: done - started, batch: state.size });
    m.ack();
    return;
  }
  message.attempts = attempts;
  if (result.kind === "retry") {
    const delay = backoffSeconds(attempt, base, result.retryAfterSeconds);
    await db
      .update(messages)
      .set({ status: "retrying", attempts, errorCode: result.code, errorMessage: result.message, updatedAt: done })
      .where(eq(messages.id, message.id));
    message.status = "retrying";
    log.warn("outbox.retry", { messageId: message.id, code: result.code, attempt, delaySeconds: delay });
    m.retry({ delaySeconds: delay });
    return;
  }
  const fail = db
    .update(messages)
    .set({ status: "failed", attempts, errorCode: result.code, errorMessage: result.message, updatedAt: done })
    .where(eq(messages.id, message.id));
  const problem = recipientProblemWrites(db, {
    businessId: message.businessId,
    phone: message.toPhone,
    code: result.code,
    message: result.message,
    messageId: message.id,
    at: done,
  });
  const events: RecordedEvent[] = [];
  if (row.hasWebhook === 1) {
    events.push(eventStatement(env.DB, message.businessId, "text.failed", { messageId: message.id, to: message.toPhone, errorCode: result.code }, { key: `failed_${message.id}` }));
    if (result.kind === "opted_out") {
      const data = { phone: message.toPhone, status: "opted_out", source: "carrier_error" };
      events.push(eventStatement(env.DB, message.businessId, "consent.changed", data, { key: `optout_${message.id}` }));
    }
  }
  // The carrier knows something about the recipient (21610 unsubscribed, 21614 landline…): keep it,
  // with the events that report it.
  const results = await env.DB.batch([...events.map((e) => e.statement), asStatement(env.DB, fail), ...problem.map((q) => asStatement(env.DB, q))]);
  message.status = "failed";
  await queueEvents(env, events.map((event, i) => ({ event, result: results[i] })));
  log.warn("outbox.failed", { messageId: message.id, code: result.code, kind: result.kind });
  m.ack();
}


/** `sms-outbound-dlq` consumer: the message exhausted its retries; keep it, visibly dead, for replay. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = drizzle(env.DB);
  for (const m of batch.messages) {
    const parsed = outboxJobSchema.safeParse(m.body);
    const job = parsed.success ? parsed.data : null;
    if (job && "webhookDeliveryId" in job) {
      await markWebhookDead(env, job.webhookDeliveryId);
    } else if (job) {
      // A written-behind call whose rows never reached D1 is recorded now, so the dead text shows.
      if (job.record) await env.DB.batch(callRecordStatements(env.DB, job.record, CALL_UPSERT_OVER_ANSWERED));
      await db
        .update(messages)
        .set({ status: "dead", updatedAt: Date.now() })
        .where(and(eq(messages.id, job.messageId), inArray(messages.status, ["queued", "retrying", "sending"])));
      log.error("outbox.dead", { messageId: job.messageId });
    }
    m.ack();
  }
}
