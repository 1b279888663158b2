import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { recordConsent } from "../src/admin/consent";
import { signTextback, verifyTextback } from "../src/crypto/textback-signature";
import { requeueDueEvents, STRANDED_AFTER_MS } from "../src/notify/events";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone } from "./support/app";
import { heldMissedCall, queueRefusesOnce, runQueueBatch } from "./support/queue";

afterEach(() => vi.restoreAllMocks());

const SECRET = "whsec_test_0123456789abcdef";

/**
 * `d1` until a batch leaves `isDown()` true, then unavailable: every later statement fails, as
 * when D1 goes away between two round trips. `down()`: whether it went.
 */
function failingAfter(d1: D1Database, isDown: () => Promise<boolean>): D1Database & { down(): boolean } {
  let down = false;
  const unavailable = () => Promise.reject(new Error("D1 unavailable"));
  const dead = { bind: () => dead, run: unavailable, all: unavailable, first: unavailable, raw: unavailable };
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "down") return () => down;
      if (prop === "prepare") return (sql: string) => (down ? dead : target.prepare(sql));
      if (prop === "batch") {
        return async (stmts: D1PreparedStatement[]) => {
          if (down) throw new Error("D1 unavailable");
          const results = await target.batch(stmts);
          down = await isDown();
          return results;
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  }) as D1Database & { down(): boolean };
}

interface Hook {
  event: string;
  data: Record<string, unknown>;
  signature: string | null;
  raw: string;
}

/** Twilio answers 201; the CRM answers with the scripted statuses, then 200. */
function mockCarrierAndCrm(crmScript: number[] = []) {
  const hooks: Hook[] = [];
  const attempts: number[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    if (url.hostname === "api.twilio.com") {
      return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
    }
    if (url.hostname === "crm.example") {
      const raw = await req.text();
      const status = crmScript.shift() ?? 200;
      attempts.push(status);
      if (status === 200) {
        const body = JSON.parse(raw) as { event: string; data: Record<string, unknown> };
        hooks.push({ event: body.event, data: body.data, signature: req.headers.get("x-textback-signature"), raw });
      }
      return new Response(null, { status });
    }
    return new Response("blocked", { status: 599 });
  });
  return { hooks, attempts };
}

async function lineWithWebhook() {
  const line = await createTwilioLine();
  const res = await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm.example/hooks", webhookSecret: SECRET });
  expect(res.status).toBe(200);
  return line;
}

