import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { isCarrierName, sendText } from "../carriers";
import { decryptSecret } from "../crypto/secrets";
import { recipientProblemWrites } from "../db/recipients";
import { messages, type numbers } from "../db/schema";
import type { Env } from "../env";
import { log } from "../log";
import { requiresConsent } from "../rules/consent";
import { backoffSeconds } from "./backoff";
import { deliverWebhook, emitEvent, markWebhookDead } from "../notify/webhooks";
import { outboxJobSchema, type OutboundText } from "./outbound-text";

/** Statuses after which the carrier must not be called again for this row. */
const SETTLED = new Set(["sent", "delivered", "undelivered", "failed", "suppressed", "dead"]);

type Db = ReturnType<typeof drizzle>;

/**
 * One round trip per send: the message, its number, whether the business takes event webhooks, and
 * the recipient's newest opt-out/opt-in. Static SQL (no query built per message); indexed, see
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
WHERE m.id = ?1
LIMIT 1`;

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
const credentialCache = new Map<string, unknown>();

async function credentials(dataKey: string, ciphertext: string): Promise<unknown> {
  let creds = credentialCache.get(ciphertext);
  if (creds === undefined) {
    creds = JSON.parse(await decryptSecret(dataKey, ciphertext)) as unknown;
    if (credentialCache.size >= 500) credentialCache.clear();
    credentialCache.set(ciphertext, creds);
  }
  return creds;
}

/**
 * `sms-outbound` consumer: one carrier request per message row, ever. A redelivered message whose row
 * is already settled is acked; 429/5xx/network errors retry with exponential backoff; permanent
 * errors fail once and keep their code.
 */
export async function consumeOutbound(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = drizzle(env.DB);
  const base = Number(env.OUTBOX_RETRY_BASE_SECONDS ?? "2");
  // Messages of a batch are independent (different callers, often different numbers): one slow
  // carrier answer must not hold the others back, so they are sent side by side. Two deliveries of
  // the same job in one batch run one after the other, so the second sees the first one's result.
  const groups = new Map<string, Message<unknown>[]>();
  for (const m of batch.messages) {
    const body = m.body as { messageId?: unknown; webhookDeliveryId?: unknown } | null;
    const key = String(body?.messageId ?? body?.webhookDeliveryId ?? m.id);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  await Promise.all(
    [...groups.values()].map(async (same) => {
      for (const m of same) await consumeOne(db, env, m, base);
    }),
  );
}

async function consumeOne(db: Db, env: Env, m: Message<unknown>, base: number): Promise<void> {
  const parsed = outboxJobSchema.safeParse(m.body);
  if (!parsed.success) {
    log.warn("outbox.malformed", { queueMessageId: m.id });
    m.ack();
    return;
  }
  const job = parsed.data;
  try {
    if ("webhookDeliveryId" in job) {
      const r = await deliverWebhook(env, job.webhookDeliveryId);
      if (r === "retry") m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
      else m.ack();
    } else {
      await deliver(db, env, job, m.attempts, base, m);
    }
  } catch (e) {
    // A bug or a D1 hiccup: retry the message; after max_retries it reaches the DLQ, not the void.
    log.error("outbox.error", { queueMessageId: m.id, error: String(e) });
    m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
  }
}

async function deliver(
  db: Db,
  env: Env,
  job: OutboundText,
  attempt: number,
  base: number,
  m: Message<unknown>,
): Promise<void> {
  const row = await env.DB.prepare(MESSAGE_SQL).bind(job.messageId).first<MessageRow>();
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
    await env.DB.prepare(SENT_SQL).bind(result.carrierMessageId, attempts, done, done, message.id).run();
    if (row.hasWebhook === 1) {
      await emitEvent(env, message.businessId, "text.sent", { messageId: message.id, to: message.toPhone, kind: message.kind });
    }
    log.info("outbox.sent", { messageId: message.id, businessId: message.businessId, number: number.e164, attempts, latencyMs: done - started });
    m.ack();
    return;
  }
  if (result.kind === "retry") {
    const delay = backoffSeconds(attempt, base, result.retryAfterSeconds);
    await db
      .update(messages)
      .set({ status: "retrying", attempts, errorCode: result.code, errorMessage: result.message, updatedAt: done })
      .where(eq(messages.id, message.id));
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
  // The carrier knows something about the recipient (21610 unsubscribed, 21614 landline…): keep it.
  if (problem.length > 0) await db.batch([fail, ...problem]);
  else await fail;
  await emitEvent(env, message.businessId, "text.failed", { messageId: message.id, to: message.toPhone, errorCode: result.code });
  if (result.kind === "opted_out") {
    await emitEvent(env, message.businessId, "consent.changed", { phone: message.toPhone, status: "opted_out", source: "carrier_error" });
  }
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
      await db
        .update(messages)
        .set({ status: "dead", updatedAt: Date.now() })
        .where(and(eq(messages.id, job.messageId), inArray(messages.status, ["queued", "retrying", "sending"])));
      log.error("outbox.dead", { messageId: job.messageId });
    }
    m.ack();
  }
}
