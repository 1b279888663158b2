/** Voicemails whose words could not be read from the carrier: listed among the dead letters, and retried by a person. */
import { HTTPException } from "hono/http-exception";
import { drizzle } from "drizzle-orm/d1";
import { findTranscript, requeueDeadTranscript } from "../db/transcripts";
import type { Env } from "../env";
import { log } from "../log";
import { audit } from "./audit";

/**
 * Read a dead voicemail's words again: back to `queued` (attempts are kept) and one job. Of two
 * clicks, only one finds it dead. A job the queue refuses stays `queued`, and the cron queues it.
 */
export async function retryDeadTranscript(env: Pick<Env, "DB" | "SMS_OUT">, args: { transcriptId: string; businessId: string }): Promise<void> {
  const row = await findTranscript(env.DB, args.transcriptId);
  if (!row || row.businessId !== args.businessId) throw new HTTPException(404, { message: "no such voicemail" });
  if (!(await requeueDeadTranscript(env.DB, row.id, row.businessId, Date.now()))) {
    throw new HTTPException(409, { message: `this voicemail's words are ${row.status === "queued" ? "already being read again" : "no longer waiting"}; only a dead read can be retried` });
  }
  await audit(drizzle(env.DB), "transcript.retry", "transcript", row.id, { attempts: row.attempts });
  try {
    await env.SMS_OUT.send({ transcriptId: row.id });
  } catch (e) {
    log.error("admin.enqueue_failed", { transcriptId: row.id, error: String(e) });
  }
}
