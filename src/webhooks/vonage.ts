import { Hono } from "hono";
import { prefetchLineType } from "./line-type-prefetch";
import { HTTPException } from "hono/http-exception";
import * as z from "../zod";
import { fromVonageNumber, isVonageSignatureShaped, toVonageNumber, vonageDeliveryStatus, vonageErrorCode } from "../carriers/vonage";
import { vonageLegFacts } from "../carriers/vonage-outcome";
import { isVonageSmsSignatureShaped, verifyVonageSms } from "../carriers/vonage-sms-signature";
import { afterDeliveryReport, recordDeliveryReport } from "./delivery-report";
import type { Env } from "../env";
import type { LineContext } from "../line/types";
import { greetingFor, missedGreeting } from "../rules/greeting";
import type { CallFacts } from "../rules/outcome";
import { decideCall } from "./decide-call";
import { log } from "../log";
import { bodyText } from "../body-text";
import { parseInput as parse, parseJsonBody } from "../input";
import { lineStub } from "../line/stub";
import { refuseUnverified } from "./unverified";
import { authenticateVonage, forwardLegUrl, isForwardLegTag, type VonageAuthenticated, type VonageContext as C } from "./vonage-auth";
import { vonageVoicemail, vonageVoicemailNcco } from "./vonage-voicemail";

/**
 * The webhooks of a Vonage number: its application's answer and event URLs (Voice API) and inbound
 * and status URLs (Messages API), each signed with a JWT (vonage-signature.ts). Each: verify, parse,
 * hand to the line, answer.
 */
export const vonageWebhooks = new Hono<{ Bindings: Env }>();

const number = z.string().check(z.maxLength(64));
const uuid = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, "is missing or malformed"));

const answerSchema = z.object({ uuid, to: number, from: z._default(number, ""), conversation_uuid: z.optional(z.string().check(z.maxLength(100))) });

const eventSchema = z.object({
  uuid: z.optional(uuid),
  status: z.optional(z.string().check(z.maxLength(32))),
  direction: z.optional(z.string().check(z.maxLength(16))),
  to: z.optional(number),
  from: z.optional(number),
  duration: z.optional(z.pipe(z.union([z.string().check(z.regex(/^\d{1,7}$/)), z.number().check(z.int(), z.minimum(0))]), z.transform(Number))),
});

const forwardLegQuery = z.object({ leg: z.literal("forward"), call: uuid, caller: z._default(number, ""), number, tag: z.string().check(z.maxLength(100)) });

const inboundSchema = z.object({
  message_uuid: uuid,
  to: number,
  from: number,
  channel: z._default(z.string().check(z.maxLength(32)), "sms"),
  text: z._default(z.string().check(z.maxLength(10_000)), ""),
});

const smsApiInboundSchema = z.object({
  msisdn: number,
  to: number,
  messageId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, "is missing or malformed")),
  text: z._default(z.string().check(z.maxLength(10_000)), ""),
});

const problem = z.object({ type: z.optional(z.string().check(z.maxLength(500))), title: z.optional(z.union([z.string().check(z.maxLength(500)), z.number()])), detail: z.optional(z.string().check(z.maxLength(2000))) });
const statusSchema = z.object({ message_uuid: uuid, to: number, from: number, status: z.string().check(z.minLength(1), z.maxLength(32)), error: z.optional(problem) });

/** Cheapest first: a request whose Authorization cannot be a current Vonage token is refused before its body is read. */
async function signedBody(c: C): Promise<string> {
  if (!isVonageSignatureShaped(c.req.header("authorization"), Math.floor(Date.now() / 1000))) refuseUnverified();
  return c.req.method === "GET" ? "" : bodyText(c.req);
}

