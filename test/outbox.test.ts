import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, settle, twilioWebhook, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";
import worker from "../src/index";
import { messages, numbers } from "../src/db/schema";
import { outboxJobSchema } from "../src/outbox/jobs";

afterEach(() => vi.restoreAllMocks());

async function missedCall(line: Awaited<ReturnType<typeof createTwilioLine>>, caller: string) {
  const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  expect(res.status).toBe(200);
}

async function messageTo(businessId: string, caller: string) {
  const { messages } = await apiJson("GET", `/businesses/${businessId}/messages`);
  return messages.find((m: { to: string }) => m.to === caller);
}

/** The caller's message, once it has reached `status` (polls the admin API). */
function messageWithStatus(businessId: string, caller: string, status: string) {
  return eventually(async () => {
    const m = await messageTo(businessId, caller);
    return m?.status === status && m;
  });
}

describe("outbox", () => {
  it("sends once after the carrier answers 500, 500, then 201", async () => {
    const carrier = mockTwilio([
      { status: 500, body: { code: 20500, message: "Internal Server Error" } },
      { status: 500, body: { code: 20500, message: "Internal Server Error" } },
    ]);
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const msg = await messageWithStatus(line.businessId, caller, "sent");
    expect(carrier.to(caller)).toHaveLength(3);
    expect(msg).toMatchObject({ status: "sent", attempts: 3, errorCode: null });
    await settle(300);
    expect(carrier.to(caller)).toHaveLength(3);
  });

  it("fails once on 21610, and records the caller as opted out", async () => {
    const carrier = mockTwilio([
      { status: 400, body: { code: 21610, message: "Attempt to send to unsubscribed recipient" } },
    ]);
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const msg = await messageWithStatus(line.businessId, caller, "failed");
    expect(msg).toMatchObject({ attempts: 1, errorCode: "21610" });
    await settle(300);
    expect(carrier.to(caller)).toHaveLength(1);
    const consent = await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(caller)}`);
    expect(consent.status).toBe("opted_out");
    expect(consent.events.map((e: { kind: string; source: string }) => `${e.kind}/${e.source}`)).toEqual([
      "implied_by_call/call",
      "opt_out/carrier_error",
    ]);
  });

  it.each([
    ["21211 (invalid To)", 21211],
    ["21614 (not a mobile)", 21614],
    ["20003 (bad credentials)", 20003],
  ])("fails once, without retrying, on %s", async (_name, code) => {
    const carrier = mockTwilio([{ status: code === 20003 ? 401 : 400, body: { code, message: "no" } }]);
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const msg = await messageWithStatus(line.businessId, caller, "failed");
    expect(msg.errorCode).toBe(String(code));
    await settle(300);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("does not text a caller who is already opted out, and says why", async () => {
    const carrier = mockTwilio([{ status: 400, body: { code: 21610, message: "unsubscribed" } }]);
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const caller = uniquePhone();
    await missedCall(line, caller);
    await messageWithStatus(line.businessId, caller, "failed");
    await missedCall(line, caller);
    const latest = await eventually(async () => {
      const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
      return calls[0]?.decision === "skipped:opted_out" && calls[0];
    });
    expect(latest).toMatchObject({ decision: "skipped:opted_out", explanation: "Not texted: the caller opted out" });
    await settle(200);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("retries 429 and then sends once", async () => {
    const carrier = mockTwilio([{ status: 429, body: { code: 20429, message: "Too Many Requests" } }]);
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const msg = await messageWithStatus(line.businessId, caller, "sent");
    expect(msg.attempts).toBe(2);
    expect(carrier.to(caller)).toHaveLength(2);
  });

  it.each([
    [1, undefined, 2],
    [3, undefined, 8],
    [2, "30", 30],
    [12, undefined, 300],
  ])("asks the queue to retry attempt %i (Retry-After %s) after %i s", async (attempts, retryAfter, delay) => {
    vi.spyOn(globalThis, "fetch").mockResolvedValue(
      Response.json({ code: 20429, message: "Too Many Requests" }, { status: 429, headers: retryAfter ? { "retry-after": retryAfter } : {} }),
    );
    const line = await createTwilioLine();
    const id = await insertQueuedMessage(line, uniquePhone());
    const batch = createMessageBatch("sms-outbound", [
      { id: "q1", timestamp: new Date(), attempts, body: { messageId: id, businessId: line.businessId } },
    ]);
    const retry = vi.spyOn(batch.messages[0]!, "retry");
    await runQueue(batch, { ...env, OUTBOX_RETRY_BASE_SECONDS: "2" });
    expect(retry).toHaveBeenCalledWith({ delaySeconds: delay });
    const [row] = await drizzle(env.DB).select().from(messages).where(eq(messages.id, id));
    expect(row).toMatchObject({ status: "retrying", errorCode: "20429", attempts: 1 });
  });

  it("treats a carrier that does not answer as retryable", async () => {
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("fetch failed"));
    const line = await createTwilioLine();
    const id = await insertQueuedMessage(line, uniquePhone());
    const batch = createMessageBatch("sms-outbound", [
      { id: "q2", timestamp: new Date(), attempts: 1, body: { messageId: id, businessId: line.businessId } },
    ]);
    const { ctx } = await runQueue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(["q2"]);
    const [row] = await drizzle(env.DB).select().from(messages).where(eq(messages.id, id));
    expect(row).toMatchObject({ status: "retrying", errorCode: "network" });
  });

  it("sends every text of a batch larger than one statement can name (120 rows, read in slices), each once", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const callers = Array.from({ length: 120 }, () => uniquePhone());
    const ids = await Promise.all(callers.map((c) => insertQueuedMessage(line, c)));
    const batch = createMessageBatch(
      "sms-outbound",
      ids.map((id, i) => ({ id: `big${i}`, timestamp: new Date(), attempts: 1, body: { messageId: id, businessId: line.businessId } })),
    );
    const { ctx } = await runQueue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toHaveLength(120);
    for (const c of callers) expect(carrier.to(c)).toHaveLength(1);
    const sent = await drizzle(env.DB).select({ status: messages.status }).from(messages).where(eq(messages.numberId, (await numberIdOf(line.e164))));
    expect(sent.filter((r) => r.status === "sent")).toHaveLength(120);
  });

  it("acks a redelivered message whose text was already sent, without calling the carrier", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const msg = await messageWithStatus(line.businessId, caller, "sent");
    const batch = createMessageBatch("sms-outbound", [
      { id: "redelivery", timestamp: new Date(), attempts: 2, body: { messageId: msg.id, businessId: line.businessId } },
    ]);
    const { ctx } = await runQueue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["redelivery"]);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("marks a message dead when it reaches the dead-letter queue, and keeps it", async () => {
    const line = await createTwilioLine();
    const id = await insertQueuedMessage(line, uniquePhone());
    const batch = createMessageBatch("sms-outbound-dlq", [
      { id: "dead1", timestamp: new Date(), attempts: 1, body: { messageId: id, businessId: line.businessId } },
    ]);
    await runQueue(batch, env);
    const [row] = await drizzle(env.DB).select().from(messages).where(eq(messages.id, id));
    expect(row).toMatchObject({ status: "dead", body: "Acme Plumbing: test. Reply STOP to opt out." });
  });
});

async function runQueue(batch: MessageBatch<unknown>, e: typeof env) {
  const ctx = createExecutionContext();
  await worker.queue(batch, e, ctx);
  await waitOnExecutionContext(ctx);
  return { ctx };
}

/** A queued text row, as the line writes it, without going through the real queue. */
async function insertQueuedMessage(line: Awaited<ReturnType<typeof createTwilioLine>>, caller: string): Promise<string> {
  const db = drizzle(env.DB);
  const [num] = await db.select().from(numbers).where(eq(numbers.e164, line.e164));
  const id = `m_test_${crypto.randomUUID()}`;
  const now = Date.now();
  await db.insert(messages).values({
    id,
    businessId: line.businessId,
    numberId: num!.id,
    direction: "outbound",
    kind: "missed_call",
    fromPhone: line.e164,
    toPhone: caller,
    body: "Acme Plumbing: test. Reply STOP to opt out.",
    encoding: "GSM-7",
    segments: 1,
    status: "queued",
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

async function numberIdOf(e164: string): Promise<string> {
  const [row] = await drizzle(env.DB).select({ id: numbers.id }).from(numbers).where(eq(numbers.e164, e164));
  if (!row) throw new Error("no such number");
  return row.id;
}

describe("outbox job schema", () => {
  const job = {
    messageId: "m_CA1",
    businessId: "b_1",
    record: {
      call: { id: "c_CA1", outcome: "no_answer" },
      message: { id: "m_CA1", body: "Sorry we missed you" },
      consent: { phone: "+14155550100", kind: "implied_by_call" },
      verify: false,
      line: "+14155550101",
      eventId: "twilio:CA1",
      day: "2026-11-29",
      previousTextAt: null,
      explanation: "texted because no-answer",
      notify: false,
    },
  };

  it("accepts a missed call's job and keeps its rows as they are", () => {
    const parsed = outboxJobSchema.safeParse(job);
    expect(parsed.success && "record" in parsed.data && parsed.data.record).toEqual(job.record);
  });

  it.each([["a string", "c_CA1"], ["an array", ["c_CA1"]], ["null", null]])("refuses a record whose call row is %s", (_name, call) => {
    expect(outboxJobSchema.safeParse({ ...job, record: { ...job.record, call } }).success).toBe(false);
  });
});
