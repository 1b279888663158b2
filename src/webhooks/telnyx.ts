import type { Context } from "hono";
import { prefetchLineType } from "./line-type-prefetch";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as z from "../zod";
import {
  isTelnyxSignatureShaped,
  telnyxCredentialsSchema,
  telnyxHangupStatus,
  telnyxGreeting,
  transferTelnyxCall,
  verifyTelnyx,
  type TelnyxCallState,
  type TelnyxCredentials,
} from "../carriers/telnyx";
import { decryptCredentials } from "../crypto/credentials";
import { afterDeliveryReport, recordDeliveryReport } from "./delivery-report";
import { reverifiedLine, verifiedLine, type VerifiedLine } from "./line-lookup";
import type { LoadedLine } from "./line-config";
import type { Env } from "../env";
import type { LineContext } from "../line/types";
import { decideCall } from "./decide-call";
import { log } from "../log";
import { isE164 } from "../rules/phone";
import { bodyText } from "../body-text";
import { parseInput as parse, parseJsonBody } from "../input";
import { lineStub } from "../line/stub";
import { publicBase } from "../public-base";
import { refuseLookup, refuseUnverified } from "./unverified";
import { GREETINGS, greetingFor, missedGreeting } from "../rules/greeting";
import { telnyxMedia } from "../rules/media";

type C = Context<{ Bindings: Env }>;

/** Telnyx posts Call Control and messaging events, signed with Ed25519, to one URL. */
export const telnyxWebhooks = new Hono<{ Bindings: Env }>();

const envelopeSchema = z.object({
  data: z.object({
    event_type: z.string().check(z.minLength(1), z.maxLength(100)),
    id: z.string().check(z.minLength(1), z.maxLength(100)),
    occurred_at: z.optional(z.string().check(z.maxLength(64))),
    payload: z.record(z.string(), z.unknown()),
  }),
});

const callPayload = z.object({
  call_control_id: z.string().check(z.minLength(1), z.maxLength(200)),
  call_session_id: z.string().check(z.minLength(1), z.maxLength(200)),
  from: z._default(z.string().check(z.maxLength(64)), ""),
  // Absent on command events (call.speak.ended…), which name the business number in client_state.
  to: z._default(z.string().check(z.maxLength(64)), ""),
  direction: z.optional(z.enum(["incoming", "outgoing"])),
  client_state: z.nullish(z.string().check(z.maxLength(2000))),
  hangup_cause: z.optional(z.string().check(z.maxLength(64))),
  hangup_source: z.optional(z.string().check(z.maxLength(32))),
  result: z.optional(z.string().check(z.maxLength(64))),
  /** The caller ID name, on events that carry it (any length: the rule that reads it refuses a long one, the webhook does not). */
  caller_id_name: z.nullish(z.string()),
});

const messagePayload = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  text: z._default(z.string().check(z.maxLength(10_000)), ""),
  from: z.object({ phone_number: z.string().check(z.maxLength(64)) }),
  to: z
    .array(z.object({ phone_number: z.string().check(z.maxLength(64)), status: z.optional(z.string().check(z.maxLength(64))) }))
    .check(z.minLength(1)),
  autoresponse_type: z.nullish(z.string().check(z.maxLength(64))),
  // Read leniently (rules/media.ts): a malformed photo list loses the photos, never the text.
  media: z.optional(z.unknown()),
  errors: z._default(z.array(z.object({ code: z.optional(z.union([z.string(), z.number()])) })), []),
});

