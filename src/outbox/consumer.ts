import { and, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { isCarrierName, sendText } from "../carriers";
import { decryptSecret } from "../crypto/secrets";
import { recipientProblemWrites } from "../db/recipients";
import { consentEvents, messages, numbers } from "../db/schema";
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
  // One round trip: the message, its number, and the recipient's newest opt-out/opt-in.
  const [row] = await db
    .select({
      message: messages,
      number: { e164: numbers.e164, carrier: numbers.carrier, credentials: numbers.credentials },
      consent: sql<string | null>`(SELECT ${consentEvents.kind} FROM ${consentEvents}
        WHERE ${consentEvents.businessId} = ${messages.businessId} AND ${consentEvents.phone} = ${messages.toPhone}
          AND ${consentEvents.kind} IN ('opt_out', 'opt_in')
        ORDER BY ${consentEvents.at} DESC, ${consentEvents.id} DESC LIMIT 1)`,
    })
    .from(messages)
    .innerJoin(numbers, eq(numbers.id, messages.numberId))
    .where(eq(messages.id, job.messageId))
    .limit(1);
  if (!row) {
    log.warn("outbox.missing_row", { messageId: job.messageId });
    m.ack();
    return;
  }
  const { message, number } = row;
  if (SETTLED.has(message.status)) {
    m.ack();
    return;
  }
  const now = Date.now();
  // Consent again at send time: a STOP that arrived after the decision wins.
  if (requiresConsent(message.kind) && row.consent === "opt_out") {
    await db
      .update(messages)
      .set({ status: "suppressed", errorCode: "opted_out", updatedAt: now })
      .where(eq(messages.id, message.id));
    log.info("outbox.suppressed", { messageId: message.id, businessId: message.businessId });
    m.ack();
    return;
  }

  if (!isCarrierName(number.carrier)) throw new Error(`unknown carrier ${number.carrier}`);
  const creds: unknown = JSON.parse(await decryptSecret(env.DATA_KEY, number.credentials));
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
    await db
      .update(messages)
      .set({ status: "sent", carrierMessageId: result.carrierMessageId, attempts, sentAt: done, updatedAt: done, errorCode: null, errorMessage: null })
      .where(eq(messages.id, message.id));
    await emitEvent(env, message.businessId, "text.sent", { messageId: message.id, to: message.toPhone, kind: message.kind });
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
