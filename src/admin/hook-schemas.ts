import { publicUrlSchema } from "../rules/public-url";
import { subscriberUrlProblem } from "../rules/subscriber-url";
import { NOTIFY_EVENTS } from "../vocabulary";
import * as z from "../zod";

/** A subscription (REST hook): where to post, which event types (`*`: all), and optionally its secret. */
export const createHookSchema = z.strictObject({
  url: publicUrlSchema,
  events: z.array(z.enum([...NOTIFY_EVENTS, "*"])).check(z.minLength(1, "name at least one event type, or \"*\""), z.maxLength(50)),
  secret: z.optional(z.string().check(z.minLength(16, "must be at least 16 characters"), z.maxLength(200))),
});
export type CreateHookInput = z.infer<typeof createHookSchema>;

/** The same on a worker `npm start` runs locally (ALLOW_LOCAL_SUBSCRIBERS): http://127.0.0.1 and localhost too. */
export const localCreateHookSchema = z.extend(createHookSchema, {
  url: z.string().check(
    z.superRefine((value, ctx) => {
      const problem = subscriberUrlProblem(value, true);
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
    }),
  ),
});

export const deliveryQuerySchema = z.object({
  status: z.optional(z.enum(["queued", "retrying", "delivered", "failed", "dead"])),
});

/** `POST /hooks/:id/replay`: the subscriber's dead deliveries (or failed ones), all or those created since a time. */
export const replayHookSchema = z.strictObject({
  since: z.optional(z.iso.datetime({ offset: true, error: "must be a time like 2026-03-10T15:04:05Z" })),
  status: z._default(z.enum(["dead", "failed"], { error: 'must be "dead" or "failed"' }), "dead"),
});
export type ReplayHookInput = z.infer<typeof replayHookSchema>;
