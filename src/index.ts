import { app } from "./app";
import { isWebhookUrl, webhookApp } from "./webhook-app";
import type { Env } from "./env";
import { runScheduled } from "./ops/scheduled";
import { consumeOutbound } from "./outbox/consume";
import { consumeDeadLetters } from "./outbox/dead-letters";
import { isTranscriptJob } from "./outbox/jobs";
import { readTranscripts } from "./webhooks/transcript-job";

export { BusinessLine } from "./line/business-line";
export type { Env } from "./env";

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => (isWebhookUrl(request.url) ? webhookApp : app).fetch(request, env, ctx),
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runScheduled(env));
  },
  async queue(batch, env, _ctx) {
    if (batch.queue.endsWith("-dlq")) return consumeDeadLetters(batch, env);
    // A voicemail's read loads a line and asks a carrier, as a webhook does: its own consumer.
    const transcripts = batch.messages.filter((m) => isTranscriptJob(m.body));
    const others = batch.messages.filter((m) => !transcripts.includes(m));
    await Promise.all([consumeOutbound(others, env), transcripts.length > 0 ? readTranscripts(transcripts, env) : null]);
  },
} satisfies ExportedHandler<Env, unknown>;
