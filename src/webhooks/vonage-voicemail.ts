/**
 * Voicemail on a Vonage number: the `record` action offered to a missed caller (with Vonage's
 * transcription), its recording event, and the transcription event, whose `transcription_url` is
 * read with the application's JWT by a queued job and the words handed to the line. Both events name no number:
 * their URLs name the call, under our tag (vonage-auth.ts), and the body is under Vonage's JWT.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as z from "../zod";
import { isVonageSignatureShaped } from "../carriers/vonage";
import { isVonageMediaUrl } from "../carriers/vonage-transcription";
import type { Env } from "../env";
import { bodyText } from "../body-text";
import { parseInput as parse, parseJsonBody } from "../input";
import { missedGreeting, type Greeting } from "../rules/greeting";
import { refuseUnverified } from "./unverified";
import { authenticateVonage, isCallTag, voicemailUrl, type VonageAuthenticated, type VonageContext as C } from "./vonage-auth";
import { queueTranscriptRead } from "./voicemail";

export const vonageVoicemail = new Hono<{ Bindings: Env }>();

const number = z.string().check(z.maxLength(64));
const uuid = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, "is missing or malformed"));
const callQuery = z.object({ call: uuid, caller: z._default(number, ""), number, tag: z.string().check(z.maxLength(100)) });
const transcriptionSchema = z.object({
  status: z.string().check(z.minLength(1, "is required"), z.maxLength(32)),
  transcription_url: z.optional(z.string().check(z.maxLength(2000))),
  recording_uuid: z.optional(uuid),
});

/**
 * What a missed caller hears and leaves: the greeting, then a recording (ended by `#`, silence or
 * two minutes) that Vonage transcribes. `call` is the caller's leg, `caller` their number (empty
 * when withheld), `ours` the business number.
 */
export async function vonageVoicemailNcco(req: VonageAuthenticated, greeting: Greeting, call: string, caller: string, ours: string) {
  const secret = req.creds.signatureSecret;
  return [
    { action: "talk", text: missedGreeting(req.line.context.business.name, greeting, true) },
    {
      action: "record",
      eventUrl: [await voicemailUrl(req.base, "voicemail", secret, call, caller, ours)],
      eventMethod: "POST",
      beepStart: true,
      endOnKey: "#",
      endOnSilence: 5,
      timeOut: 120,
      transcription: { eventUrl: [await voicemailUrl(req.base, "voicemail-transcription", secret, call, caller, ours)], eventMethod: "POST", language: "en-US" },
    },
  ];
}

/** The signed event for the call its URL names: JWT over the body with that number's secret, and our tag over the names. */
async function authenticateCallEvent(c: C): Promise<{ req: VonageAuthenticated; call: z.infer<typeof callQuery>; raw: string }> {
  if (!isVonageSignatureShaped(c.req.header("authorization"), Math.floor(Date.now() / 1000))) refuseUnverified();
  const raw = await bodyText(c.req);
  const call = parse(callQuery, c.req.query());
  const req = await authenticateVonage(c, raw, call.number, call.caller || null, "text");
  if (!(await isCallTag("voicemail", req.creds.signatureSecret, call.tag, call.call, call.caller, call.number))) refuseUnverified();
  return { req, call, raw };
}

/** The record action's event: the recording is stored at Vonage; nothing to do but acknowledge it. */
vonageVoicemail.post("/voicemail", async (c) => {
  await authenticateCallEvent(c);
  return c.json({ ok: true });
});

/**
 * The transcription event: words ready at Vonage, read by a queued job (transcript-job.ts) and
 * triaged like a reply, once per call. Answered at once, whatever Vonage's media API is doing: a
 * 5xx here would lose the words unless Vonage retried this event. A transcription Vonage could not
 * make, or a withheld caller's, does nothing.
 */
vonageVoicemail.post("/voicemail-transcription", async (c) => {
  const { req, call, raw } = await authenticateCallEvent(c);
  const p = parse(transcriptionSchema, parseJsonBody(raw));
  if (p.status.toLowerCase() !== "transcribed" || call.caller === "") return c.json({ ok: true });
  if (!p.transcription_url) throw new HTTPException(400, { message: "transcription_url is required when status is transcribed" });
  // Our application's token is only ever sent to Vonage: a URL elsewhere is refused, never stored.
  if (!isVonageMediaUrl(p.transcription_url, c.env.VONAGE_API_BASE)) throw new HTTPException(400, { message: "transcription_url is not a Vonage media URL" });
  await queueTranscriptRead(c.env, req.line, req.base, { carrier: "vonage", callId: call.call, from: call.caller, source: p.transcription_url });
  return c.json({ ok: true });
});
