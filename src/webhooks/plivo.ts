import { Hono } from "hono";
import { prefetchLineType } from "./line-type-prefetch";
import type { RequestIdVariables } from "hono/request-id";
import * as z from "../zod";
import { plivoErrorCode } from "../carriers/plivo";
import { plivoCallStatus, plivoElements as el, plivoXml } from "../carriers/plivo-calls";
import type { Env } from "../env";
import { parseInput as parse } from "../input";
import type { LineContext, LineDecision } from "../line/types";
import { lineStub } from "../line/stub";
import { log } from "../log";
import { decideForCaller } from "./decide-call";
import { greetingFor, missedGreeting, testCallWords } from "../rules/greeting";
import { afterDeliveryReport, recordDeliveryReport } from "./delivery-report";
import { authenticatePlivo, type PlivoContext as C } from "./plivo-auth";
import { plivoVoicemail, plivoVoicemailXml } from "./plivo-voicemail";

/** The URLs a Plivo application (and our texts' `url`) posts to. Each: verify, parse, hand to the line, answer. */
export const plivoWebhooks = new Hono<{ Bindings: Env; Variables: RequestIdVariables }>();

const uuid = z.string().check(z.regex(/^[A-Za-z0-9_-]{2,64}$/, "must be a Plivo UUID"));
const seconds = z.optional(z.pipe(z.string().check(z.regex(/^\d{1,7}$/, "must be whole seconds")), z.transform(Number)));
const cause = z.optional(z.string().check(z.maxLength(64)));
/** What every voice request names: the call, the caller (withheld is empty) and the number called. */
const call = { CallUUID: uuid, From: z._default(z.string().check(z.maxLength(64)), ""), To: z.string() };

const voiceSchema = z.object({ ...call, CallStatus: z._default(z.string().check(z.maxLength(32)), "ringing") });
const dialSchema = z.object({
  ...call,
  DialStatus: z.enum(["completed", "busy", "failed", "timeout", "no-answer", "cancel"], "must be a Plivo DialStatus"),
  DialHangupCause: cause,
  DialBLegDuration: seconds,
});
const hangupSchema = z.object({ ...call, CallStatus: z.string().check(z.minLength(1), z.maxLength(32)), HangupCause: cause, Duration: seconds });
const inboundSchema = z.object({
  MessageUUID: uuid,
  From: z.string().check(z.regex(/^\+[1-9]\d{1,14}$/, "must be a phone number")),
  To: z.string(),
  Text: z._default(z.string().check(z.maxLength(1600)), ""),
  Type: z.optional(z.string().check(z.maxLength(16))),
});
const statusSchema = z.object({
  MessageUUID: uuid,
  Status: z.string().check(z.minLength(1), z.maxLength(32)),
  ErrorCode: z.optional(z.string().check(z.regex(/^\d{0,6}$/, "must be a number"))),
});

plivoWebhooks.post("/voice", async (c) => {
  const req = await authenticatePlivo(c, "To", "call");
  const p = parse(voiceSchema, req.flat);
  const { business } = req.line.context;
  const forwarded = req.line.mode === "forwarded";
  // A forwarded number's call already rang the business's own line: dialling it again would loop.
  if (business.forwardTo && !forwarded) {
    c.executionCtx.waitUntil(prefetchLineType(c.env, req.line, p.From, Date.now()));
    return xml(c, plivoXml(el.dial(business.forwardTo, { action: `${req.base}/webhooks/plivo/dial-status`, timeout: business.settings.ringTimeoutSeconds })));
  }
  // Missed by construction (forwarded to us, or nobody to forward to): say so and text now.
  const facts = forwarded ? { source: "forwarded" as const, status: "forwarded" } : { source: "unforwarded" as const, status: p.CallStatus };
  const d = await decideForCaller(c, req, { carrier: "plivo", carrierCallId: p.CallUUID, from: p.From, to: p.To, facts, at: Date.now(), tellsCaller: true });
  return xml(c, missedAnswer(req.base, req.line.context.business, p.To, p.From, d));
});

