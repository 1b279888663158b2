/**
 * Carrier outages through the real queue (retries are immediate here: OUTBOX_RETRY_BASE_SECONDS=0).
 * What test/outbox.test.ts does not show: many texts riding out the same outage, a carrier that
 * never answers (the send must time out on its own), and one slow number beside a healthy one.
 */
import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { createTwilioLine, dialStatus, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { readForm } from "./support/form";

afterEach(() => vi.restoreAllMocks());

interface Attempt {
  to: string;
  from: string;
  status: number | "timeout";
}

const created = (to: string) => Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued", to }, { status: 201 });

async function missedCall(line: TwilioLine, caller: string) {
  const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  expect(res.status).toBe(200);
}

async function rowsTo(businessId: string) {
  const { results } = await env.DB.prepare("SELECT to_phone, status, attempts, error_code FROM messages WHERE business_id = ? AND direction = 'outbound'")
    .bind(businessId)
    .all<{ to_phone: string; status: string; attempts: number; error_code: string | null }>();
  return results;
}

describe("carrier outage", () => {
  it("sends every queued text exactly once after the carrier answers 503 for a while and recovers", async () => {
    const K = 20;
    const attempts: Attempt[] = [];
    let outage = K;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      if (new URL(req.url).hostname !== "api.twilio.com") return new Response("blocked", { status: 599 });
      const form = await readForm(req);
      const to = form.get("To") ?? "";
      if (outage > 0) {
        outage -= 1;
        attempts.push({ to, from: form.get("From") ?? "", status: 503 });
        // What a load balancer says in an outage: HTML, not Twilio's JSON.
        return new Response("<html><body>503 Service Unavailable</body></html>", { status: 503, headers: { "content-type": "text/html" } });
      }
      attempts.push({ to, from: form.get("From") ?? "", status: 201 });
      return created(to);
    });
    const line = await createTwilioLine();
    const callers = Array.from({ length: 10 }, () => uniquePhone("617"));
    await Promise.all(callers.map((c) => missedCall(line, c)));

    await vi.waitFor(
      async () => {
        const rows = await rowsTo(line.businessId);
        expect(rows.filter((r) => r.status === "sent")).toHaveLength(10);
      },
      { timeout: 20_000, interval: 50 },
    );
    await settle(500);

    expect(attempts.filter((a) => a.status === 503)).toHaveLength(K);
    // Exactly one accepted send per caller, none to anyone else.
    const accepted = attempts.filter((a) => a.status === 201).map((a) => a.to);
    expect(accepted.sort()).toEqual([...callers].sort());
    // Each row counts its own attempts: failures plus the one that went through.
    for (const r of await rowsTo(line.businessId)) {
      expect(r.status).toBe("sent");
      expect(r.error_code).toBeNull();
      expect(r.attempts).toBe(attempts.filter((a) => a.to === r.to_phone).length);
    }
  }, 30_000);

  it("times out a carrier that never answers, retries, and sends once when it answers again", async () => {
    // The send must carry its own deadline: AbortSignal.timeout(10 s). Spied so the deadline fires in
    // 20 ms instead; the hanging fetch below only ends through that signal (as a real one would).
    const deadlines: number[] = [];
    vi.spyOn(AbortSignal, "timeout").mockImplementation((ms: number) => {
      deadlines.push(ms);
      const ac = new AbortController();
      setTimeout(() => ac.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")), 20);
      return ac.signal;
    });
    let hangs = 2;
    const attempts: Attempt[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      if (new URL(req.url).hostname !== "api.twilio.com") return new Response("blocked", { status: 599 });
      const to = (await readForm(req)).get("To") ?? "";
      if (hangs > 0) {
        hangs -= 1;
        const signal = init?.signal ?? req.signal;
        attempts.push({ to, from: "", status: "timeout" });
        return new Promise<Response>((_, reject) => {
          if (!signal) return; // no deadline: hangs for ever, and the test times out
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        });
      }
      attempts.push({ to, from: "", status: 201 });
      return created(to);
    });
    const line = await createTwilioLine();
    const caller = uniquePhone("617");
    await missedCall(line, caller);

    await vi.waitFor(
      async () => {
        const [row] = await rowsTo(line.businessId);
        expect(row?.status).toBe("sent");
      },
      { timeout: 10_000, interval: 50 },
    );
    await settle(300);
    expect(attempts.map((a) => a.status)).toEqual(["timeout", "timeout", 201]);
    expect(deadlines.length).toBeGreaterThanOrEqual(3);
    expect(new Set(deadlines)).toEqual(new Set([10_000]));
    const [row] = await rowsTo(line.businessId);
    expect(row).toMatchObject({ status: "sent", attempts: 3, error_code: null });
  }, 20_000);

  it("records a timed-out send as retryable with code 'timeout'", async () => {
    vi.spyOn(AbortSignal, "timeout").mockImplementation(() => AbortSignal.abort(new DOMException("timed out", "TimeoutError")));
    vi.spyOn(globalThis, "fetch").mockImplementation(async (_input, init) => {
      if (init?.signal?.aborted) throw init.signal.reason;
      return new Promise<Response>(() => {});
    });
    const line = await createTwilioLine();
    const caller = uniquePhone("617");
    const id = await queuedMessage(line, caller);
    const batch = createMessageBatch("sms-outbound", [{ id: "hang", timestamp: new Date(), attempts: 1, body: { messageId: id, businessId: line.businessId } }]);
    const retry = vi.spyOn(batch.messages[0]!, "retry");
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(retry).toHaveBeenCalledOnce();
    const row = await env.DB.prepare("SELECT status, error_code, attempts FROM messages WHERE id = ?").bind(id).first();
    expect(row).toMatchObject({ status: "retrying", error_code: "timeout", attempts: 1 });
  });

  /**
   * One number's carrier answering slowly must not hold up another number's texts.
   *
   * Through the local queue this cannot be shown: Miniflare's broker dispatches one batch per queue
   * at a time (its pending flush is held until the consumer returns), so everything waits behind a
   * slow batch there. In production Queues runs consumer invocations concurrently, so texts in
   * different batches do not wait for each other unless our code makes them (a shared lock, a
   * global): the first test drives two invocations at once. Within one batch, the order is the
   * consumer's own doing: see the second test.
   */
  it("does not let a slow 201 for one number hold up another number's text in a concurrent invocation", async () => {
    const { slow, fast, order, release } = await slowAndFastLines();
    const slowId = await queuedMessage(slow, uniquePhone("617"));
    const fastId = await queuedMessage(fast, uniquePhone("617"));
    const slowRun = runBatch([{ id: "slow", messageId: slowId, businessId: slow.businessId }]);
    const fastRun = runBatch([{ id: "fast", messageId: fastId, businessId: fast.businessId }]);

    await fastRun;
    expect(order).toEqual([fast.e164]);
    expect(await statusOf(fastId)).toBe("sent");
    expect(await statusOf(slowId)).not.toBe("sent");

    release();
    await slowRun;
    expect(order).toEqual([fast.e164, slow.e164]);
    expect(await statusOf(slowId)).toBe("sent");
  });

  // A slow carrier answer (up to the 10 s send timeout) must not hold the other messages of its batch.
  it("does not let a slow 201 for one number hold up another number's text in the same batch", async () => {
    const { slow, fast, order, release } = await slowAndFastLines();
    const slowId = await queuedMessage(slow, uniquePhone("617"));
    const fastId = await queuedMessage(fast, uniquePhone("617"));
    const run = runBatch([
      { id: "slow", messageId: slowId, businessId: slow.businessId },
      { id: "fast", messageId: fastId, businessId: fast.businessId },
    ]);
    try {
      await vi.waitFor(async () => expect(await statusOf(fastId)).toBe("sent"), { timeout: 2000, interval: 20 });
      expect(order).toEqual([fast.e164]);
    } finally {
      release();
      await run;
    }
    expect(await statusOf(slowId)).toBe("sent");
  });
});

