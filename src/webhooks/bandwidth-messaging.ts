/**
 * `POST /webhooks/bandwidth/messaging`: the messaging application's callbacks, a JSON array of
 * events: texts to a business number (`message-received`) and reports on ours. Bandwidth retries
 * each for 24 h until it gets a 2xx and may deliver one twice: the line and the forward-only status
 * rule make a repeat change nothing.
 */
import * as z from "../zod";
import { bandwidthErrorCode, bandwidthMessageStatus } from "../carriers/bandwidth";
import type { LineContext } from "../line/types";
import { lineStub } from "../line/stub";
import { log } from "../log";
import { parseInput as parse } from "../input";
import { authenticateBandwidth, readBandwidthBody, type BandwidthContext as C, type BandwidthRequest } from "./bandwidth-auth";
import { afterDeliveryReport, recordDeliveryReport } from "./delivery-report";
import { bandwidthMedia } from "../rules/media";

const phone = z.string().check(z.maxLength(64));
const eventSchema = z.object({
  type: z.string().check(z.minLength(1), z.maxLength(40)),
  time: z.optional(z.string().check(z.maxLength(40))),
  to: phone,
  errorCode: z.optional(z.nullable(z.union([z.number(), z.string().check(z.maxLength(10))]))),
  message: z.object({
    id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, "message.id is missing or malformed")),
    owner: z.optional(phone),
    from: phone,
    to: z._default(z.array(phone).check(z.maxLength(20)), []),
    text: z._default(z.string().check(z.maxLength(10_000)), ""),
    // Read leniently (rules/media.ts): a malformed photo list loses the photos, never the text.
    media: z.optional(z.unknown()),
  }),
});
const bodySchema = z.array(eventSchema).check(z.minLength(1, "expected at least one event"), z.maxLength(100, "at most 100 events"));
type MessageEvent = z.infer<typeof eventSchema>;

/** Business number and the other party of an event: a text in is to our number, a report is on a text from it. */
function parties(e: MessageEvent): { ours: string; other: string } {
  return e.type === "message-received" ? { ours: e.to, other: e.message.from } : { ours: e.message.owner ?? e.message.from, other: e.to };
}

export async function bandwidthMessaging(c: C) {
  const events = parse(bodySchema, await readBandwidthBody(c));
  // Every event is checked before any is acted on: one the credentials do not cover refuses the whole delivery.
  const byNumber = new Map<string, Promise<BandwidthRequest>>();
  const requests = await Promise.all(
    events.map((e) => {
      const { ours, other } = parties(e);
      let req = byNumber.get(ours);
      if (!req) byNumber.set(ours, (req = authenticateBandwidth(c, ours, other, "text")));
      return req;
    }),
  );
  for (const [i, e] of events.entries()) await handle(c, requests[i]!, e);
  return c.json({ ok: true });
}

async function handle(c: C, req: BandwidthRequest, e: MessageEvent) {
  const ctx: LineContext = { ...req.line.context, publicBaseUrl: req.base };
  if (e.type === "message-received") {
    const msg = { carrier: "bandwidth", carrierMessageId: e.message.id, from: e.message.from, to: ctx.number.e164, body: e.message.text, media: bandwidthMedia(e.message.media), carrierConfirmed: false, at: e.time ? Date.parse(e.time) || Date.now() : Date.now() } as const;
    const r = await lineStub(c.env, ctx.number.e164).handleInboundText(msg, ctx);
    log.info("webhook.bandwidth_sms", { businessId: ctx.business.id, number: ctx.number.e164, decision: r.decision, duplicate: r.duplicate });
    return;
  }
  const status = bandwidthMessageStatus(e.type);
  if (!status) return;
  const code = e.errorCode !== undefined && e.errorCode !== null && String(e.errorCode) !== "" ? bandwidthErrorCode(e.errorCode) : null;
  const r = await recordDeliveryReport(c.env.DB, ctx.number.id, e.message.id, status, code, ctx.hasWebhook);
  c.executionCtx.waitUntil(afterDeliveryReport(c.env, r));
  log.info("webhook.bandwidth_sms_status", { number: ctx.number.e164, status, changed: r.changed });
}
