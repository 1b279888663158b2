import type { Env } from "../env";
import { log } from "../log";
import { deliverEvent } from "../notify/deliver";
import { queueEvents } from "../notify/events";
import { backoffSeconds } from "./backoff";
import { groupWriter } from "./group-writer";
import { sendJobSchema, type OutboundTextJob, type SendJob, type WriteBehindRecord } from "./jobs";
import { batchGuard } from "./guard";
import { loadBatch } from "./load-batch";
import { sendTextJob, type SendBatch } from "./send";
import { settleRefused, writeBehindStatements, writtenEvents } from "./write-behind";
import { lineTypeWrites } from "./line-types";

interface Job {
  m: Message<unknown>;
  job: SendJob;
}

/**
 * `sms-outbound` consumer: texts to send and events to deliver. D1 round trips are per batch, not per
 * message: one D1 batch writes the batch's written-behind records and reads every text job's row
 * (with the consent re-check), and sends that finish together are recorded in one D1 batch before
 * each is acked. Under load the queue hands over several messages at a time, so a text costs a
 * fraction of each round trip.
 */
export async function consumeOutbound(messages: readonly Message<unknown>[], env: Env): Promise<void> {
  const base = Number(env.OUTBOX_RETRY_BASE_SECONDS ?? "2");
  const jobs = parseJobs(messages);
  const texts = jobs.flatMap((j) => ("messageId" in j.job ? [{ m: j.m, job: j.job }] : []));
  const sends: SendBatch = { rows: new Map(), record: groupWriter(env.DB), size: messages.length, base, guard: batchGuard() };
  const records = texts.flatMap(({ m, job }) => (job.record ? [{ m, job, record: job.record }] : []));
  // call.missed for the calls recorded just now (written in the same batch): queued beside the
  // sends, not ahead of them.
  const events: Promise<unknown>[] = [];
  let loaded = true;
  if (texts.length > 0) {
    try {
      // Landline answers first: the records' text rows are written only for callers that are not.
      const lineTypes = await lineTypeWrites(env, records.map((r) => r.record), Date.now());
      sends.screened = lineTypes.screened;
      const { writes, events: missed } = writeBehindStatements(env.DB, records.map((r) => r.record));
      const businessIds = [...new Set(texts.map((t) => t.job.businessId))];
      const read = await loadBatch(env.DB, [...new Set(texts.map((t) => t.job.messageId))], [...lineTypes.writes, ...writes], { businessIds, now: Date.now() });
      sends.rows = read.rows;
      sends.guard = batchGuard(read.sentLastDay);
      events.push(queueEvents(env, writtenEvents(missed, read.results.slice(lineTypes.writes.length))));
    } catch (e) {
      // D1 unreachable: every text job waits for the next attempt; nothing was sent.
      loaded = false;
      log.error("outbox.error", { error: String(e) });
      for (const { m } of texts) m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
    }
  }
  const settled = loaded ? await settleRefusedRecords(env, records, sends) : new Set(texts.map((t) => t.m));
  // Messages of a batch are independent (different callers, often different numbers): one slow
  // carrier answer must not hold the others back, so they are sent side by side. Two deliveries of
  // the same job in one batch run one after the other, so the second sees the first one's result.
  const sameJob = new Map<string, Job[]>();
  for (const j of jobs) {
    const key = "messageId" in j.job ? j.job.messageId : j.job.webhookDeliveryId;
    sameJob.set(key, [...(sameJob.get(key) ?? []), j]);
  }
  await Promise.all([
    ...[...sameJob.values()].map(async (same) => {
      for (const { m, job } of same) if (!settled.has(m)) await consumeOne(env, m, job, sends);
    }),
    ...events,
  ]);
}

function parseJobs(messages: readonly Message<unknown>[]): Job[] {
  const jobs: Job[] = [];
  for (const m of messages) {
    const parsed = sendJobSchema.safeParse(m.body);
    if (parsed.success) jobs.push({ m, job: parsed.data });
    else {
      log.warn("outbox.malformed", { queueMessageId: m.id });
      m.ack();
    }
  }
  return jobs;
}

/**
 * Written-behind texts D1 refused (their rows are not there to read) are settled here, once per
 * text (a second copy of the job in the batch is acknowledged); the rest go on to be sent, and so
 * does a customer's own text written in a refused one's place.
 */
async function settleRefusedRecords(
  env: Env,
  records: { m: Message<unknown>; job: OutboundTextJob; record: WriteBehindRecord }[],
  sends: SendBatch,
): Promise<Set<Message<unknown>>> {
  const settled = new Set<Message<unknown>>();
  const refused = new Set<string>();
  for (const r of records) {
    const id = r.job.messageId;
    if (sends.rows.has(id)) continue;
    settled.add(r.m);
    if (refused.has(id)) r.m.ack();
    else {
      refused.add(id);
      if ((await settleRefused(env, r.m, r.job, r.record, sends)) === "send") settled.delete(r.m);
    }
  }
  return settled;
}

async function consumeOne(env: Env, m: Message<unknown>, job: SendJob, sends: SendBatch): Promise<void> {
  try {
    if ("webhookDeliveryId" in job) {
      const r = await deliverEvent(env, job.webhookDeliveryId, { attempts: m.attempts, baseSeconds: sends.base });
      // The first retries are the queue's; later ones, a day's worth, the cron's (notify/deliver.ts).
      if (r.queueRetrySeconds !== undefined) m.retry({ delaySeconds: r.queueRetrySeconds });
      else m.ack();
    } else {
      await sendTextJob(env, job, m, sends);
    }
  } catch (e) {
    // A bug or a D1 hiccup: retry the message; after max_retries it reaches the DLQ, not the void.
    log.error("outbox.error", { queueMessageId: m.id, error: String(e) });
    m.retry({ delaySeconds: backoffSeconds(m.attempts, sends.base) });
  }
}
