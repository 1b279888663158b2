import { Hono } from "hono";
import * as z from "../zod";
import { decryptSecret } from "../crypto/secrets";
import { isTextbackSignatureShaped, verifyTextback } from "../crypto/textback-signature";
import { loadLine } from "./line-config";
import type { Env } from "../env";
import { toWire } from "../line/wire-context";
import { log } from "../log";
import { bodyText } from "../body-text";
import { parseInput, parseJsonBody } from "../input";
import { lineStub } from "../line/stub";
import { publicBase } from "../public-base";
import { refuseLookup, refuseUnverified } from "./unverified";

/**
 * An AI receptionist reports calls it could not finish (DESIGN.md §3): the caller hung up during the
 * greeting, or the AI failed. Those are missed calls like any other, decided by the same line.
 */
export const voiceAiWebhook = new Hono<{ Bindings: Env }>();

const eventSchema = z.object({
  event: z.enum(["call.abandoned", "call.failed", "call.completed"]),
  businessNumber: z.string().check(z.regex(/^\+[1-9]\d{1,14}$/, "must be E.164")),
  from: z.string().check(z.maxLength(64)),
  callId: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The carrier's id for the same call (CallSid / call_session_id), so the line can dedupe. */
  carrierCallId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  at: z.optional(z.string().check(z.iso.datetime({ offset: true }))),
});

const STATUS = { "call.abandoned": "abandoned", "call.failed": "failed", "call.completed": "completed" } as const;

voiceAiWebhook.post("/", async (c) => {
  // Cheapest first: a header that cannot be a current signature is refused before the body is read,
  // the business looked up or its secret decrypted; an unknown number, a business without a secret
  // and a wrong signature then get that same answer (see refuseUnverified).
  const now = Math.floor(Date.now() / 1000);
  const signature = c.req.header("x-textback-signature");
  if (!isTextbackSignatureShaped(signature, now)) refuseUnverified();
  const raw = await bodyText(c.req);
  const e = parseInput(eventSchema, parseJsonBody(raw));
  const line = await loadLine(c.env.DB, e.businessNumber, e.from);
  if (!line) refuseLookup(c, "unknown", e.businessNumber);
  if (!line.voiceAiSecret) refuseUnverified();
  const secret = await decryptSecret(c.env.DATA_KEY, line.voiceAiSecret);
  if (!(await verifyTextback(secret, signature, raw, now))) refuseUnverified();

  const ctx = line.context;
  const stub = lineStub(c.env, ctx.number.e164);
  const d = await stub.handleCall(
    {
      carrier: line.carrier,
      // Keyed like the carrier's own callback for this call, so the two dedupe against each other.
      carrierCallId: e.carrierCallId ?? `ai-${e.callId}`,
      from: e.from,
      to: e.businessNumber,
      facts: { source: "ai", status: STATUS[e.event] },
      at: e.at ? Date.parse(e.at) : Date.now(),
    },
    toWire(ctx, publicBase(c)),
  );
  log.info("webhook.voice_ai", { businessId: ctx.business.id, number: ctx.number.e164, callId: e.callId, decision: d.decision, duplicate: d.duplicate });
  return c.json({ decision: d.decision, explanation: d.explanation, duplicate: d.duplicate });
});
