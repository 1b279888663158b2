import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import worker from "../../src/index";
import { dialStatus, twilioWebhook, type TwilioLine } from "./app";

/**
 * A no-answer call whose text job is held back from the queue: the line's work is done, the
 * outbox's is not (run it with `runQueueBatch`). Returns the job and the call's CallSid.
 */
export async function heldMissedCall(line: TwilioLine, caller: string): Promise<{ job: Record<string, unknown>; sid: string }> {
  const held: unknown[] = [];
  vi.spyOn(env.SMS_OUT, "send").mockImplementation(async (body) => {
    held.push(body);
    return undefined as never;
  });
  const params = dialStatus(line, caller, "no-answer");
  expect((await twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken)).status).toBe(200);
  vi.mocked(env.SMS_OUT.send).mockRestore();
  expect(held).toHaveLength(1);
  return { job: held[0] as Record<string, unknown>, sid: params.CallSid };
}

/** Hand `bodies` to the worker's queue handler as one batch of `queue` (ids job0, job1, …). */
export async function runQueueBatch(queue: string, bodies: unknown[], e: typeof env = env) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `job${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, e, ctx);
  await waitOnExecutionContext(ctx);
  return getQueueResult(batch, ctx);
}

/**
 * The queue refuses the first `sendBatch` whose bodies match (every batch by default) and takes the
 * rest. `matching`: how many matching batches were offered so far.
 */
export function queueRefusesOnce(matches: (bodies: unknown[]) => boolean = () => true): { matching: number } {
  const sendBatch = env.SMS_OUT.sendBatch.bind(env.SMS_OUT);
  const seen = { matching: 0 };
  vi.spyOn(env.SMS_OUT, "sendBatch").mockImplementation(async (messages, opts) => {
    const list = [...messages];
    if (matches(list.map((m) => m.body)) && seen.matching++ === 0) throw new Error("queue unavailable");
    return sendBatch(list, opts);
  });
  return seen;
}