telnyxWebhooks.post("/", async (c) => {
  // Cheapest first: headers that cannot be a current signature are refused before the body is read
  // or a number looked up, the same way whether or not the number is registered.
  const now = Math.floor(Date.now() / 1000);
  if (!isTelnyxSignatureShaped(c.req.header("telnyx-signature-ed25519"), c.req.header("telnyx-timestamp"), now)) refuseUnverified();
  const raw = await bodyText(c.req);
  const envelope = parse(envelopeSchema, parseJsonBody(raw));
  const { event_type: type, payload } = envelope.data;
  const at = envelope.data.occurred_at ? Date.parse(envelope.data.occurred_at) || Date.now() : Date.now();

  if (type.startsWith("call.")) {
    const p = parse(callPayload, payload);
    const business = businessNumberOfCall(p);
    // A hangup is decided on by the line, which checks the configuration's age; the others act on it unchecked.
    const req = await authenticate(c, raw, business, p.from, type === "call.hangup" ? "decide" : "call");
    return handleCallEvent(c, req, type, p, at);
  }
  if (type === "message.received" || type === "message.sent" || type === "message.finalized") {
    const p = parse(messagePayload, payload);
    const inbound = type === "message.received";
    const business = inbound ? p.to[0]!.phone_number : p.from.phone_number;
    const other = inbound ? p.from.phone_number : p.to[0]!.phone_number;
    const req = await authenticate(c, raw, business, other);
    const ctx: LineContext = { ...req.line.context, publicBaseUrl: req.base };
    if (inbound) {
      const r = await lineOf(c, ctx).handleInboundText(
        {
          carrier: "telnyx",
          carrierMessageId: p.id,
          from: other,
          to: business,
          body: p.text,
          media: telnyxMedia(p.media),
          // Telnyx sets this when its own keyword handling already answered (STOP/HELP…).
          carrierConfirmed: Boolean(p.autoresponse_type),
          at,
        },
        ctx,
      );
      log.info("webhook.telnyx_sms", { businessId: ctx.business.id, number: business, decision: r.decision, duplicate: r.duplicate });
      return c.json({ ok: true });
    }
    const code = p.errors[0]?.code;
    const r = await recordDeliveryReport(c.env.DB, ctx.number.id, p.id, p.to[0]!.status ?? "sent", code !== undefined ? String(code) : null, ctx.hasWebhook);
    c.executionCtx.waitUntil(afterDeliveryReport(c.env, r));
    return c.json({ ok: true });
  }
  // Other events (recordings, conversation updates…) need no action, but are answered 200 only once
  // signed by the account of a number they name: an unverifiable request gets 403 like any other.
  const named = numbersNamedIn(payload);
  if (named.length === 0) refuseUnverified();
  await authenticate(c, raw, named[0]!, named[1] ?? null);
  return c.json({ ok: true, ignored: type });
});

type CallPayload = z.infer<typeof callPayload>;

/** E.164 numbers in an event's `to` / `from` (plain strings or `{ phone_number }` objects). */
function numbersNamedIn(payload: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const v of [payload.to, payload.from].flat()) {
    const n = typeof v === "string" ? v : typeof v === "object" && v !== null ? (v as { phone_number?: unknown }).phone_number : undefined;
    if (typeof n === "string" && isE164(n)) out.push(n);
  }
  return out;
}

/**
 * Which of our numbers a call event belongs to: the forwarded leg carries it in `client_state` (we put
 * it there when transferring); the caller's own leg is addressed to it.
 */
function businessNumberOfCall(p: CallPayload): string {
  const state = callState(p);
  if (state) return state.n;
  return p.direction === "outgoing" ? p.from : p.to;
}

/** Our `client_state` on a call (see encodeCallState), or null when it is absent or not ours. */
function callState(p: CallPayload): TelnyxCallState | null {
  if (!p.client_state) return null;
  try {
    const state = JSON.parse(atob(p.client_state)) as { n?: unknown; greet?: unknown };
    // `true`: answered by a version that greeted every call alike; its words are not known here.
    const greet = state.greet === true ? "unknown" : GREETINGS.find((g) => g === state.greet);
    return typeof state.n === "string" ? { n: state.n, ...(greet ? { greet } : {}) } : null;
  } catch {
    return null;
  }
}

async function handleCallEvent(c: C, req: Authenticated, type: string, p: CallPayload, at: number) {
  const ctx: LineContext = { ...req.line.context, publicBaseUrl: req.base };
  const { business } = ctx;
  const line = lineOf(c, ctx);
  switch (type) {
    case "call.initiated":
      if (p.direction === "incoming" && req.line.mode === "forwarded") return forwardedCall(c, req, p, at);
      if (p.direction === "incoming" && req.line.mode === "forward" && business.forwardTo) {
        c.executionCtx.waitUntil(prefetchLineType(c.env, req.line, p.from, at));
        await transferTelnyxCall(c.env.TELNYX_API_BASE, req.creds, {
          callControlId: p.call_control_id,
          to: business.forwardTo,
          from: p.from,
          timeoutSecs: business.settings.ringTimeoutSeconds,
          businessNumber: ctx.number.e164,
        });
      }
      break;
    case "call.bridged":
      await line.noteCallProgress(p.call_session_id, { connectedAt: at });
      break;
    case "call.answered": {
      // In status mode another system answers the caller: that is the connection we care about.
      if (req.line.mode === "status") await line.noteCallProgress(p.call_session_id, { connectedAt: at });
      const greeting = callState(p)?.greet;
      if (greeting) await telnyxGreeting.speak(c.env.TELNYX_API_BASE, req.creds, p.call_control_id, missedGreeting(business.name, greeting, false));
      break;
    }
    case "call.speak.ended":
      if (callState(p)?.greet) await telnyxGreeting.hangup(c.env.TELNYX_API_BASE, req.creds, p.call_control_id);
      break;
    case "call.machine.detection.ended":
    case "call.machine.premium.detection.ended":
      if (p.result === "machine" || p.result === "fax_detected") {
        await line.noteCallProgress(p.call_session_id, { answeredBy: p.result === "machine" ? "machine_start" : "fax" });
      }
      break;
    case "call.hangup":
      await decideHangup(c, req, p, at);
      break;
  }
  return c.json({ ok: true });
}