/** Answer URL (GET with the call in the query, or POST with it as JSON): ring the business phone, or text at once when there is none. */
vonageWebhooks.on(["GET", "POST"], "/answer", async (c) => {
  const raw = await signedBody(c);
  const p = parse(answerSchema, c.req.method === "GET" ? c.req.query() : parseJsonBody(raw));
  const caller = fromVonageNumber(p.from);
  const req = await authenticateVonage(c, raw, fromVonageNumber(p.to), caller || null, "call");
  const { business, number: ours } = req.line.context;
  const forwarded = req.line.mode === "forwarded";
  // A forwarded number's call already rang the business's own line: connecting it again would loop.
  if (business.forwardTo && !forwarded) {
    if (caller) c.executionCtx.waitUntil(prefetchLineType(c.env, req.line, caller, Date.now()));
    return c.json([
      {
        action: "connect",
        from: toVonageNumber(ours.e164),
        timeout: business.settings.ringTimeoutSeconds,
        machineDetection: "continue",
        // Synchronous: the leg's unanswered/busy/failed event may answer with the voicemail to offer instead.
        ...(business.settings.voicemail ? { eventType: "synchronous" } : {}),
        eventUrl: [await forwardLegUrl(req.base, req.creds.signatureSecret, p.uuid, caller, ours.e164)],
        eventMethod: "POST",
        endpoint: [{ type: "phone", number: toVonageNumber(business.forwardTo) }],
      },
    ]);
  }
  // Missed by construction (forwarded to us, or nobody to forward to): text now and say so.
  let decision: string | null = null;
  try {
    ({ decision } = await toLine(c, req, p.uuid, caller, forwarded ? { source: "forwarded", status: "forwarded" } : { source: "unforwarded", status: "ringing" }, true));
  } catch (e) {
    // The caller is on the line: a 5xx would end the call with Vonage's error message.
    if (e instanceof HTTPException && e.status < 500) throw e;
    log.error("webhook.line_unreachable", { route: c.req.path, number: ours.e164, callId: p.uuid, error: String(e) });
  }
  const greeting = greetingFor(decision, business.settings);
  if (business.settings.voicemail) return c.json(await vonageVoicemailNcco(req, greeting, p.uuid, caller, ours.e164));
  return c.json([{ action: "talk", text: missedGreeting(business.name, greeting, false) }]);
});

/**
 * Event URL. The forwarded leg's events (its URL names the call, see forwardLegUrl) decide a call in
 * forward mode; the caller's own leg decides in status mode, where another system answered it. The
 * caller's leg in forward mode was answered by us and decides nothing.
 */
vonageWebhooks.post("/event", async (c) => {
  const raw = await signedBody(c);
  const p = parse(eventSchema, parseJsonBody(raw));
  const query = c.req.query();
  if (query.leg !== undefined) {
    const q = parse(forwardLegQuery, query);
    const req = await authenticateVonage(c, raw, q.number, q.caller || null, "decide");
    if (!(await isForwardLegTag(req.creds.signatureSecret, q.tag, q.call, q.caller, q.number))) refuseUnverified();
    const facts = vonageLegFacts(p.status ?? "", p.duration, "dial");
    const { settings } = req.line.context.business;
    // A missed call is greeted when voicemail is offered.
    const d = facts ? await toLine(c, req, q.call, q.caller, facts, settings.voicemail) : null;
    // Nobody picked up: a synchronous connect (asked for with voicemail on) plays the NCCO this event answers with.
    const failed = FAILED_LEG.has((p.status ?? "").toLowerCase()) && (d?.outcome ?? null) !== "answered";
    if (failed && settings.voicemail) return c.json(await vonageVoicemailNcco(req, greetingFor(d?.decision ?? null, settings), q.call, q.caller, q.number));
    return c.json({ ok: true });
  }
  // Recordings, transfers and the like name no number: answered 403 like any other unattributable request.
  if (!p.to || !p.from || !p.uuid) refuseUnverified();
  const outbound = p.direction === "outbound";
  const caller = fromVonageNumber(outbound ? p.to : p.from);
  const req = await authenticateVonage(c, raw, fromVonageNumber(outbound ? p.from : p.to), caller || null, "decide");
  if (req.line.mode !== "status") return c.json({ ok: true });
  const facts = vonageLegFacts(p.status ?? "", p.duration, "status");
  if (facts) await toLine(c, req, p.uuid, caller, facts);
  return c.json({ ok: true });
});

/**
 * Inbound URL: a text to the business number, from the Messages API (JSON signed with a JWT) or, for
 * an account whose default SMS setting is still the SMS API, in that API's format with its `sig`.
 */
