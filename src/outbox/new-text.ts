import type { messages } from "../db/schema";
import { countSegments, truncateToSegments } from "../rules/encoding";
import { SEGMENT_CAPS } from "../rules/outbound-guard";
import type { OutboundTextJob } from "./jobs";
import type { MessageKind } from "../vocabulary";

/** A text's row and its job, to be written and queued together. */
export interface NewText {
  row: typeof messages.$inferInsert;
  job: OutboundTextJob;
}

/** Longest text we hand to the carrier (Twilio 21617 above it). */
const MAX_BODY = 1600;

/**
 * A new outbound text: its `messages` row (queued) and the queue job that points at it. A kind with
 * a segment cap (rules/outbound-guard.ts SEGMENT_CAPS: relays and pages, which carry a caller's
 * words) is cut to it.
 */
export function newText(args: {
  id: string;
  businessId: string;
  numberId: string;
  callId?: string | null;
  kind: MessageKind;
  from: string;
  to: string;
  body: string;
  now: number;
  publicBaseUrl: string;
  /** The code of the tracked booking link rendered into `body` (links/tracked.ts), stored with the text. */
  linkCode?: string | null;
  /** The caller a text to the business's own phones is about, so their lead and conversation show it. */
  about?: string | null;
}): NewText {
  const cap = SEGMENT_CAPS[args.kind];
  // Every text row is made here, so a relay or a page is cut to its cap whichever path sent it.
  const capped = cap === undefined ? args.body : truncateToSegments(args.body, cap);
  const body = capped.length > MAX_BODY ? `${capped.slice(0, MAX_BODY - 1)}…` : capped;
  const seg = countSegments(body);
  // Stored only when the link made it into the text (a template without {bookingUrl}, or a cut relay, has none).
  const linkCode = args.linkCode && body.includes(`/l/${args.linkCode}`) ? args.linkCode : null;
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
      ...(linkCode ? { linkCode } : {}),
      ...(args.about ? { aboutPhone: args.about } : {}),
    },
    job: {
      messageId: args.id,
      businessId: args.businessId,
      ...(args.publicBaseUrl ? { callbackOrigin: args.publicBaseUrl } : {}),
    },
  };
}

/** The same text in other words (a confirmation naming whom it is about), counted again. */
export function withBody(text: NewText, body: string): NewText {
  const seg = countSegments(body);
  return { ...text, row: { ...text.row, body, encoding: seg.encoding, segments: seg.segments } };
}
