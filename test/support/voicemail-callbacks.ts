/**
 * A voicemail left on a Vonage or Bandwidth number, as its carrier reports it: a transcription
 * callback that says the words are ready (and where), the words stored at the carrier's API
 * (voicemail-apis.ts). And the queue jobs that read them, held back so a test runs them itself.
 */
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { bandwidthAuth } from "./carriers";
import { bandwidthCallback } from "./carriers-bandwidth";
import type { VoicemailSetup } from "./voicemail";
import { vonageWebhook } from "./vonage";

export interface LeftVoicemail {
  /** The caller's call at the carrier. */
  callId: string;
  /** The carrier's transcription callback for it, the same body each time (a retried delivery). */
  callback: () => Promise<Response>;
}

/**
 * The caller left a voicemail whose words are `words`, or that the carrier does not have (null:
 * its API answers 404).
 */
export async function leaveVoicemail(s: VoicemailSetup, words: string | null): Promise<LeftVoicemail> {
  const key = `k-${crypto.randomUUID()}`;
  if (words !== null) s.carrier.voicemail.transcripts.set(key, words);
  return s.line.carrier === "vonage" ? vonageVoicemail(s, key) : bandwidthVoicemail(s, key);
}

async function vonageVoicemail(s: VoicemailSetup, file: string): Promise<LeftVoicemail> {
  const callId = crypto.randomUUID();
  const answer = await vonageWebhook("/webhooks/vonage/answer", { uuid: callId, conversation_uuid: `CON-${callId}`, from: s.caller.slice(1), to: s.line.e164.slice(1) }, s.line);
  const ncco = (await answer.json()) as Array<{ action: string; transcription?: { eventUrl: string[] } }>;
  const url = ncco.find((a) => a.action === "record")!.transcription!.eventUrl[0]!;
  const body = { conversation_uuid: `CON-${callId}`, type: "transcription", recording_uuid: crypto.randomUUID(), status: "transcribed", transcription_url: `https://api.nexmo.com/v1/files/${file}` };
  return { callId, callback: () => vonageWebhook(url, body, s.line) };
}

async function bandwidthVoicemail(s: VoicemailSetup, recordingId: string): Promise<LeftVoicemail> {
  const callId = `c-${crypto.randomUUID()}`;
  const at = new Date().toISOString();
  const body = {
    eventType: "transcriptionAvailable", eventTime: at, accountId: "9900000", applicationId: crypto.randomUUID(), from: s.caller, to: s.line.e164,
    direction: "inbound", callId, recordingId, startTime: at, endTime: at, duration: "PT12S", fileFormat: "wav",
    transcription: { id: `t-${crypto.randomUUID()}`, status: "available", completedTime: at },
  };
  return { callId, callback: () => bandwidthCallback("/webhooks/bandwidth/voicemail-transcription", body, bandwidthAuth(s.line)) };
}

/**
 * Transcript reads the webhook queues are kept here instead of reaching the queue (run them with
 * runQueueBatch); every other job goes to the queue as usual. Restored by vi.restoreAllMocks.
 */
export function holdTranscriptJobs(): unknown[] {
  const held: unknown[] = [];
  const send = env.SMS_OUT.send.bind(env.SMS_OUT);
  vi.spyOn(env.SMS_OUT, "send").mockImplementation(async (body, opts) => {
    if (typeof body === "object" && body !== null && "transcriptId" in body) held.push(body);
    else return send(body, opts);
    return undefined as never;
  });
  return held;
}
