import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { isCarrierName, sendText } from "../carriers";
import type { SendResult } from "../carriers/types";
import { decryptCredentials } from "../crypto/credentials";
import { recipientProblemWrites } from "../db/recipients";
import { messages } from "../db/schema";
import { asStatement, insertRow } from "../db/statements";
import type { Env } from "../env";
import { log } from "../log";
import { eventStatement, queueEvents, type RecordedEvent } from "../notify/events";
import { requiresConsent } from "../rules/consent";
import { recipientProblem } from "../rules/delivery";
import { backoffSeconds } from "./backoff";
import type { OutboundTextJob } from "./jobs";
import { admit, refusedStatement, settingsOf, type BatchGuard } from "./guard";
import { alertDailyCap } from "./cap-alert";
import { landlineAtSend } from "./line-types";
import { landlineFailureAlert } from "./contact-texts";
import type { MessageRow } from "./load-batch";
import { leadFirstTextStatement } from "../db/leads";
import { TEXT_BACK_KINDS } from "../vocabulary";

/** Statuses after which the carrier must not be called again for this row. */
const SETTLED = new Set(["sent", "delivered", "undelivered", "failed", "suppressed", "dead"]);

const SUPPRESS_SQL = `UPDATE messages SET status = 'suppressed', error_code = 'opted_out', updated_at = ?1 WHERE id = ?2`;
const SENT_SQL = `UPDATE messages SET status = 'sent', carrier_message_id = ?1, attempts = ?2, sent_at = ?3,
  updated_at = ?4, error_code = NULL, error_message = NULL WHERE id = ?5`;

/** What the sends of one batch share: its rows, read up front, and a writer that groups their records. */
export interface SendBatch {
  rows: Map<string, MessageRow>;
  /** Write these statements together, in a D1 batch shared with other sends'; their results. */
  record: (stmts: D1PreparedStatement[]) => Promise<D1Result[]>;
  /** Messages in the batch (logged: how much the per-batch round trips are shared). */
  size: number;
  /** First retry delay, seconds (OUTBOX_RETRY_BASE_SECONDS). */
  base: number;
  /** The cost guard's counts for this batch (outbox/guard.ts). */
  guard: BatchGuard;
  /** Texts whose caller's line type this batch asked about before writing them (outbox/line-types.ts). */
  screened?: ReadonlySet<string>;
}

type Failure = Extract<SendResult, { ok: false }>;

/**
 * Send one text job: one carrier request per message row, ever. A row already settled is acked;
 * consent is checked again at send time, then the cost guard (outbox/guard.ts); 429/5xx/network errors retry with exponential backoff;
 * permanent errors fail once and keep their code.
 */
export async function sendTextJob(env: Env, job: OutboundTextJob, m: Message<unknown>, batch: SendBatch): Promise<void> {
  const row = batch.rows.get(job.messageId);
  if (!row) {
    log.warn("outbox.missing_row", { messageId: job.messageId });
    m.ack();
    return;
  }
  if (SETTLED.has(row.status)) {
    m.ack();
    return;
  }
  // Consent again at send time: a STOP that arrived after the decision wins.
  if (requiresConsent(row.kind) && row.consent === "opt_out") {
    await env.DB.prepare(SUPPRESS_SQL).bind(Date.now(), row.id).run();
    row.status = "suppressed";
    log.info("outbox.suppressed", { messageId: row.id, businessId: row.businessId });
    m.ack();
    return;
  }
  // A landline gets no text (setting lookupLineType): asked here if the call was not screened.
  if (await landlineAtSend(env, row, settingsOf(row, batch.guard), batch.screened ?? new Set(), Date.now(), job.callbackOrigin)) {
    m.ack();
    return;
  }
  // The cost guard, here because every outbound text passes here: a refused one is never sent.
  const refusal = admit(row, batch.guard);
  if (refusal) {
    const settings = settingsOf(row, batch.guard);
    await batch.record([refusedStatement(env.DB, row, refusal, Date.now(), settings)]);
    row.status = "suppressed";
    // The owner hears of it once a day (past the runaway bound their own texts are stopped too).
    if (refusal === "business_daily_cap") {
      await alertDailyCap(env, row, settings, batch.guard, job.callbackOrigin).catch((e: unknown) => log.error("outbox.cap_alert_failed", { businessId: row.businessId, error: String(e) }));
    }
    m.ack();
    return;
  }
  if (!isCarrierName(row.carrier)) throw new Error(`unknown carrier ${row.carrier}`);
  const creds = await decryptCredentials(env.DATA_KEY, row.credentials);
  const started = Date.now();
  const result = await sendText(env, row.carrier, creds, { from: row.fromPhone, to: row.toPhone, body: row.body, callbackOrigin: job.callbackOrigin });
  const attempts = row.attempts + 1;
  if (result.ok) await recordSent(env, row, result.carrierMessageId, { attempts, started, batch });
  else if (result.kind === "retry") await scheduleRetry(env, row, result, attempts, m, batch.base);
  else await recordFailure(env, row, result, attempts);
  if (result.ok || result.kind !== "retry") m.ack();
}

