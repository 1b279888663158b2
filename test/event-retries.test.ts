/**
 * A subscriber that is down gets its event for about a day: the queue retries the first minutes,
 * then the delivery row's nextAttemptAt and the 10-minute cron; Retry-After is honoured; each
 * attempt carries the same id and bytes; what went wrong is said in words, never the receiver's body.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { requeueDueEvents, STRANDED_AFTER_MS } from "../src/notify/events";
import { apiJson, createTwilioLine } from "./support/app";
import { recording, type Issued } from "./support/d1";
import { runQueueBatch } from "./support/queue";
import { expectAllIndexed, plan } from "./support/query-plans";
import { deliveryRow, holdDeliveries, mockSubscribers, optOut, subscribe, type ScriptedAnswer } from "./support/subscribers";

afterEach(() => vi.restoreAllMocks());

/** The queue and D1 under a loaded machine: seconds, not the default one. */
const WAIT = { timeout: 10_000, interval: 50 };

const HOUR = 3_600_000;
/** Production's unit for the queue's waits (tests run with 0: at once). */
const PRODUCTION = { ...env, OUTBOX_RETRY_BASE_SECONDS: "2" };

/** A business with one subscriber at `host` answering `script`, and one event whose delivery is held from the queue. */
async function heldDelivery(host: string, script: ScriptedAnswer[]) {
  const subs = mockSubscribers({ [host]: { statuses: script } });
  const line = await createTwilioLine();
  const hook = await subscribe(line.businessId, { url: `https://${host}/hook`, events: ["consent.changed"] });
  const held = holdDeliveries();
  await optOut(line.businessId);
  const id = await vi.waitFor(() => {
    expect(held.ids).toHaveLength(1);
    return held.ids[0]!;
  }, WAIT);
  held.ids.length = 0;
  return { subs, hook, id, held, businessId: line.businessId };
}

/** One attempt by the consumer, as production times it: whether the queue retries the message (and in how long) or it is acked. */
async function attempt(id: string) {
  const before = Date.now();
  const batch = createMessageBatch("sms-outbound", [{ id: "job0", timestamp: new Date(), attempts: 1, body: { webhookDeliveryId: id } }]);
  const retry = vi.spyOn(batch.messages[0]!, "retry");
  const ctx = createExecutionContext();
  await worker.queue(batch, PRODUCTION, ctx);
  await waitOnExecutionContext(ctx);
  const result = await getQueueResult(batch, ctx);
  const row = await deliveryRow(id);
  const queueWait = retry.mock.calls[0]?.[0]?.delaySeconds;
  return { row, before, by: retry.mock.calls.length > 0 ? "queue" : result.explicitAcks.includes("job0") ? "acked" : "?", queueWait };
}

describe("retries over a day", () => {
  it("a receiver answering 503 gets 11 attempts over about 24 hours, the same id and bytes each time, then the delivery is dead", async () => {
    const { subs, hook, id } = await heldDelivery("down.example", Array(11).fill(503));
    const waits: { by: string; seconds: number }[] = [];
    for (let n = 1; n <= 10; n++) {
      const { row, before, by, queueWait } = await attempt(id);
      expect(row).toMatchObject({ status: "retrying", attempts: n, last_error: "HTTP 503" });
      const due = (row.next_attempt_at! - before) / 1000;
      if (by === "queue") {
        waits.push({ by, seconds: queueWait! });
        // The row waits as a safety net: the cron takes it back only if the queue lost it.
        expect(due).toBeGreaterThanOrEqual(queueWait! + STRANDED_AFTER_MS / 1000 - 1);
      } else {
        expect(by).toBe("acked");
        waits.push({ by: "cron", seconds: due });
      }
    }
    const last = await attempt(id);
    expect(last.by).toBe("acked");
    expect(last.row).toMatchObject({ status: "dead", attempts: 11, next_attempt_at: null });

    expect(waits.map((w) => w.by)).toEqual(["queue", "queue", "queue", ...Array(7).fill("cron")]);
    const seconds = waits.map((w) => w.seconds);
    expect(seconds[0]).toBeGreaterThanOrEqual(9);
    expect(seconds[0]).toBeLessThanOrEqual(11);
    for (let i = 1; i < seconds.length; i++) expect(seconds[i]!).toBeGreaterThanOrEqual(seconds[i - 1]! * 0.8);
    expect(Math.max(...seconds)).toBeLessThanOrEqual(8 * 3600 * 1.1 + 1);
    const span = seconds.reduce((a, b) => a + b, 0);
    expect(span).toBeGreaterThan(20 * 3600);
    expect(span).toBeLessThan(27 * 3600);

    const posts = subs.posts.filter((p) => p.host === "down.example");
    expect(posts).toHaveLength(11);
    expect(new Set(posts.map((p) => p.raw)).size).toBe(1);
    expect(posts.every((p) => p.body.id === posts[0]!.body.id)).toBe(true);
    const { deliveries } = await apiJson("GET", `/hooks/${hook.id}/deliveries?status=dead`);
    expect(deliveries).toMatchObject([{ id, status: "dead", attempts: 11, lastError: "HTTP 503" }]);
  }, 30_000);

  it("the cron requeues a delivery once its next attempt is due, not before and not twice; one lost on the way comes back later", async () => {
    const { subs, id, held } = await heldDelivery("later.example", [503, 503, 503, 503]);
    for (let n = 1; n <= 4; n++) await attempt(id);
    const due = (await deliveryRow(id)).next_attempt_at!;
    expect(due).toBeGreaterThan(Date.now() + 10 * 60_000);

    // Other tests' deliveries may be due too: only this one's requeues are counted.
    const requeued = () => held.ids.filter((x) => x === id).length;
    await requeueDueEvents(env, Date.now());
    await requeueDueEvents(env, due - 1000);
    expect(requeued()).toBe(0);
    await requeueDueEvents(env, due);
    expect(requeued()).toBe(1);
    // Queued: the next run leaves it alone while the queue has it.
    await requeueDueEvents(env, due + 60_000);
    expect(requeued()).toBe(1);
    // That message never arrived (the queue lost it): a run 10 minutes on queues it again.
    await requeueDueEvents(env, due + STRANDED_AFTER_MS + 1000);
    expect(requeued()).toBe(2);

    const { row } = await attempt(id);
    expect(row).toMatchObject({ status: "delivered", attempts: 5, next_attempt_at: null, last_error: null });
    await requeueDueEvents(env, due + 30 * HOUR);
    expect(requeued()).toBe(2);
    const posts = subs.posts.filter((p) => p.host === "later.example");
    expect(posts.map((p) => p.status)).toEqual([503, 503, 503, 503, 200]);
    expect(new Set(posts.map((p) => p.raw)).size).toBe(1);
  }, 30_000);

  it("the real queue and the cron carry a failing delivery through to its subscriber", async () => {
    const subs = mockSubscribers({ "flaky.example": { statuses: [500, 502, 503, 504, 500] } });
    const line = await createTwilioLine();
    const hook = await subscribe(line.businessId, { url: "https://flaky.example/hook", events: ["consent.changed"] });
    await optOut(line.businessId);
    // Three queue retries at once (tests wait nothing), then the cron's turn.
    await vi.waitFor(async () => expect((await apiJson("GET", `/hooks/${hook.id}/deliveries`)).deliveries[0]).toMatchObject({ status: "retrying", attempts: 4 }), WAIT);
    expect(subs.posts.filter((p) => p.host === "flaky.example")).toHaveLength(4);
    for (let run = 0; run < 2; run++) {
      expect(await requeueDueEvents(env, Date.now() + 9 * HOUR)).toBeGreaterThanOrEqual(1);
      await vi.waitFor(() => expect(subs.posts.filter((p) => p.host === "flaky.example")).toHaveLength(5 + run), WAIT);
    }
    await vi.waitFor(async () => expect((await apiJson("GET", `/hooks/${hook.id}/deliveries`)).deliveries[0]).toMatchObject({ status: "delivered", attempts: 6 }), WAIT);
    expect(subs.received("flaky.example")).toHaveLength(1);
  }, 30_000);
});

