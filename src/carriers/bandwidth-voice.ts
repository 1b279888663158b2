/**
 * What Textback reads from Bandwidth's Voice API: a recording's transcription (bandwidth.yml
 * `getRecordingTranscription`, `GET /api/v2/accounts/{accountId}/calls/{callId}/recordings/{recordingId}/transcription`,
 * with the number's API credential's bearer token).
 */
import type { TranscriptRead } from "../rules/transcripts";
import type { BandwidthCredentials } from "./bandwidth";
import { bandwidthFetch } from "./bandwidth-token";

const FETCH_TIMEOUT_MS = 10_000;

export interface BandwidthVoiceEnv {
  BANDWIDTH_VOICE_API_BASE: string;
  BANDWIDTH_TOKEN_URL: string;
}

/**
 * The words of a recording. Its `transcripts` hold one item per channel, the caller's (or the
 * recorded party's) first; a `<Record>` voicemail has only that one. The account is the number's
 * own, never one a callback names.
 */
export async function readBandwidthTranscription(env: BandwidthVoiceEnv, creds: BandwidthCredentials, callId: string, recordingId: string): Promise<TranscriptRead> {
  const path = `/api/v2/accounts/${creds.accountId}/calls/${encodeURIComponent(callId)}/recordings/${encodeURIComponent(recordingId)}/transcription`;
  let res: Response;
  try {
    res = await bandwidthFetch(env.BANDWIDTH_TOKEN_URL, creds, `${env.BANDWIDTH_VOICE_API_BASE.replace(/\/$/, "")}${path}`, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch {
    return { ok: false, failure: "network" };
  }
  if (!res.ok) return { ok: false, failure: res.status };
  const body = (await res.json().catch(() => null)) as { transcripts?: Array<{ text?: unknown }> } | null;
  const first = Array.isArray(body?.transcripts) ? body.transcripts[0]?.text : undefined;
  return { ok: true, text: typeof first === "string" ? first : "" };
}