/** Two Twilio lines; the carrier holds every send from `slow` until `release()`. */
async function slowAndFastLines() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const order: string[] = [];
  const slow = await createTwilioLine({ name: "Slow Co" });
  const fast = await createTwilioLine({ name: "Fast Co" });
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    if (new URL(req.url).hostname !== "api.twilio.com") return new Response("blocked", { status: 599 });
    const form = await readForm(req);
    const from = form.get("From") ?? "";
    if (from === slow.e164) await gate;
    order.push(from);
    return created(form.get("To") ?? "");
  });
  return { slow, fast, order, release };
}

/** One consumer invocation, as the queue would make it. */
async function runBatch(jobs: Array<{ id: string; messageId: string; businessId: string }>) {
  const batch = createMessageBatch(
    "sms-outbound",
    jobs.map((j) => ({ id: j.id, timestamp: new Date(), attempts: 1, body: { messageId: j.messageId, businessId: j.businessId } })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  await waitOnExecutionContext(ctx);
}

async function statusOf(id: string): Promise<string | undefined> {
  return (await env.DB.prepare("SELECT status FROM messages WHERE id = ?").bind(id).first<{ status: string }>())?.status;
}

/** A queued text row, as the line writes it, without the queue hop. */
async function queuedMessage(line: TwilioLine, caller: string): Promise<string> {
  const num = await env.DB.prepare("SELECT id FROM numbers WHERE e164 = ?").bind(line.e164).first<{ id: string }>();
  const id = `m_outage_${crypto.randomUUID()}`;
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO messages (id, business_id, number_id, direction, kind, from_phone, to_phone, body, encoding, segments, status, attempts, created_at, updated_at)
     VALUES (?, ?, ?, 'outbound', 'missed_call', ?, ?, 'Acme Plumbing: test. Reply STOP to opt out.', 'GSM-7', 1, 'queued', 0, ?, ?)`,
  )
    .bind(id, line.businessId, num!.id, line.e164, caller, now, now)
    .run();
  return id;
}
