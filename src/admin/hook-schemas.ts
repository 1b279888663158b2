import { publicUrlSchema } from "../rules/public-url";
import { NOTIFY_EVENTS } from "../vocabulary";
import * as z from "../zod";

/** A subscription (REST hook): where to post, which event types (`*`: all), and optionally its secret. */
export const createHookSchema = z.strictObject({
  url: publicUrlSchema,
  events: z.array(z.enum([...NOTIFY_EVENTS, "*"])).check(z.minLength(1, "events: name at least one event type, or \"*\""), z.maxLength(50)),
  secret: z.optional(z.string().check(z.minLength(16, "secret must be at least 16 characters"), z.maxLength(200))),
});
export type CreateHookInput = z.infer<typeof createHookSchema>;

export const deliveryQuerySchema = z.object({
  status: z.optional(z.enum(["queued", "retrying", "delivered", "failed", "dead"])),
});
