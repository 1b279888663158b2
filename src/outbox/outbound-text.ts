import * as z from "../zod";

/** The queue message: a pointer to a `messages` row, which holds the text and its state. */
export const outboundTextSchema = z.object({
  messageId: z.string().check(z.minLength(1)),
  businessId: z.string().check(z.minLength(1)),
  /** Our public origin, for the carrier's delivery reports; known to the webhook, not to the consumer. */
  callbackOrigin: z.optional(z.string().check(z.url())),
});
export type OutboundText = z.infer<typeof outboundTextSchema>;

/** A signed event webhook to the business's own system (see notify/webhooks.ts). */
export const webhookJobSchema = z.object({ webhookDeliveryId: z.string().check(z.minLength(1)) });
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/** Everything the outbox queue carries. */
export const outboxJobSchema = z.union([outboundTextSchema, webhookJobSchema]);
export type OutboxJob = z.infer<typeof outboxJobSchema>;
