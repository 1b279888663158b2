/**
 * The carrier APIs a voicemail's words are read from, as mockCarriers answers them: Bandwidth's
 * Voice API (`GET …/recordings/{recordingId}/transcription`, bandwidth.yml) and Vonage's media files
 * (the `transcription_url` of a transcription event). Tests put the words in `transcripts` by
 * recording id (Bandwidth) or file id (Vonage); an unknown one is a 404. `failWith` set: every read
 * answers that status (the carrier's API is down). Bandwidth's takes only a token its stand-in issued.
 */
import { bandwidthBearerOk, bandwidthUnauthorized } from "./carriers-bandwidth";

export interface VoicemailApis {
  transcripts: Map<string, string>;
  failWith: number | null;
  /** Every read, with the Authorization it came with. */
  reads: Array<{ url: string; authorization: string | null }>;
}

export function voicemailApis(): VoicemailApis {
  return { transcripts: new Map(), failWith: null, reads: [] };
}

const BANDWIDTH = /^\/api\/v2\/accounts\/\d+\/calls\/[^/]+\/recordings\/([^/]+)\/transcription$/;
const VONAGE = /^\/v1\/files\/([^/]+)$/;

/** The API's answer to `req`, or null when it is not a read of a voicemail's words. */
export function answerVoicemailApi(req: Request, url: URL, apis: VoicemailApis): Response | null {
  const bandwidth = url.hostname === "voice.bandwidth.com" ? BANDWIDTH.exec(url.pathname) : null;
  const vonage = url.hostname === "api.nexmo.com" ? VONAGE.exec(url.pathname) : null;
  const id = (bandwidth ?? vonage)?.[1];
  if (req.method !== "GET" || id === undefined) return null;
  const authorization = req.headers.get("authorization");
  apis.reads.push({ url: req.url, authorization });
  if (apis.failWith !== null) return Response.json({ title: "Service Unavailable" }, { status: apis.failWith });
  const text = apis.transcripts.get(decodeURIComponent(id));
  if (bandwidth) {
    if (!bandwidthBearerOk(req)) return bandwidthUnauthorized();
    if (text === undefined) return Response.json({ type: "not-found", description: "Recording not found" }, { status: 404 });
    return Response.json({ transcripts: [{ text, confidence: 0.92 }] });
  }
  if (!authorization?.startsWith("Bearer ")) return Response.json({ title: "Unauthorized" }, { status: 401 });
  if (text === undefined) return Response.json({ title: "Not Found" }, { status: 404 });
  const sentence = { sentence: text, raw_sentence: text.toLowerCase(), duration: 4200, timestamp: 0, words: [] };
  return Response.json({ ver: "1.0.0", request_id: crypto.randomUUID(), channels: [{ transcript: [sentence], duration: 5 }] });
}
