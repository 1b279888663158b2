import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { callRecordStatements, CALL_UPSERT_OVER_ANSWERED } from "../db/call-record";
import { messages } from "../db/schema";
import type { Env } from "../env";
import { log } from "../log";
import { markEventDead } from "../notify/deliver";
import { settleTranscript } from "../db/transcripts";
import { outboxJobSchema } from "./jobs";
import { callLeadStatements } from "../leads/record";

/** `sms-outbound-dlq` consumer: the job exhausted its retries; keep it, visibly dead, for replay. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = drizzle(env.DB);
  for (const m of batch.messages) {
    const parsed = outboxJobSchema.safeParse(m.body);
    const job = parsed.success ? parsed.data : null;
    if (job && "webhookDeliveryId" in job) {
      await markEventDead(env, job.webhookDeliveryId);
    } else if (job && "transcriptId" in job) {
      // Listed on the admin's dead letters with its last error, to retry once the cause is fixed.
      await settleTranscript(env.DB, job.transcriptId, { status: "dead", attempted: false }, Date.now());
      log.error("outbox.transcript_dead", { transcriptId: job.transcriptId });
    } else if (job) {
      // A written-behind call whose rows never reached D1 is recorded now, so the dead text shows.
      if (job.record) await env.DB.batch([...callRecordStatements(env.DB, job.record, CALL_UPSERT_OVER_ANSWERED), ...callLeadStatements(env.DB, job.record.call, job.record.callerIdName ?? null)]);
      await db
        .update(messages)
        .set({ status: "dead", updatedAt: Date.now() })
        .where(and(eq(messages.id, job.messageId), inArray(messages.status, ["queued", "retrying", "sending"])));
      log.error("outbox.dead", { messageId: job.messageId });
    }
    m.ack();
  }
}
