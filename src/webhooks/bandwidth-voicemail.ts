/**
 * Voicemail on a Bandwidth number: the `<Record>` offered to a missed caller, its `recordComplete`
 * and `recordingAvailable` callbacks, and `transcriptionAvailable`, whose words a queued job reads
 * from the Voice API (bandwidth.yml) and hands to the line. Basic callback credentials, as every callback.
 */
import { Hono } from "hono";
import type { RequestIdVariables } from "hono/request-id";
import * as z from "../zod";
import { bxml, bxmlVerbs } from "../carriers/bandwidth-calls";
import type { Env } from "../env";
import { parseInput as parse } from "../input";
import type { LineDecision } from "../line/types";
import { greetingFor, missedGreeting } from "../rules/greeting";
import { authenticateBandwidth, readBandwidthBody, type BandwidthContext as C, type BandwidthRequest } from "./bandwidth-auth";
import { queueTranscriptRead } from "./voicemail";

export const bandwidthVoicemail = new Hono<{ Bindings: Env; Variables: RequestIdVariables }>();

const id = (field: string) => z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, `${field} is missing or malformed`));
const recordingSchema = z.object({
  eventType: z.string().check(z.minLength(1), z.maxLength(40)),
  callId: id("callId"),
  from: z._default(z.string().check(z.maxLength(64)), ""),
  to: z.string().check(z.maxLength(64)),
});
const transcriptionSchema = z.object({
  ...recordingSchema.shape,
  recordingId: id("recordingId"),
  transcription: z.optional(z.nullable(z.object({ status: z.optional(z.string().check(z.maxLength(40))) }))),
});

/** Transcription statuses that mean there are words to read (bandwidth.yml lists `available`; its example says `completed`). */
const READY = new Set(["available", "completed"]);

/** The greeting for the line's decision `d` and `<Record>` for a missed caller; its callbacks carry the number's callback credentials. */
export function bandwidthVoicemailBxml(req: BandwidthRequest, d: LineDecision): string {
  const { callbackUsername: username, callbackPassword: password } = req.creds;
  const record = bxmlVerbs.record({
    recordUrl: `${req.base}/webhooks/bandwidth/voicemail`,
    transcriptionUrl: `${req.base}/webhooks/bandwidth/voicemail-transcription`,
    username,
    password,
    maxDurationSeconds: 120,
  });
  const { business } = req.line.context;
  return bxml(bxmlVerbs.speak(missedGreeting(business.name, greetingFor(d.decision, business.settings), true, false)), record);
}

/** `recordComplete`: the message was left, end the call; `recordingAvailable`: nothing to do. */
bandwidthVoicemail.post("/voicemail", async (c) => {
  const e = parse(recordingSchema, await readBandwidthBody(c));
  await authenticateBandwidth(c, e.to, e.from || null, "call");
  return answer(c, e.eventType === "recordComplete" ? bxml(bxmlVerbs.hangup()) : bxml());
});

/**
 * `transcriptionAvailable`: words ready at Bandwidth, read from the Voice API by a queued job
 * (transcript-job.ts) and triaged like a reply, once per call. Answered at once: the read's
 * retries are ours, not the callback's. A transcription Bandwidth could not make, or a withheld
 * caller's, does nothing.
 */
bandwidthVoicemail.post("/voicemail-transcription", async (c) => {
  const e = parse(transcriptionSchema, await readBandwidthBody(c));
  const req = await authenticateBandwidth(c, e.to, e.from || null, "text");
  const status = e.transcription?.status?.toLowerCase();
  if (e.eventType !== "transcriptionAvailable" || (status !== undefined && !READY.has(status)) || e.from === "") return answer(c, bxml());
  await queueTranscriptRead(c.env, req.line, req.base, { carrier: "bandwidth", callId: e.callId, from: e.from, source: e.recordingId });
  return answer(c, bxml());
});

function answer(c: C, body: string) {
  return c.body(body, 200, { "content-type": "application/xml; charset=utf-8" });
}
