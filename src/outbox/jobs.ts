import type { calls, consentEvents, messages } from "../db/schema";
import type { IfContact } from "./contact-texts";
import * as z from "../zod";

/**
 * A D1 row as the line built it from the drizzle table's insert type (checked there, carried as is).
 * Only its shape is checked: z.record would copy every field of three rows for each text sent.
 */
const row = <T>() => z.custom<T>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "expected an object");

/**
 * A missed call's records, written by the consumer in its batch instead of by the line on the
 * webhook's path (write-behind): the call row, the text's row (inserted only while the caller is
 * clear when `verify`), and the implied-consent evidence that goes with a text row written then.
 * The rest says what to undo and whom to tell if D1 refuses the text.
 */
export const writeBehindRecordSchema = z.object({
  call: row<typeof calls.$inferInsert>(),
  message: row<typeof messages.$inferInsert>(),
  consent: row<typeof consentEvents.$inferInsert>(),
  verify: z.boolean(),
  named: z.optional(z.boolean()),
  /** The carrier's caller ID name, tidied, for the caller's lead (absent from jobs queued before it, and without one). */
  callerIdName: z.optional(z.string()),
  /** The line (business number) that decided, its event id, and the reservation to give back. */
  line: z.string(),
  eventId: z.string(),
  day: z.string(),
  previousTextAt: z.nullable(z.number()),
  explanation: z.string(),
  /** The business takes event webhooks: the consumer emits call.missed once the decision is final. */
  notify: z.boolean(),
  /** The business asks the carrier whether the caller is a landline before texting (setting `lookupLineType`). */
  lookupLineType: z.optional(z.boolean()),
  /** What the call does if D1 says the caller is a contact (absent from jobs queued before contacts). */
  ifContact: z.optional(row<IfContact>()),
});
export type WriteBehindRecord = z.infer<typeof writeBehindRecordSchema>;

/** A text to send: a pointer to a `messages` row, which holds the text and its state. */
export const outboundTextJobSchema = z.object({
  messageId: z.string().check(z.minLength(1)),
  businessId: z.string().check(z.minLength(1)),
  /** Our public origin, for the carrier's delivery reports; known to the webhook, not to the consumer. */
  callbackOrigin: z.optional(z.string().check(z.url())),
  /** Present on a missed call's first text: the rows to write before sending. */
  record: z.optional(writeBehindRecordSchema),
});
export type OutboundTextJob = z.infer<typeof outboundTextJobSchema>;

/** A signed event to the business's own system (notify/events.ts). */
export const eventWebhookJobSchema = z.object({ webhookDeliveryId: z.string().check(z.minLength(1)) });
export type EventWebhookJob = z.infer<typeof eventWebhookJobSchema>;

/**
 * A voicemail's words to read from the carrier (Vonage, Bandwidth): a pointer to its
 * `voicemail_transcripts` row, which says what to read and where the read stands.
 */
export const transcriptJobSchema = z.object({ transcriptId: z.string().check(z.minLength(1)) });
export type TranscriptJob = z.infer<typeof transcriptJobSchema>;

/** What the outbox's own consumer takes (consume.ts): texts to send and events to deliver. */
export const sendJobSchema = z.union([outboundTextJobSchema, eventWebhookJobSchema]);
export type SendJob = z.infer<typeof sendJobSchema>;

/** Everything the outbox queue carries: a transcript's read is handed to its own consumer (src/index.ts). */
export const outboxJobSchema = z.union([outboundTextJobSchema, eventWebhookJobSchema, transcriptJobSchema]);
export type OutboxJob = z.infer<typeof outboxJobSchema>;

/**
 * Whether a queued body is meant for the transcript reader: only its jobs have `transcriptId`. A
 * property test, not a parse: it runs on every message of every batch, and the reader (or the
 * outbox's own parse) still refuses a malformed body.
 */
export const isTranscriptJob = (body: unknown): boolean => typeof body === "object" && body !== null && "transcriptId" in body;
