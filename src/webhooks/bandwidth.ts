import { Hono } from "hono";
import { prefetchLineType } from "./line-type-prefetch";
import type { RequestIdVariables } from "hono/request-id";
import * as z from "../zod";
import { bandwidthCauseStatus, bandwidthMachineResult, bxml, bxmlVerbs, readTransferTag, transferTag } from "../carriers/bandwidth-calls";
import type { Env } from "../env";
import { parseInput as parse } from "../input";
import type { LineContext, LineDecision } from "../line/types";
import { lineStub } from "../line/stub";
import { authenticateBandwidth, readBandwidthBody, type BandwidthContext as C, type BandwidthRequest } from "./bandwidth-auth";
import { bandwidthMessaging } from "./bandwidth-messaging";
import { bandwidthVoicemail, bandwidthVoicemailBxml } from "./bandwidth-voicemail";
import { decideForCaller } from "./decide-call";
import { greetingFor, missedGreeting, testCallWords } from "../rules/greeting";

/** The callbacks a Bandwidth Voice application (and our BXML) posts to, and its messaging callbacks. */
export const bandwidthWebhooks = new Hono<{ Bindings: Env; Variables: RequestIdVariables }>();

const id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, "callId is missing or malformed"));
const time = z.optional(z.nullable(z.string().check(z.maxLength(40))));
const eventSchema = z.object({
  eventType: z.string().check(z.minLength(1), z.maxLength(40)),
  callId: id,
  from: z._default(z.string().check(z.maxLength(64)), ""),
  to: z.string().check(z.maxLength(64)),
  eventTime: time,
  answerTime: time,
  endTime: time,
  cause: z.optional(z.string().check(z.maxLength(40))),
  tag: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
  machineDetectionResult: z.optional(z.nullable(z.object({ value: z.optional(z.string().check(z.maxLength(40))) }))),
});
type VoiceEvent = z.infer<typeof eventSchema>;

const instant = (t: string | null | undefined) => (t ? Date.parse(t) || Date.now() : Date.now());

/** `initiate`: a call to the business number. Forward mode answers with `<Transfer>` to the business phone. */
bandwidthWebhooks.post("/voice", async (c) => {
  const e = parse(eventSchema, await readBandwidthBody(c));
  const req = await authenticateBandwidth(c, e.to, e.from, "call");
  const { business } = req.line.context;
  if (e.eventType !== "initiate") return answer(c, bxml());
  const forwarded = req.line.mode === "forwarded";
  // A forwarded number's call already rang the business's own line: transferring it back would loop.
  if (business.forwardTo && !forwarded) {
    c.executionCtx.waitUntil(prefetchLineType(c.env, req.line, e.from, Date.now()));
    const statusUrl = `${req.base}/webhooks/bandwidth/voice-status`;
    const { callbackUsername: username, callbackPassword: password } = req.creds;
    const tag = transferTag(req.line.context.number.e164, e.callId);
    return answer(c, bxml(bxmlVerbs.transfer({ to: business.forwardTo, statusUrl, username, password, timeoutSeconds: business.settings.ringTimeoutSeconds, tag })));
  }
  // Missed by construction (forwarded to us, or nobody to forward to): say so and text now.
  const facts = forwarded ? { source: "forwarded" as const, status: "forwarded" } : { source: "unforwarded" as const, status: "ringing" };
  const d = await decideForCaller(c, req, { carrier: "bandwidth", carrierCallId: e.callId, from: e.from, to: e.to, facts, at: instant(e.eventTime), tellsCaller: true });
  return answer(c, req.line.context.business.settings.voicemail ? bandwidthVoicemailBxml(req, d) : sorry(req.line.context.business, d));
});

/**
 * The forwarded leg answering (`transferAnswer`), the transfer ending (`transferComplete`, decided
 * in forward mode), the call ending (`disconnect`, decided in status mode) and answering-machine
 * results. The forwarded leg's callbacks are addressed to the business phone: our tag names the number.
 */
bandwidthWebhooks.post("/voice-status", async (c) => {
  const e = parse(eventSchema, await readBandwidthBody(c));
  const tagged = readTransferTag(e.tag);
  const number = tagged?.number ?? e.to;
  const deciding = e.eventType === "transferComplete" || e.eventType === "disconnect";
  const req = await authenticateBandwidth(c, number, tagged ? null : e.from, deciding ? "decide" : "call");
  const line = lineStub(c.env, req.line.context.number.e164);
  const callId = tagged?.callId ?? e.callId;
  switch (e.eventType) {
    case "transferAnswer":
      await line.noteCallProgress(callId, { connectedAt: instant(e.eventTime) });
      break;
    case "machineDetectionComplete": {
      const answeredBy = bandwidthMachineResult(e.machineDetectionResult?.value);
      if (answeredBy) await line.noteCallProgress(callId, { answeredBy });
      break;
    }
    case "transferComplete": {
      // A missed call is greeted when voicemail is offered.
      const d = await decide(c, req, e, e.callId, instant(e.eventTime), req.line.context.business.settings.voicemail);
      const missed = d.outcome !== null ? d.outcome !== "answered" : bandwidthCauseStatus(e.cause) !== "completed";
      if (missed && req.line.context.business.settings.voicemail) return answer(c, bandwidthVoicemailBxml(req, d));
      return answer(c, bxml(bxmlVerbs.hangup()));
    }
    case "disconnect":
      // In forward mode the transfer's end decides; the caller's own leg ending after it says nothing new.
      if (req.line.mode === "status") {
        if (e.answerTime) await line.noteCallProgress(e.callId, { connectedAt: instant(e.answerTime) });
        await decide(c, req, e, e.callId, instant(e.endTime ?? e.eventTime));
      }
      break;
  }
  return answer(c, bxml());
});

/**
 * The answer URL of our test call (carrier-setup/number-setup.ts), which calls the business's phone
 * from the number (`from`) with the number's callback credentials: whoever picks up hears the
 * number's own business named, never words from the request.
 */
bandwidthWebhooks.post("/test-call", async (c) => {
  const e = parse(eventSchema, await readBandwidthBody(c));
  const req = await authenticateBandwidth(c, e.from, e.to, "call");
  if (e.eventType !== "answer") return answer(c, bxml());
  return answer(c, bxml(bxmlVerbs.speak(testCallWords(req.line.context.business.name)), bxmlVerbs.hangup()));
});

bandwidthWebhooks.post("/messaging", bandwidthMessaging);
bandwidthWebhooks.route("/", bandwidthVoicemail);

/** Decide on a call's end, with what its earlier callbacks noted (connected, machine); `tellsCaller`: its answer greets the caller. */
function decide(c: C, req: BandwidthRequest, e: VoiceEvent, callId: string, at: number, tellsCaller = false): Promise<LineDecision> {
  const facts = { source: "status" as const, status: bandwidthCauseStatus(e.cause) };
  return decideForCaller(c, req, { carrier: "bandwidth", carrierCallId: callId, from: e.from, to: req.line.context.number.e164, facts, at, mergeProgress: true, tellsCaller });
}

/** The greeting for the line's decision `d`, without voicemail. */
function sorry(business: LineContext["business"], d: LineDecision): string {
  return bxml(bxmlVerbs.speak(missedGreeting(business.name, greetingFor(d.decision, business.settings), false)), bxmlVerbs.hangup());
}

function answer(c: C, body: string) {
  return c.body(body, 200, { "content-type": "application/xml; charset=utf-8" });
}