describe("the cron's look", () => {
  it("finds deliveries stranded or due through their partial indexes, oldest first, never scanning the table", async () => {
    const issued: Issued[] = [];
    await requeueDueEvents({ ...env, DB: recording(env.DB, issued) }, Date.now());
    await expectAllIndexed(issued, [["deliveries still queued or due again", /^UPDATE webhook_deliveries SET status = 'retrying'/, { sortedByIndex: true }]]);
    const details = await plan(issued[0]!);
    expect(details.join("\n")).toContain("webhook_deliveries_queued_idx");
    expect(details.join("\n")).toContain("webhook_deliveries_due_idx");
  }, 30_000);
});

describe("Retry-After", () => {
  it("is never retried sooner than the receiver asks; a wait of an hour goes to the cron", async () => {
    const { id } = await heldDelivery("busy.example", [
      { status: 503, retryAfter: "120" },
      { status: 429, retryAfter: "3600" },
      { status: 503, retryAfter: "2" },
    ]);
    const first = await attempt(id);
    expect(first.queueWait).toBe(120);
    expect(first.row.last_error).toBe("HTTP 503 (Retry-After 120 s)");
    const second = await attempt(id);
    expect(second.by).toBe("acked");
    expect((second.row.next_attempt_at! - second.before) / 1000).toBeGreaterThanOrEqual(3600);
    expect((second.row.next_attempt_at! - second.before) / 1000).toBeLessThan(3610);
    expect(second.row.last_error).toBe("HTTP 429 (Retry-After 3600 s)");
    // Shorter than our own schedule (300 s ± 10% after the third): the schedule stands.
    const third = await attempt(id);
    expect(third.queueWait).toBeGreaterThanOrEqual(270);
    expect(third.queueWait).toBeLessThanOrEqual(330);
  }, 30_000);
});

describe("what went wrong, in words", () => {
  it("says the status, the timeout, the connection or the TLS failure, on the delivery and on its subscriber, and never the receiver's body", async () => {
    const { hook, id, businessId } = await heldDelivery("broken.example", [
      new DOMException("The operation was aborted due to timeout", "TimeoutError"),
      new TypeError("Network connection lost."),
      new Error("TLS peer's certificate is not trusted; reason = certificate has expired"),
      503,
    ]);
    const said: string[] = [];
    for (let n = 0; n < 4; n++) {
      await runQueueBatch("sms-outbound", [{ webhookDeliveryId: id }]);
      const row = await deliveryRow(id);
      const { hooks } = await apiJson("GET", `/businesses/${businessId}/hooks`);
      expect(hooks.find((h: { id: string }) => h.id === hook.id).lastError).toBe(row.last_error);
      said.push(row.last_error!);
    }
    expect(said).toEqual([
      "timeout after 10 s",
      "DNS/connection failed: Network connection lost.",
      "TLS error: TLS peer's certificate is not trusted; reason = certificate has expired",
      "HTTP 503",
    ]);
    expect(said.join()).not.toContain("internal details");
    expect(said.join()).not.toMatch(/^Error$|TypeError|TimeoutError/);
  }, 30_000);
});
