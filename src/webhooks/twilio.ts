import type { Context } from "hono";
import { prefetchLineType } from "./line-type-prefetch";
import { Hono } from "hono";
import type { RequestIdVariables } from "hono/request-id";
import * as z from "../zod";
import { afterDeliveryReport, recordDeliveryReport } from "./delivery-report";
import type { Env } from "../env";
import type { LineContext, LineDecision } from "../line/types";
import { decideForCaller } from "./decide-call";
import { log } from "../log";
import { parseInput as parse } from "../input";
import { retried, twiml, twimlResponse } from "./twiml";
import { authenticate, type Authenticated } from "./twilio-auth";
import { lineStub } from "../line/stub";
import { transcriptToLine } from "./voicemail";
import { greetingFor, missedGreeting } from "../rules/greeting";
import { twilioMedia } from "../rules/media";

type AppEnv = { Bindings: Env; Variables: RequestIdVariables };
type C = Context<AppEnv>;

/** The webhooks a Twilio (or SignalWire) number posts to. Each: verify, parse, hand to the line, answer. */
export const twilioWebhooks = new Hono<AppEnv>();

const callSid = z.string().check(z.regex(/^[A-Za-z0-9_-]{2,64}$/, "is missing or malformed"));
const seconds = z.optional(z.pipe(z.string().check(z.regex(/^\d{1,7}$/, "must be whole seconds")), z.transform(Number)));

/**
 * What every voice webhook names: the call, the caller (withheld is empty) and the number called;
 * `CallerName` only on a number with Twilio's caller ID lookup turned on.
 */
const call = { CallSid: callSid, From: z._default(z.string().check(z.maxLength(64)), ""), To: z.string(), CallerName: z.optional(z.string()) };
const answeredBy = z.optional(z.string().check(z.maxLength(32)));

const dialStatusSchema = z.object({
  ...call,
  DialCallStatus: z.enum(["completed", "answered", "busy", "no-answer", "failed", "canceled"]),
  DialCallDuration: seconds,
  AnsweredBy: answeredBy,
});

