import { z } from "zod";

/** The queue message: a pointer to a `messages` row, which holds the text and its state. */
export const outboundTextSchema = z.object({
  messageId: z.string().min(1),
  businessId: z.string().min(1),
  /** Where the carrier reports delivery; known to the webhook (its origin), not to the consumer. */
  statusCallback: z.string().url().optional(),
});
export type OutboundText = z.infer<typeof outboundTextSchema>;
