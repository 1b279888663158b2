/**
 * A voicemail's words, from whichever carrier transcribed them, handed to the number's line; and,
 * for carriers whose callback only says they are ready, the read of them queued.
 */
import { recordTranscript } from "../db/transcripts";
import type { Env } from "../env";
import type { CarrierName } from "../vocabulary";
import type { LineContext } from "../line/types";
import { lineStub } from "../line/stub";
import { log } from "../log";
import type { LoadedLine } from "./line-config";

export interface Transcript {
  carrier: CarrierName;
  /** The caller's call (its leg's id at the carrier): a retried callback carries the same one. */
  callId: string;
  /** The caller, empty when withheld. */
  from: string;
  text: string;
}

/**
 * Triaged like a reply (an emergency pages the on-call, otherwise the owner gets the words), once per
 * call however often the carrier retries: the line dedupes on `vm_<call id>`. Words from nobody (a
 * withheld caller) or no words at all do nothing. Returns whether the line was asked.
 */
export async function transcriptToLine(env: Pick<Env, "LINE">, line: LoadedLine, base: string, t: Transcript): Promise<boolean> {
  const text = t.text.trim();
  if (text === "" || t.from === "") return false;
  const ctx: LineContext = { ...line.context, publicBaseUrl: base };
  const msg = { carrier: t.carrier, carrierMessageId: `vm_${t.callId}`, from: t.from, to: ctx.number.e164, body: text, carrierConfirmed: false, transcript: true, at: Date.now() } as const;
  const r = await lineStub(env, ctx.number.e164).handleInboundText(msg, ctx);
  log.info("webhook.voicemail_transcription", { carrier: t.carrier, businessId: ctx.business.id, callId: t.callId, decision: r.decision, duplicate: r.duplicate });
  return true;
}

/** A transcription the carrier made but did not send (Vonage, Bandwidth): where its words are read from. */
export interface ReadyTranscript {
  carrier: CarrierName;
  callId: string;
  /** The caller, never withheld (a withheld caller's words go nowhere, so nothing is read). */
  from: string;
  /** Vonage's `transcription_url`, Bandwidth's recording id. */
  source: string;
}

/**
 * Record that a call's words are ready and queue their read (transcript-job.ts), so the webhook
 * answers at once and a carrier failure costs a retry, not the words. A callback delivered again
 * finds the call recorded and queues nothing. A job the queue refuses stays `queued` in D1, and the
 * cron queues it again (requeueStrandedTranscripts). Returns whether this callback was the first.
 */
export async function queueTranscriptRead(env: Pick<Env, "DB" | "SMS_OUT">, line: LoadedLine, base: string, t: ReadyTranscript): Promise<boolean> {
  const { business, number } = line.context;
  const id = await recordTranscript(
    env.DB,
    { businessId: business.id, numberId: number.id, carrier: t.carrier, carrierCallId: t.callId, toPhone: number.e164, fromPhone: t.from, source: t.source, origin: base },
    Date.now(),
  );
  log.info("webhook.voicemail_transcription_ready", { carrier: t.carrier, businessId: business.id, callId: t.callId, duplicate: id === null });
  if (id === null) return false;
  try {
    await env.SMS_OUT.send({ transcriptId: id });
  } catch (e) {
    log.error("webhook.transcript_not_queued", { transcriptId: id, error: String(e) });
  }
  return true;
}
