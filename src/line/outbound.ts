import type { messages } from "../db/schema";
import { countSegments } from "../rules/encoding";
import type { OutboundText } from "../outbox/outbound-text";

type NewMessage = typeof messages.$inferInsert;

/** Longest text we hand to the carrier (Twilio 21617 above it). */
const MAX_BODY = 1600;

/** A queued outbound text row and the queue job that points at it. */
export function outboundText(args: {
  id: string;
  businessId: string;
  numberId: string;
  callId?: string | null;
  kind: string;
  from: string;
  to: string;
  body: string;
  now: number;
  publicBaseUrl: string;
}): { row: NewMessage; job: OutboundText } {
  const body = args.body.length > MAX_BODY ? `${args.body.slice(0, MAX_BODY - 1)}…` : args.body;
  const seg = countSegments(body);
  return {
    row: {
      id: args.id,
      businessId: args.businessId,
      numberId: args.numberId,
      callId: args.callId ?? null,
      direction: "outbound",
      kind: args.kind,
      fromPhone: args.from,
      toPhone: args.to,
      body,
      encoding: seg.encoding,
      segments: seg.segments,
      status: "queued",
      attempts: 0,
      createdAt: args.now,
      updatedAt: args.now,
    },
    job: {
      messageId: args.id,
      businessId: args.businessId,
      ...(args.publicBaseUrl ? { callbackOrigin: args.publicBaseUrl } : {}),
    },
  };
}
