/**
 * Voicemail on a Plivo number: the `<Record>` offered to a missed caller, its action URL, and the
 * transcription Plivo posts minutes later (docs.plivo.com/docs/voice/xml/record: `transcription`,
 * `call_uuid`, `recording_id`, `error`…; no numbers, so the URL we hand out names them, under
 * Plivo's V3 signature like the form).
 */
import { Hono } from "hono";
import type { RequestIdVariables } from "hono/request-id";
import * as z from "../zod";
import { plivoElements as el, plivoXml } from "../carriers/plivo-calls";
import type { Env } from "../env";
import { parseInput as parse } from "../input";
import { missedGreeting, type Greeting } from "../rules/greeting";
import { authenticatePlivo, type PlivoContext as C } from "./plivo-auth";
import { transcriptToLine } from "./voicemail";

export const plivoVoicemail = new Hono<{ Bindings: Env; Variables: RequestIdVariables }>();

const numbersQuery = z.object({ caller: z._default(z.string().check(z.regex(/^(\+[1-9]\d{1,14})?$/, "must be a phone number or empty")), "") });
const transcriptionSchema = z.object({
  call_uuid: z.string().check(z.regex(/^[A-Za-z0-9_-]{2,64}$/, "is missing or malformed")),
  transcription: z._default(z.string().check(z.maxLength(10_000)), ""),
  /** Set (too long, too large…) when Plivo could not transcribe the recording. */
  error: z._default(z.string().check(z.maxLength(500)), ""),
});

/** The greeting and `<Record>` for a missed caller: `number` is ours, `caller` theirs (empty when withheld). */
export function plivoVoicemailXml(base: string, business: string, greeting: Greeting, number: string, caller: string): string {
  const transcriptionUrl = `${base}/webhooks/plivo/voicemail-transcription?${new URLSearchParams({ number, caller })}`;
  return plivoXml(el.speak(missedGreeting(business, greeting, true)), el.record({ action: `${base}/webhooks/plivo/voicemail`, maxLength: 120, transcriptionUrl }));
}

/** `<Record action>`: the message was left; end the call. */
plivoVoicemail.post("/voicemail", async (c) => {
  await authenticatePlivo(c, "To", "call");
  return xml(c, plivoXml(el.hangup()));
});

/** `<Record transcriptionUrl>`: the voicemail's words, triaged like a reply, once per call. */
plivoVoicemail.post("/voicemail-transcription", async (c) => {
  const req = await authenticatePlivo(c, { number: "number", other: "caller" }, "text");
  const p = parse(transcriptionSchema, req.flat);
  const { caller } = parse(numbersQuery, c.req.query());
  if (p.error === "") {
    await transcriptToLine(c.env, req.line, req.base, { carrier: "plivo", callId: p.call_uuid, from: caller, text: p.transcription });
  }
  return xml(c, plivoXml());
});

function xml(c: C, body: string) {
  return c.body(body, 200, { "content-type": "text/xml; charset=utf-8" });
}
