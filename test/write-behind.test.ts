import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, createTwilioLine, dialStatus, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { callRowId, callTextId } from "../src/line/ids";
import { heldMissedCall, runQueueBatch } from "./support/queue";
import { calls, consentEvents, messages, webhookDeliveries } from "../src/db/schema";

afterEach(() => vi.restoreAllMocks());

const db = () => drizzle(env.DB);

const rowsFor = async (caller: string) => ({
  calls: await db().select().from(calls).where(eq(calls.fromPhone, caller)),
  messages: await db().select().from(messages).where(eq(messages.toPhone, caller)),
  evidence: await db().select().from(consentEvents).where(and(eq(consentEvents.phone, caller), eq(consentEvents.kind, "implied_by_call"))),
});

/** The line's own record of a call event (its dedupe answer to a redelivered webhook). */
function lineEvent(line: TwilioLine, sid: string) {
  const stub = env.LINE.get(env.LINE.idFromName(line.e164));
  return runInDurableObject(stub, (_instance, state) =>
    state.storage.sql.exec<{ decision: string; message_id: string | null }>("SELECT decision, message_id FROM events WHERE id = ?", `twilio:${sid}`).toArray()[0],
  );
}

describe("a texted call's records are written by the outbox (write-behind)", () => {
  it("the webhook leaves them to the text job; the consumer writes the call, the text and one consent record, then sends", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const { job } = await heldMissedCall(line, caller);
    // Nothing in D1 yet: the job carries the rows.
    expect(await rowsFor(caller)).toEqual({ calls: [], messages: [], evidence: [] });
    expect(job).toMatchObject({ record: { call: { fromPhone: caller, decision: "texted:no_answer" }, message: { toPhone: caller, status: "queued" } } });

    const result = await runQueueBatch("sms-outbound", [job]);
    expect(result.explicitAcks).toEqual(["job0"]);
    const rows = await rowsFor(caller);
    expect(rows.calls).toMatchObject([{ decision: "texted:no_answer", reason: "no_answer" }]);
    expect(rows.messages).toMatchObject([{ status: "sent", callId: rows.calls[0]!.id, kind: "missed_call" }]);
    expect(rows.evidence).toHaveLength(1);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("a job delivered twice in one batch and once more later writes each row once and sends one text", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const { job } = await heldMissedCall(line, caller);
    await runQueueBatch("sms-outbound", [job, job]);
    await runQueueBatch("sms-outbound", [job]);
    const rows = await rowsFor(caller);
    expect([rows.calls.length, rows.messages.length, rows.evidence.length]).toEqual([1, 1, 1]);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("when D1 fails, the job is retried and nothing is sent; the retry writes and sends", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const { job } = await heldMissedCall(line, caller);
    const unavailable = { prepare: env.DB.prepare.bind(env.DB), batch: async () => { throw new Error("D1 unavailable"); } };
    const failing = { ...env, DB: unavailable as unknown as D1Database };
    expect((await runQueueBatch("sms-outbound", [job], failing)).retryMessages).toMatchObject([{ msgId: "job0" }]);
    expect(carrier.to(caller)).toEqual([]);
    expect(await rowsFor(caller)).toEqual({ calls: [], messages: [], evidence: [] });

    await runQueueBatch("sms-outbound", [job]);
    expect((await rowsFor(caller)).messages).toMatchObject([{ status: "sent" }]);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("a text D1 refuses (the caller opted out meanwhile) corrects the call and the line's event, and gives the cap back", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { dailyCap: 1 } });
    const caller = uniquePhone();
    const { job, sid } = await heldMissedCall(line, caller);
    expect(await lineEvent(line, sid)).toMatchObject({ decision: "texted:no_answer", message_id: callTextId(line.numberId, sid) });
    await apiJson("POST", `/businesses/${line.businessId}/consent`, { phone: caller, kind: "opt_out" });

    const warn = vi.spyOn(console, "warn");
    // Twice in one batch (at-least-once delivery): settled once, and not handed on to be sent.
    const result = await runQueueBatch("sms-outbound", [job, job]);
    expect(result.explicitAcks.sort()).toEqual(["job0", "job1"]);
    expect(result.retryMessages).toEqual([]);
    expect(warn.mock.calls.flat().join("\n")).not.toContain("outbox.missing_row");
    const rows = await rowsFor(caller);
    expect(rows.calls).toMatchObject([{ decision: "skipped:opted_out", reason: "opted_out" }]);
    expect(rows.messages).toEqual([]);
    expect(rows.evidence).toEqual([]);
    expect(await lineEvent(line, sid)).toEqual({ decision: "skipped:opted_out", message_id: null });
    expect(carrier.to(caller)).toEqual([]);

    // The cap of 1 is free again; a second report of the refusal, once it is spent, does not free it.
    const next = uniquePhone();
    const second = await heldMissedCall(line, next);
    expect(second.job).toMatchObject({ record: { call: { decision: "texted:no_answer" } } });
    await runQueueBatch("sms-outbound", [job]);
    const third = uniquePhone();
    expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, third, "no-answer"), line.authToken)).status).toBe(200);
    expect((await rowsFor(third)).calls).toMatchObject([{ decision: "skipped:daily_cap" }]);
  });

  it("a later copy of a refused text's job, redelivered or dead-lettered, does not undo the correction", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const { job, sid } = await heldMissedCall(line, caller);
    await apiJson("POST", `/businesses/${line.businessId}/consent`, { phone: caller, kind: "opt_out" });
    await runQueueBatch("sms-outbound", [job]);
    expect((await rowsFor(caller)).calls).toMatchObject([{ decision: "skipped:opted_out" }]);

    // Redelivered: the record is written again in the same D1 batch that reads the rows; the row
    // must not say texted, even before the refusal is reported again.
    const afterBatch: string[] = [];
    const watchedDb = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") {
          return async (stmts: D1PreparedStatement[]) => {
            const results = await target.batch(stmts);
            const [row] = await db().select({ decision: calls.decision }).from(calls).where(eq(calls.fromPhone, caller));
            afterBatch.push(row!.decision);
            return results;
          };
        }
        const v = Reflect.get(target, prop, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    await runQueueBatch("sms-outbound", [job], { ...env, DB: watchedDb as D1Database });
    expect(afterBatch.length).toBeGreaterThan(0);
    expect(afterBatch.every((d) => d === "skipped:opted_out")).toBe(true);

    // Its retries spent (the refusal kept failing), the job reaches the dead-letter queue, which
    // records a written-behind call whose rows never reached D1; these did.
    await runQueueBatch("sms-outbound-dlq", [job]);
    const rows = await rowsFor(caller);
    expect(rows.calls).toMatchObject([{ decision: "skipped:opted_out", reason: "opted_out" }]);
    expect(rows.messages).toEqual([]);
    expect(await lineEvent(line, sid)).toEqual({ decision: "skipped:opted_out", message_id: null });
  });

  it("call.missed for a refused text: a failure to queue it retries the job, the retry emits it, and a later report adds nothing", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const hook = { notifyWebhookUrl: "https://crm.example/hooks", webhookSecret: "whsec_test_0123456789abcdef" };
    expect((await api("PATCH", `/businesses/${line.businessId}`, hook)).status).toBe(200);
    const caller = uniquePhone();
    const { job, sid } = await heldMissedCall(line, caller);
    const eventId = `wh_missed_${callRowId(line.numberId, sid)}`;
    // One delivery per subscriber: the setting's subscriber is the only one here.
    const id = `${eventId}.hook_setting_${line.businessId}`;
    const deliveries = () => db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    // Queue sends are held here (the consent change below queues its own event too); the first
    // send of this call's event fails.
    const queued: unknown[] = [];
    let fail = true;
    vi.spyOn(env.SMS_OUT, "send").mockImplementation(async (body) => {
      if (fail && (body as { webhookDeliveryId?: string }).webhookDeliveryId === id) {
        fail = false;
        throw new Error("queue unavailable");
      }
      queued.push(body);
      return undefined as never;
    });
    const ours = () => queued.filter((b) => (b as { webhookDeliveryId?: string }).webhookDeliveryId === id);
    await apiJson("POST", `/businesses/${line.businessId}/consent`, { phone: caller, kind: "opt_out" });

    expect((await runQueueBatch("sms-outbound", [job])).retryMessages).toMatchObject([{ msgId: "job0" }]);
    expect(fail).toBe(false);
    expect(await deliveries()).toMatchObject([{ event: "call.missed", status: "queued" }]);

    expect((await runQueueBatch("sms-outbound", [job])).explicitAcks).toEqual(["job0"]);
    expect(ours()).toEqual([{ webhookDeliveryId: id }]);
    const [row] = await deliveries();
    expect(JSON.parse(row!.payload)).toMatchObject({ id: eventId, event: "call.missed", data: { from: caller, decision: "skipped:opted_out" } });

    // Delivered: another report of the same refusal records and queues nothing more.
    await db().update(webhookDeliveries).set({ status: "delivered" }).where(eq(webhookDeliveries.id, id));
    expect((await runQueueBatch("sms-outbound", [job])).explicitAcks).toEqual(["job0"]);
    expect(ours()).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);
    expect((await rowsFor(caller)).calls).toMatchObject([{ decision: "skipped:opted_out" }]);
  });

  it("a job that reaches the dead-letter queue before its rows were written records them, visibly dead", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const { job } = await heldMissedCall(line, caller);
    await runQueueBatch("sms-outbound-dlq", [job]);
    const rows = await rowsFor(caller);
    expect(rows.calls).toMatchObject([{ decision: "texted:no_answer" }]);
    expect(rows.messages).toMatchObject([{ status: "dead", kind: "missed_call" }]);
  });
});