const callStatusSchema = z.object({
  ...call,
  CallStatus: z.enum(["queued", "initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "failed", "canceled"]),
  CallDuration: seconds,
  AnsweredBy: answeredBy,
});

const voiceSchema = z.object({
  ...call,
  CallStatus: z._default(z.string().check(z.maxLength(32)), "ringing"),
  /** Set when the business's own line forwarded the call to this number. */
  ForwardedFrom: z.optional(z.string().check(z.maxLength(64))),
  CalledVia: z.optional(z.string().check(z.maxLength(64))),
});

const transcriptionSchema = z.object({
  ...call,
  TranscriptionStatus: z._default(z.string().check(z.maxLength(20)), "completed"),
  TranscriptionText: z._default(z.string().check(z.maxLength(4000)), ""),
});

twilioWebhooks.post("/voice", async (c) => {
  const req = await authenticate(c, "To", "call");
  const p = parse(voiceSchema, req.flat);
  const { business } = req.line.context;
  // A forwarded number's call already rang the business's own line: dialling it again would loop.
  if (business.forwardTo && req.line.mode !== "forwarded") {
    c.executionCtx.waitUntil(prefetchLineType(c.env, req.line, p.From, Date.now()));
    return xml(c, twimlResponse(
      twiml.dial(business.forwardTo, {
        action: retried(`${req.base}/webhooks/twilio/dial-status`),
        timeout: business.settings.ringTimeoutSeconds,
      }),
    ));
  }
  // Missed by construction (forwarded to us, or nobody to forward to): text now, greet meanwhile.
  const forwarded = req.line.mode === "forwarded";
  const forwardedFrom = p.ForwardedFrom || p.CalledVia || undefined;
  const d = await decideForCaller(c, req, {
    carrier: req.line.carrier === "signalwire" ? "signalwire" : "twilio",
    carrierCallId: p.CallSid,
    from: p.From,
    to: p.To,
    ...(p.CallerName ? { callerName: p.CallerName } : {}),
    facts: { source: forwarded ? "forwarded" : "unforwarded", status: p.CallStatus, ...(forwardedFrom ? { forwardedFrom } : {}) },
    at: Date.now(),
    tellsCaller: true,
  });
  return xml(c, missedTwiml(req, d));
});

twilioWebhooks.post("/dial-status", async (c) => {
  const req = await authenticate(c, "To", "decide");
  const p = parse(dialStatusSchema, req.flat);
  const d = await decideForCaller(c, req, {
    carrier: req.line.carrier === "signalwire" ? "signalwire" : "twilio",
    carrierCallId: p.CallSid,
    from: p.From,
    to: p.To,
    ...(p.CallerName ? { callerName: p.CallerName } : {}),
    facts: { source: "dial", status: p.DialCallStatus, durationSeconds: p.DialCallDuration, answeredBy: p.AnsweredBy },
    at: Date.now(),
    // A missed call is greeted when voicemail is offered.
    tellsCaller: req.line.context.business.settings.voicemail,
  });
  // Undecided only when the line could not be reached: the carrier's own word decides whether to greet.
  const missed = d.outcome !== null ? d.outcome !== "answered" : p.DialCallStatus !== "completed" && p.DialCallStatus !== "answered";
  if (missed && req.line.context.business.settings.voicemail) {
    return xml(c, missedTwiml(req, d));
  }
  return xml(c, twimlResponse(twiml.hangup()));
});

twilioWebhooks.post("/call-status", async (c) => {
  const req = await authenticate(c, "To", "decide");
  const p = parse(callStatusSchema, req.flat);
  await decideForCaller(c, req, {
    carrier: req.line.carrier === "signalwire" ? "signalwire" : "twilio",
    carrierCallId: p.CallSid,
    from: p.From,
    to: p.To,
    ...(p.CallerName ? { callerName: p.CallerName } : {}),
    facts: { source: "status", status: p.CallStatus, durationSeconds: p.CallDuration, answeredBy: p.AnsweredBy },
    at: Date.now(),
  });
  return xml(c, twimlResponse());
});

const inboundSmsSchema = z.object({
  MessageSid: z.string().check(z.regex(/^[A-Za-z0-9_-]{2,64}$/, "is missing or malformed")),
  From: z.string().check(z.regex(/^\+[1-9]\d{1,14}$/, "must be E.164")),
  To: z.string(),
  Body: z._default(z.string().check(z.maxLength(1600)), ""),
  OptOutType: z.optional(z.string().check(z.maxLength(16))),
});

/** A text to the business number: keywords, replies, and the owner answering callers. */
twilioWebhooks.post("/sms", async (c) => {
  const req = await authenticate(c);
  const p = parse(inboundSmsSchema, req.flat);
  const ctx: LineContext = { ...req.line.context, publicBaseUrl: req.base };
  const stub = lineStub(c.env, ctx.number.e164);
  const started = Date.now();
  const r = await stub.handleInboundText(
    {
      carrier: req.line.carrier === "signalwire" ? "signalwire" : "twilio",
      carrierMessageId: p.MessageSid,
      from: p.From,
      to: p.To,
      body: p.Body,
      media: twilioMedia(req.flat),
      carrierConfirmed: p.OptOutType !== undefined && p.OptOutType !== "",
      at: Date.now(),
    },
    ctx,
  );
  log.info("webhook.sms", {
    businessId: ctx.business.id,
    number: ctx.number.e164,
    messageId: p.MessageSid,
    decision: r.decision,
    duplicate: r.duplicate,
    latencyMs: Date.now() - started,
  });
  // Answers go through the outbox (recorded, retried), never inline TwiML.
  return xml(c, twimlResponse());
});

const smsStatusSchema = z.object({
  MessageSid: z.string().check(z.regex(/^[A-Za-z0-9_-]{2,64}$/, "is missing or malformed")),
  MessageStatus: z.string().check(z.minLength(1), z.maxLength(32)),
  ErrorCode: z.optional(z.string().check(z.maxLength(10))),
});

/** Delivery reports for our own texts: statuses only move forward (callbacks arrive out of order). */
twilioWebhooks.post("/sms-status", async (c) => {
  const req = await authenticate(c, "From");
  const p = parse(smsStatusSchema, req.flat);
  const ctx = req.line.context;
  const r = await recordDeliveryReport(c.env.DB, ctx.number.id, p.MessageSid, p.MessageStatus, p.ErrorCode ?? null, ctx.hasWebhook);
  c.executionCtx.waitUntil(afterDeliveryReport(c.env, r));
  log.info("webhook.sms_status", { number: req.line.context.number.e164, status: p.MessageStatus, changed: r.changed });
  return xml(c, twimlResponse());
});

/** `<Record action>`: the message was left; end the call (without an action Twilio would loop back). */
twilioWebhooks.post("/voicemail", async (c) => {
  await authenticate(c);
  return xml(c, twimlResponse(twiml.hangup()));
});

/** `<Record transcribeCallback>`: the voicemail's words, triaged like a reply (an emergency pages the on-call). */
twilioWebhooks.post("/voicemail-transcription", async (c) => {
  const req = await authenticate(c);
  const p = parse(transcriptionSchema, req.flat);
  if (p.TranscriptionStatus === "completed") {
    const carrier = req.line.carrier === "signalwire" ? "signalwire" : "twilio";
    await transcriptToLine(c.env, req.line, req.base, { carrier, callId: p.CallSid, from: p.From, text: p.TranscriptionText });
  }
  return xml(c, twimlResponse());
});


/** What a missed caller hears: the greeting for the line's decision `d`, then the recording if voicemail is offered. */
function missedTwiml(req: Authenticated, d: LineDecision): string {
  const { business } = req.line.context;
  const { voicemail } = business.settings;
  const say = twiml.say(missedGreeting(business.name, greetingFor(d.decision, business.settings), voicemail));
  if (!voicemail) return twimlResponse(say, twiml.hangup());
  return twimlResponse(
    say,
    twiml.record({ action: retried(`${req.base}/webhooks/twilio/voicemail`), maxLength: 120, transcribeCallback: retried(`${req.base}/webhooks/twilio/voicemail-transcription`) }),
  );
}

function xml(c: C, body: string) {
  return c.body(body, 200, { "content-type": "text/xml; charset=utf-8" });
}
