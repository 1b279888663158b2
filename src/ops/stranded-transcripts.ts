/** The cron's safety net for voicemail reads the webhook recorded but could not queue (webhooks/voicemail.ts queueTranscriptRead). */
import { settleTranscript, strandedTranscripts } from "../db/transcripts";
import type { Env } from "../env";
import { log } from "../log";

/** A read recorded `queued` this long ago and never picked up did not reach the queue. */
const STRANDED_AFTER_MS = 10 * 60_000;

/**
 * Queue again the reads recorded but never queued, oldest first; each is marked `retrying` once
 * queued, so a slow queue is not fed the same read on every run. One that was in the queue after
 * all is read twice at most, and its words reach the line once (the line dedupes the call's words).
 */
export async function requeueStrandedTranscripts(env: Env, now: number, limit = 100): Promise<number> {
  const ids = await strandedTranscripts(env.DB, now - STRANDED_AFTER_MS, limit);
  if (ids.length === 0) return 0;
  await env.SMS_OUT.sendBatch(ids.map((transcriptId) => ({ body: { transcriptId } })));
  for (const id of ids) await settleTranscript(env.DB, id, { status: "retrying", attempted: false }, now);
  log.warn("ops.transcripts_requeued", { count: ids.length });
  return ids.length;
}
