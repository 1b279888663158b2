import { z } from "zod";

/** The queue message: a pointer to a `messages` row, which holds the text and its state. */
export const outboundTextSchema = z.object({
  messageId: z.string().min(1),
  businessId: z.string().min(1),
  /** Where the carrier reports delivery; known to the webhook (its origin), not to the consumer. */
  statusCallback: z.string().url().optional(),
});
export type OutboundText = z.infer<typeof outboundTextSchema>;

/** A signed event webhook to the business's own system (see notify/webhooks.ts). */
export const webhookJobSchema = z.object({ webhookDeliveryId: z.string().min(1) });
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/** Everything the outbox queue carries. */
export const outboxJobSchema = z.union([outboundTextSchema, webhookJobSchema]);
export type OutboxJob = z.infer<typeof outboxJobSchema>;