describe("event webhooks to the business", () => {
  it("posts call.missed, text.sent and reply.received, each signed with the business's secret", async () => {
    const { hooks } = mockCarrierAndCrm();
    const line = await lineWithWebhook();
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, "Please call me back"), line.authToken);
    await eventually(async () => ["call.missed", "text.sent", "reply.received"].every((e) => hooks.some((h) => h.event === e)));
    for (const h of hooks) {
      expect(await verifyTextback(SECRET, h.signature, h.raw, Math.floor(Date.now() / 1000))).toBe(true);
      expect(await verifyTextback("another-secret-123456", h.signature, h.raw, Math.floor(Date.now() / 1000))).toBe(false);
    }
    expect(hooks.find((h) => h.event === "reply.received")!.data).toMatchObject({ from: caller, body: "Please call me back" });
    expect(hooks.find((h) => h.event === "call.missed")!.data).toMatchObject({ from: caller, outcome: "no_answer", decision: "texted:no_answer" });
  });

  it("retries a CRM that answers 500, and delivers once", async () => {
    const { hooks, attempts } = mockCarrierAndCrm([500, 503]);
    const line = await lineWithWebhook();
    const res = await api("POST", `/businesses/${line.businessId}/consent`, { phone: uniquePhone(), kind: "opt_out" });
    expect(res.status).toBe(201);
    await eventually(async () => hooks.some((h) => h.event === "consent.changed"));
    expect(attempts).toEqual([500, 503, 200]);
    expect(hooks.filter((h) => h.event === "consent.changed")).toHaveLength(1);
  });

  it("posts consent.changed for a change made on the admin page too (the action both share)", async () => {
    const { hooks } = mockCarrierAndCrm();
    const line = await lineWithWebhook();
    const phone = uniquePhone();
    const ctx = createExecutionContext();
    await recordConsent(env, ctx, line.businessId, { phone, kind: "opt_in", note: "asked in person" });
    await waitOnExecutionContext(ctx);
    const hook = await eventually(async () => hooks.find((h) => h.event === "consent.changed"));
    expect(hook.data).toEqual({ phone, status: "opted_in", source: "admin" });
  });

  it("an event recorded with its cause but not queued is queued again by the cron, and posted once", async () => {
    const { hooks } = mockCarrierAndCrm();
    const line = await lineWithWebhook();
    const phone = uniquePhone();
    const queue = queueRefusesOnce((bodies) => bodies.some((b) => "webhookDeliveryId" in (b as object)));
    const ctx = createExecutionContext();
    await recordConsent(env, ctx, line.businessId, { phone, kind: "opt_in", note: "asked in person" });
    await waitOnExecutionContext(ctx);
    expect(queue.matching).toBe(1);
    const rows = () => env.DB.prepare("SELECT id, status FROM webhook_deliveries WHERE business_id = ?").bind(line.businessId).all<{ id: string; status: string }>();
    expect((await rows()).results).toMatchObject([{ status: "queued" }]);

    // Too recent to tell from one the consumer has yet to take: left alone.
    expect(await requeueDueEvents(env, Date.now())).toBe(0);
    const later = Date.now() + STRANDED_AFTER_MS + 1000;
    expect(await requeueDueEvents(env, later)).toBeGreaterThanOrEqual(1);
    const hook = await eventually(async () => hooks.find((h) => h.event === "consent.changed" && h.data.phone === phone));
    expect(hook.data).toEqual({ phone, status: "opted_in", source: "admin" });
    await eventually(async () => (await rows()).results[0]?.status === "delivered");

    // Delivered, and marked when it was queued again: later runs leave it alone.
    await requeueDueEvents(env, later + 600_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(hooks.filter((h) => h.event === "consent.changed" && h.data.phone === phone)).toHaveLength(1);
  });

  it("a reply whose relay the queue refuses, and that the carrier sends again, is reported once", async () => {
    const { hooks } = mockCarrierAndCrm();
    const line = await lineWithWebhook();
    await api("PATCH", `/businesses/${line.businessId}`, { notifyPhone: uniquePhone("773") });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    // The relay of the reply to the owner cannot be queued the first time (the line's alarm will
    // queue it); its event goes out with the reply.
    const queue = queueRefusesOnce((bodies) => bodies.some((b) => String((b as { messageId?: string }).messageId).endsWith("_relay")));
    const sms = inboundSms(line, caller, "Can you come today?");
    expect((await twilioWebhook("/webhooks/twilio/sms", sms, line.authToken)).status).toBe(200);
    expect((await twilioWebhook("/webhooks/twilio/sms", sms, line.authToken)).status).toBe(200);
    expect(queue.matching).toBe(1);
    await eventually(async () => hooks.some((h) => h.event === "reply.received"));
    await new Promise((r) => setTimeout(r, 200));
    expect(hooks.filter((h) => h.event === "reply.received").map((h) => h.data.body)).toEqual(["Can you come today?"]);
    const { results } = await env.DB.prepare("SELECT id FROM webhook_deliveries WHERE business_id = ? AND event = 'reply.received'").bind(line.businessId).all();
    expect(results).toHaveLength(1);
  });

  it("text.sent is written with the text's sent status: D1 failing right after cannot lose it", async () => {
    const { hooks } = mockCarrierAndCrm();
    const line = await lineWithWebhook();
    const caller = uniquePhone();
    const { job } = await heldMissedCall(line, caller);
    const sent = async () => (await env.DB.prepare("SELECT status FROM messages WHERE id = ?").bind(job.messageId).first<{ status: string }>())?.status === "sent";
    const d1 = failingAfter(env.DB, sent);
    expect((await runQueueBatch("sms-outbound", [job], { ...env, DB: d1 })).explicitAcks).toEqual(["job0"]);
    expect(d1.down()).toBe(true);
    const hook = await eventually(async () => hooks.find((h) => h.event === "text.sent" && h.data.to === caller));
    expect(hook.data).toMatchObject({ messageId: job.messageId, kind: "missed_call" });
  });

  it("call.missed for a texted call is written with the call's record: D1 failing right after cannot lose it", async () => {
    const { hooks } = mockCarrierAndCrm();
    const line = await lineWithWebhook();
    const caller = uniquePhone();
    const { job } = await heldMissedCall(line, caller);
    const d1 = failingAfter(env.DB, async () => true);
    await runQueueBatch("sms-outbound", [job], { ...env, DB: d1 });
    expect(d1.down()).toBe(true);
    const hook = await eventually(async () => hooks.find((h) => h.event === "call.missed" && h.data.from === caller));
    expect(hook.data).toMatchObject({ decision: "texted:no_answer", outcome: "no_answer" });
    // The job's next delivery, D1 back, records nothing more.
    await runQueueBatch("sms-outbound", [job]);
    await new Promise((r) => setTimeout(r, 200));
    expect(hooks.filter((h) => h.event === "call.missed" && h.data.from === caller)).toHaveLength(1);
  });

  it("posts one call.missed per missed call, with the decision D1 took: a text refused for an opted-out caller says so", async () => {
    const { hooks } = mockCarrierAndCrm();
    const line = await lineWithWebhook();
    const texted = uniquePhone();
    const optedOut = uniquePhone();
    await api("POST", `/businesses/${line.businessId}/consent`, { phone: optedOut, kind: "opt_out" });
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, texted, "no-answer"), line.authToken);
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, optedOut, "busy"), line.authToken);
    const missed = () => hooks.filter((h) => h.event === "call.missed");
    await eventually(async () => missed().length >= 2 && hooks.some((h) => h.event === "text.sent"));
    await new Promise((r) => setTimeout(r, 200));
    expect(missed().map((h) => [h.data.from, h.data.decision]).sort()).toEqual(
      [[texted, "texted:no_answer"], [optedOut, "skipped:opted_out"]].sort(),
    );
    expect(missed().find((h) => h.data.from === optedOut)!.data.explanation).toBe("Not texted: the caller opted out");
  });

  it("refuses a webhook URL without a secret, or over plain http", async () => {
    const line = await createTwilioLine();
    expect((await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm.example/hooks" })).status).toBe(400);
    expect((await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "http://crm.example/hooks", webhookSecret: SECRET })).status).toBe(400);
    const biz = await apiJson("GET", `/businesses/${line.businessId}`);
    expect(biz.notifyWebhookUrl).toBeNull();
    expect(JSON.stringify(biz)).not.toContain(SECRET);
  });
});

describe("Textback signatures", () => {
  it("verifies within ±300 s and rejects stale, future, tampered or malformed ones", async () => {
    const now = 1_800_000_000;
    const sig = await signTextback(SECRET, now, '{"a":1}');
    expect(await verifyTextback(SECRET, sig, '{"a":1}', now + 300)).toBe(true);
    expect(await verifyTextback(SECRET, sig, '{"a":1}', now - 300)).toBe(true);
    expect(await verifyTextback(SECRET, sig, '{"a":1}', now + 301)).toBe(false);
    expect(await verifyTextback(SECRET, sig, '{"a":2}', now)).toBe(false);
    expect(await verifyTextback(SECRET, sig.replace("t=", "t=1"), '{"a":1}', now)).toBe(false);
    expect(await verifyTextback(SECRET, "t=abc,v1=00", '{"a":1}', now)).toBe(false);
    expect(await verifyTextback(SECRET, null, '{"a":1}', now)).toBe(false);
  });
});