/** `<Dial action>`: the forwarded leg ended; Plivo plays what we answer to the caller. */
plivoWebhooks.post("/dial-status", async (c) => {
  const req = await authenticatePlivo(c, "To", "decide");
  const p = parse(dialSchema, req.flat);
  const status = plivoCallStatus(p.DialStatus, p.DialHangupCause) ?? "failed";
  const facts = { source: "dial" as const, status, durationSeconds: p.DialBLegDuration };
  // A missed call is greeted when voicemail is offered.
  const tellsCaller = req.line.context.business.settings.voicemail;
  const d = await decideForCaller(c, req, { carrier: "plivo", carrierCallId: p.CallUUID, from: p.From, to: p.To, facts, at: Date.now(), tellsCaller });
  const missed = d.outcome !== null ? d.outcome !== "answered" : status !== "completed";
  const { business } = req.line.context;
  return xml(c, missed && business.settings.voicemail ? missedAnswer(req.base, business, p.To, p.From, d) : plivoXml(el.hangup()));
});

/** Status mode: the Hangup URL, after whatever answered the call let it go. */
plivoWebhooks.post("/hangup", async (c) => {
  const req = await authenticatePlivo(c, "To", "decide");
  const p = parse(hangupSchema, req.flat);
  const status = plivoCallStatus(p.CallStatus, p.HangupCause);
  // In forward mode the <Dial action> decides; the caller's leg ending after it (its duration counting
  // the ringing) says nothing new.
  if (status !== null && req.line.mode === "status") {
    const facts = { source: "status" as const, status, durationSeconds: p.Duration };
    await decideForCaller(c, req, { carrier: "plivo", carrierCallId: p.CallUUID, from: p.From, to: p.To, facts, at: Date.now() });
  }
  return xml(c, plivoXml());
});

/** A text to the business number: keywords, replies, and the owner answering callers. */
plivoWebhooks.post("/sms", async (c) => {
  const req = await authenticatePlivo(c, "To", "text");
  const p = parse(inboundSchema, req.flat);
  const ctx: LineContext = { ...req.line.context, publicBaseUrl: req.base };
  const msg = { carrier: "plivo", carrierMessageId: p.MessageUUID, from: p.From, to: p.To, body: p.Text, carrierConfirmed: false, at: Date.now() } as const;
  const r = await lineStub(c.env, ctx.number.e164).handleInboundText(msg, ctx);
  log.info("webhook.plivo_sms", { businessId: ctx.business.id, number: ctx.number.e164, messageId: p.MessageUUID, decision: r.decision, duplicate: r.duplicate });
  return xml(c, plivoXml());
});

/** Delivery reports for our own texts: statuses only move forward (callbacks arrive out of order). */
plivoWebhooks.post("/sms-status", async (c) => {
  const req = await authenticatePlivo(c, "From", "text");
  const p = parse(statusSchema, req.flat);
  const ctx = req.line.context;
  // Plivo sends ErrorCode "000" or empty alongside a success.
  const code = p.ErrorCode && Number(p.ErrorCode) !== 0 ? plivoErrorCode(String(Number(p.ErrorCode))) : null;
  const r = await recordDeliveryReport(c.env.DB, ctx.number.id, p.MessageUUID, p.Status, code, ctx.hasWebhook);
  c.executionCtx.waitUntil(afterDeliveryReport(c.env, r));
  log.info("webhook.plivo_sms_status", { number: ctx.number.e164, status: p.Status, changed: r.changed });
  return xml(c, plivoXml());
});

/**
 * The answer URL of our test call (carrier-setup/number-setup.ts), which calls the business's phone
 * from the number: whoever picks up hears the number's own business named, never words from the
 * request. Plivo posts the call's hangup here too (its hangup URL defaults to this); that answer is
 * not played.
 */
plivoWebhooks.post("/test-call", async (c) => {
  const req = await authenticatePlivo(c, "From", "call");
  return xml(c, plivoXml(el.speak(testCallWords(req.line.context.business.name)), el.hangup()));
});

plivoWebhooks.route("/", plivoVoicemail);

/** What a missed caller hears: the greeting for the line's decision `d`, and a voicemail to leave when the business takes them. */
function missedAnswer(base: string, business: LineContext["business"], number: string, caller: string, d: LineDecision): string {
  const greeting = greetingFor(d.decision, business.settings);
  if (business.settings.voicemail) return plivoVoicemailXml(base, business.name, greeting, number, caller);
  return plivoXml(el.speak(missedGreeting(business.name, greeting, false)), el.hangup());
}

function xml(c: C, body: string) {
  return c.body(body, 200, { "content-type": "text/xml; charset=utf-8" });
}
