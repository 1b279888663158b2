/**
 * The second half of a Vonage or Bandwidth transcription callback, on the queue: read the words
 * from the carrier and hand them to the line (transcriptToLine), retrying with the outbox's backoff
 * while the carrier fails. Here rather than in outbox/ because it does what a webhook does (load
 * the number's line, read the carrier, hand to the line); src/index.ts routes its jobs here.
 */
import { bandwidthCredentialsSchema, isBandwidthApiUser } from "../carriers/bandwidth";
import { readBandwidthTranscription } from "../carriers/bandwidth-voice";
import { vonageCredentialsSchema } from "../carriers/vonage";
import { readVonageTranscription } from "../carriers/vonage-transcription";
import { decryptCredentials } from "../crypto/credentials";
import { findTranscript, OPEN_TRANSCRIPT_STATUSES, settleTranscript } from "../db/transcripts";
import type { VoicemailTranscriptRow } from "../db/transcripts-schema";
import type { Env } from "../env";
import { log } from "../log";
import { backoffSeconds } from "../outbox/backoff";
import { transcriptJobSchema } from "../outbox/jobs";
import { API_USER_RETIRED } from "../rules/carrier-errors";
import { failureCode, NUMBER_REMOVED, transcriptVerdict, type TranscriptRead } from "../rules/transcripts";
import { loadLine, type LoadedLine } from "./line-config";
import { transcriptToLine } from "./voicemail";

const TRANSCRIPT_BACKOFF_FACTOR = 30;

/**
 * Transcript jobs of an `sms-outbound` batch. Copies of one job run one after the other, so the
 * second finds the read settled and asks the carrier nothing; different calls' reads run side by side.
 */
export async function readTranscripts(messages: readonly Message<unknown>[], env: Env): Promise<void> {
  // Words can wait where a text-back cannot: the queue's few retries spread over ~20 minutes (60 s,
  // doubling to the 300 s cap) instead of ~2, so a media API outage of that long loses nothing.
  const base = Number(env.OUTBOX_RETRY_BASE_SECONDS ?? "2") * TRANSCRIPT_BACKOFF_FACTOR;
  const byId = new Map<string, Message<unknown>[]>();
  for (const m of messages) {
    const parsed = transcriptJobSchema.safeParse(m.body);
    if (!parsed.success) {
      log.warn("outbox.malformed", { queueMessageId: m.id });
      m.ack();
      continue;
    }
    byId.set(parsed.data.transcriptId, [...(byId.get(parsed.data.transcriptId) ?? []), m]);
  }
  await Promise.all(
    [...byId].map(async ([id, copies]) => {
      for (const m of copies) {
        try {
          if ((await readTranscript(env, id)) === "retry") m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
          else m.ack();
        } catch (e) {
          // A bug or a D1 hiccup: tried again, and after the last retry the read is dead, not lost.
          log.error("outbox.error", { queueMessageId: m.id, transcriptId: id, error: String(e) });
          m.retry({ delaySeconds: backoffSeconds(m.attempts, base) });
        }
      }
    }),
  );
}

/**
 * One read: the words to the line once (the line dedupes the call's words however often this
 * runs), a 404 settled as gone, anything else left to the queue's next attempt.
 */
async function readTranscript(env: Env, id: string): Promise<"done" | "retry"> {
  const row = await findTranscript(env.DB, id);
  if (!row || !(OPEN_TRANSCRIPT_STATUSES as readonly string[]).includes(row.status)) return "done";
  const line = await loadLine(env.DB, row.toPhone, row.fromPhone);
  if (!line || line.context.number.id !== row.numberId) {
    await settleTranscript(env.DB, id, { status: "gone", attempted: false, lastError: NUMBER_REMOVED }, Date.now());
    return "done";
  }
  const read = await readWords(env, line, row);
  const verdict = transcriptVerdict(read);
  const fields = { carrier: row.carrier, businessId: row.businessId, callId: row.carrierCallId, transcriptId: id };
  if (read.ok) {
    const asked = await transcriptToLine(env, line, row.origin, { carrier: row.carrier, callId: row.carrierCallId, from: row.fromPhone, text: read.text });
    await settleTranscript(env.DB, id, { status: asked ? "delivered" : "empty", attempted: true }, Date.now());
    return "done";
  }
  const lastError = failureCode(read.failure);
  log.warn("outbox.transcript_unread", { ...fields, error: lastError, verdict });
  await settleTranscript(env.DB, id, { status: verdict === "gone" ? "gone" : "retrying", attempted: true, lastError }, Date.now());
  return verdict === "gone" ? "done" : "retry";
}

/** Ask the number's carrier for the words, with the number's own credentials. */
async function readWords(env: Env, line: LoadedLine, row: VoicemailTranscriptRow): Promise<TranscriptRead> {
  const creds = await decryptCredentials(env.DATA_KEY, line.credentials);
  if (row.carrier === "vonage") return readVonageTranscription(row.source, env.VONAGE_API_BASE, vonageCredentialsSchema.parse(creds));
  if (row.carrier === "bandwidth") {
    // Kept for a retry: the recording outlives the days it takes to replace the credentials.
    if (isBandwidthApiUser(creds)) return { ok: false, failure: API_USER_RETIRED };
    return readBandwidthTranscription(env, bandwidthCredentialsSchema.parse(creds), row.carrierCallId, row.source);
  }
  throw new Error(`${row.carrier} voicemails carry their words; nothing to read`);
}