/** The call ended: the line decides it (an outgoing leg we transferred is the caller's, seen from the far end). */
async function decideHangup(c: C, req: Authenticated, p: CallPayload, at: number): Promise<void> {
  const { number, business } = req.line.context;
  const caller = p.direction === "outgoing" && !p.client_state ? p.to : p.from;
  const { decision: d } = await decideCall(
    c.env,
    req.line,
    {
      carrier: "telnyx",
      carrierCallId: p.call_session_id,
      from: caller,
      to: number.e164,
      ...(caller === p.from && p.caller_id_name ? { callerName: p.caller_id_name } : {}),
      facts: { source: "status", status: telnyxHangupStatus(p.hangup_cause ?? "unspecified") },
      at,
      mergeProgress: true,
    },
    req.base,
    req.stored,
  );
  log.info("webhook.telnyx_call", { businessId: business.id, number: number.e164, callId: p.call_session_id, decision: d.decision, duplicate: d.duplicate });
}

/**
 * A call the business's own line forwarded to us (`forwarded` mode) arrives already missed: decide at
 * once, so the text goes out while the caller hears the greeting; never forward it back (a loop).
 */
async function forwardedCall(c: C, req: Authenticated, p: CallPayload, at: number) {
  const ctx = req.line.context;
  const { decision: d } = await decideCall(
    c.env,
    req.line,
    { carrier: "telnyx", carrierCallId: p.call_session_id, from: p.from, to: ctx.number.e164, facts: { source: "forwarded", status: "forwarded" }, at, tellsCaller: true },
    req.base,
    req.stored,
  );
  log.info("webhook.telnyx_call", { businessId: ctx.business.id, number: ctx.number.e164, callId: p.call_session_id, decision: d.decision, duplicate: d.duplicate });
  await telnyxGreeting.answer(c.env.TELNYX_API_BASE, req.creds, p.call_control_id, ctx.number.e164, greetingFor(d.decision, ctx.business.settings));
  return c.json({ ok: true });
}

interface Authenticated {
  line: LoadedLine;
  creds: TelnyxCredentials;
  base: string;
  /** The stored line, this event checked against it again (see decideCall). */
  stored: () => Promise<LoadedLine>;
}

/** Find the named business number and check the event's Ed25519 signature with its public key (see verifiedLine). */
async function authenticate(
  c: C,
  raw: string,
  businessNumber: string,
  other: string | null,
  use: "call" | "decide" | "text" = "text",
): Promise<Authenticated> {
  if (!isE164(businessNumber)) throw new HTTPException(400, { message: "the event does not name a business number in E.164" });
  const verify = async (line: LoadedLine) => {
    if (line.carrier !== "telnyx") return null;
    const creds = telnyxCredentialsSchema.parse(await decryptCredentials(c.env.DATA_KEY, line.credentials));
    const ok = await verifyTelnyx(
      creds.publicKey,
      c.req.header("telnyx-signature-ed25519"),
      c.req.header("telnyx-timestamp"),
      raw,
      Math.floor(Date.now() / 1000),
    );
    return ok ? creds : null;
  };
  const checked = (found: VerifiedLine<TelnyxCredentials>) => {
    if (found === "unknown" || found === "refused") refuseLookup(c, found, businessNumber);
    return found;
  };
  const { line, proof: creds } = checked(await verifiedLine(c.env.DB, businessNumber, other, use, verify));
  const stored = async () => checked(await reverifiedLine(c.env.DB, businessNumber, verify)).line;
  return { line, creds, base: publicBase(c), stored };
}

function lineOf(c: C, ctx: LineContext) {
  return lineStub(c.env, ctx.number.e164);
}