async function recordSent(env: Env, row: MessageRow, carrierMessageId: string, { attempts, started, batch }: { attempts: number; started: number; batch: SendBatch }) {
  const done = Date.now();
  // A second delivery of this job later in the batch must see it sent.
  row.status = "sent";
  const events = row.hasWebhook === 1 ? [eventStatement(env.DB, row.businessId, "text.sent", { messageId: row.id, to: row.toPhone, kind: row.kind }, { key: `sent_${row.id}` })] : [];
  // If this write fails the text went out but is not recorded: the retry may send it twice (the one
  // duplicate window, see README).
  const firstText = (TEXT_BACK_KINDS as readonly string[]).includes(row.kind) ? [leadFirstTextStatement(env.DB, row.businessId, row.toPhone, done)] : [];
  const results = await batch.record([env.DB.prepare(SENT_SQL).bind(carrierMessageId, attempts, done, done, row.id), ...events.map((e) => e.statement), ...firstText]);
  await queueEvents(env, events.map((event, i) => ({ event, result: results[i + 1] })));
  log.info("outbox.sent", { messageId: row.id, businessId: row.businessId, number: row.numberE164, attempts, latencyMs: done - started, batch: batch.size });
}

async function scheduleRetry(env: Env, row: MessageRow, result: Failure, attempts: number, m: Message<unknown>, base: number) {
  const delay = backoffSeconds(m.attempts, base, result.retryAfterSeconds);
  await drizzle(env.DB)
    .update(messages)
    .set({ status: "retrying", attempts, errorCode: result.code, errorMessage: result.message, updatedAt: Date.now() })
    .where(eq(messages.id, row.id));
  row.status = "retrying";
  row.attempts = attempts;
  log.warn("outbox.retry", { messageId: row.id, code: result.code, attempt: m.attempts, delaySeconds: delay });
  m.retry({ delaySeconds: delay });
}

/**
 * A permanent failure: the row keeps its code, and what the carrier said about the recipient (21610
 * unsubscribed, 21614 landline…) is kept with the events that report it; a text-back refused as a
 * landline's tells the owner to call them back.
 */
async function recordFailure(env: Env, row: MessageRow, result: Failure, attempts: number) {
  const db = drizzle(env.DB);
  const done = Date.now();
  const fail = db
    .update(messages)
    .set({ status: "failed", attempts, errorCode: result.code, errorMessage: result.message, updatedAt: done })
    .where(eq(messages.id, row.id));
  const problem = recipientProblemWrites(db, recipientProblem(result.code), {
    businessId: row.businessId,
    phone: row.toPhone,
    code: result.code,
    message: result.message,
    messageId: row.id,
    at: done,
  });
  const events: RecordedEvent[] = [];
  if (row.hasWebhook === 1) {
    events.push(eventStatement(env.DB, row.businessId, "text.failed", { messageId: row.id, to: row.toPhone, status: "failed", errorCode: result.code }, { key: `failed_${row.id}` }));
    if (result.kind === "opted_out") {
      const data = { phone: row.toPhone, status: "opted_out", source: "carrier_error" };
      events.push(eventStatement(env.DB, row.businessId, "consent.changed", data, { key: `optout_${row.id}` }));
    }
  }
  // A text-back refused as a landline's: the owner calls them back (once per call).
  const alert = landlineFailureAlert(row, result.code, done);
  const alertWrite = alert ? [insertRow(env.DB, messages, alert.row, "ON CONFLICT DO NOTHING")] : [];
  const results = await env.DB.batch([...events.map((e) => e.statement), asStatement(env.DB, fail), ...problem.map((q) => asStatement(env.DB, q)), ...alertWrite]);
  row.status = "failed";
  row.attempts = attempts;
  await queueEvents(env, events.map((event, i) => ({ event, result: results[i] })));
  if (alert) await env.SMS_OUT.send(alert.job);
  log.warn("outbox.failed", { messageId: row.id, code: result.code, kind: result.kind });
}
