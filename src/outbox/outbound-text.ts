import * as z from "../zod";

/**
 * A D1 row as the line built it from the drizzle table's insert type (checked there, carried as is).
 * Only its shape is checked: z.record would copy every field of three rows for each text sent.
 */
const row = z.custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "expected an object");

/**
 * A missed call's records, written by the consumer in its batch instead of by the line on the
 * webhook's path (write-behind): the call row, the text's row (inserted only while the caller is
 * clear when `verify`), and the implied-consent evidence that goes with a text row written then.
 * The rest says what to undo and whom to tell if D1 refuses the text.
 */
export const callRecordSchema = z.object({
  call: row,
  message: row,
  consent: row,
  verify: z.boolean(),
  /** The line (business number) that decided, its event id, and the reservation to give back. */
  line: z.string(),
  eventId: z.string(),
  day: z.string(),
  previousTextAt: z.nullable(z.number()),
  explanation: z.string(),
  /** The business takes event webhooks: the consumer emits call.missed once the decision is final. */
  notify: z.boolean(),
});
export type CallRecord = z.infer<typeof callRecordSchema>;

/** The queue message: a pointer to a `messages` row, which holds the text and its state. */
export const outboundTextSchema = z.object({
  messageId: z.string().check(z.minLength(1)),
  businessId: z.string().check(z.minLength(1)),
  /** Our public origin, for the carrier's delivery reports; known to the webhook, not to the consumer. */
  callbackOrigin: z.optional(z.string().check(z.url())),
  /** Present on a missed call's first text: the rows to write before sending (see callRecordSchema). */
  record: z.optional(callRecordSchema),
});
export type OutboundText = z.infer<typeof outboundTextSchema>;

/** A signed event webhook to the business's own system (see notify/webhooks.ts). */
export const webhookJobSchema = z.object({ webhookDeliveryId: z.string().check(z.minLength(1)) });
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/** Everything the outbox queue carries. */
export const outboxJobSchema = z.union([outboundTextSchema, webhookJobSchema]);
export type OutboxJob = z.infer<typeof outboxJobSchema>;
