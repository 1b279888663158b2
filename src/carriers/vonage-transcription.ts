/**
 * A recording's transcription at Vonage: the `transcription_url` of a record action's transcription
 * event, a media file read with the application's JWT, holding `channels[].transcript[].sentence`.
 */
import type { TranscriptRead } from "../rules/transcripts";
import type { VonageCredentials } from "./vonage";
import { vonageApplicationToken } from "./vonage-jwt";

const FETCH_TIMEOUT_MS = 10_000;

/**
 * Whether `url` is Vonage's to be sent our application's token: https on a Vonage API host (or the
 * configured API origin's, the local simulator). The event is signed, but a token is never sent to
 * a host we do not know.
 *
 * @example isVonageMediaUrl("https://api.nexmo.com/v1/files/aaaa", "https://api.nexmo.com") // true
 * @example isVonageMediaUrl("https://example.com/v1/files/aaaa", "https://api.nexmo.com") // false
 */
export function isVonageMediaUrl(url: string, apiBase: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  const ours = new URL(apiBase);
  if (u.origin === ours.origin) return true;
  return u.protocol === "https:" && (/(^|\.)nexmo\.com$/.test(u.hostname) || /(^|\.)vonage\.com$/.test(u.hostname));
}

/** The caller's words: every sentence of the first channel (a voicemail records the caller alone). */
export function transcriptText(body: unknown): string {
  const channels = (body as { channels?: unknown } | null)?.channels;
  const first = Array.isArray(channels) ? (channels[0] as { transcript?: unknown } | undefined) : undefined;
  const sentences = Array.isArray(first?.transcript) ? first.transcript : [];
  return sentences
    .map((s) => (s as { sentence?: unknown }).sentence)
    .filter((s): s is string => typeof s === "string")
    .join(" ");
}

export async function readVonageTranscription(url: string, apiBase: string, creds: VonageCredentials): Promise<TranscriptRead> {
  if (!isVonageMediaUrl(url, apiBase)) return { ok: false, failure: "foreign_url" };
  let res: Response;
  try {
    const token = await vonageApplicationToken(creds.applicationId, creds.privateKey, Math.floor(Date.now() / 1000));
    res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    return { ok: false, failure: "network" };
  }
  if (!res.ok) return { ok: false, failure: res.status };
  return { ok: true, text: transcriptText(await res.json().catch(() => null)) };
}