vonageWebhooks.on(["GET", "POST"], "/inbound", async (c) => {
  if (c.req.method === "POST" && c.req.header("authorization") !== undefined) {
    const raw = await signedBody(c);
    const p = parse(inboundSchema, parseJsonBody(raw));
    const from = fromVonageNumber(p.from);
    const req = await authenticateVonage(c, raw, fromVonageNumber(p.to), from || null);
    if (p.channel !== "sms" || !from) return c.json({ ok: true, ignored: p.channel });
    return inboundText(c, req, p.message_uuid, from, p.text);
  }
  const params = await smsApiParams(c);
  const now = Math.floor(Date.now() / 1000);
  if (!isVonageSmsSignatureShaped(params, now)) refuseUnverified();
  const p = parse(smsApiInboundSchema, params);
  const from = fromVonageNumber(p.msisdn);
  const req = await authenticateVonage(c, "", fromVonageNumber(p.to), from || null, "text", (creds) => verifyVonageSms(creds.signatureSecret, params, now));
  if (!from) return c.json({ ok: true, ignored: "no sender" });
  return inboundText(c, req, p.messageId, from, p.text);
});

async function inboundText(c: C, req: VonageAuthenticated, id: string, from: string, body: string) {
  const ctx: LineContext = { ...req.line.context, publicBaseUrl: req.base };
  const r = await lineStub(c.env, ctx.number.e164).handleInboundText(
    { carrier: "vonage", carrierMessageId: id, from, to: ctx.number.e164, body, carrierConfirmed: false, at: Date.now() },
    ctx,
  );
  log.info("webhook.vonage_sms", { businessId: ctx.business.id, number: ctx.number.e164, decision: r.decision, duplicate: r.duplicate });
  return c.json({ ok: true });
}

/** An SMS API request's parameters: the query of a GET, or a POST's form or JSON body. */
async function smsApiParams(c: C): Promise<Record<string, string>> {
  if (c.req.method === "GET") return c.req.query();
  const raw = await bodyText(c.req);
  if ((c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    const json = parseJsonBody(raw);
    if (typeof json !== "object" || json === null || Array.isArray(json)) throw new HTTPException(400, { message: "expected a JSON object" });
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Status URL (Messages API): our texts' delivery, moved forward only (reports arrive out of order). */
vonageWebhooks.post("/status", async (c) => {
  const raw = await signedBody(c);
  const p = parse(statusSchema, parseJsonBody(raw));
  const req = await authenticateVonage(c, raw, fromVonageNumber(p.from), fromVonageNumber(p.to) || null);
  const ctx = req.line.context;
  const code = p.error ? vonageErrorCode(p.error, null) : null;
  const r = await recordDeliveryReport(c.env.DB, ctx.number.id, p.message_uuid, vonageDeliveryStatus(p.status), code, ctx.hasWebhook);
  c.executionCtx.waitUntil(afterDeliveryReport(c.env, r));
  log.info("webhook.vonage_status", { number: ctx.number.e164, status: p.status, changed: r.changed });
  return c.json({ ok: true });
});

vonageWebhooks.route("/", vonageVoicemail);

/** The forwarded leg's states on which a synchronous connect takes a new NCCO (nobody picked up). */
const FAILED_LEG = new Set(["timeout", "unanswered", "busy", "rejected", "failed"]);

/** Hand a call event to the line; `tellsCaller`: the answer greets the caller (CallEvent.tellsCaller). */
async function toLine(c: C, req: VonageAuthenticated, callId: string, caller: string, facts: CallFacts, tellsCaller = false) {
  const ctx = req.line.context;
  const { decision: d } = await decideCall(
    c.env,
    req.line,
    { carrier: "vonage", carrierCallId: callId, from: caller, to: ctx.number.e164, facts, at: Date.now(), tellsCaller },
    req.base,
    req.stored,
  );
  log.info("webhook.vonage_call", { businessId: ctx.business.id, number: ctx.number.e164, callId, decision: d.decision, duplicate: d.duplicate });
  return d;
}
