import { app } from "./app";
import type { Env } from "./env";
import { runScheduled } from "./ops/scheduled";
import { consumeOutbound } from "./outbox/consume";
import { consumeDeadLetters } from "./outbox/dead-letters";

export { BusinessLine } from "./line/business-line";
export type { Env } from "./env";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runScheduled(env));
  },
  async queue(batch, env, _ctx) {
    if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(batch, env);
    else await consumeOutbound(batch, env);
  },
} satisfies ExportedHandler<Env, unknown>;
