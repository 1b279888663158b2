/**
 * A failure inside never reaches the caller and loses nothing: when the queue or D1 refuses what the
 * line decided, the webhook still answers 200 with valid TwiML, the line keeps the plan, and its
 * alarm carries it out once they accept again: every text sent once, every call recorded once.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { lineAlarmAt } from "./support/line-clock";

afterEach(() => vi.restoreAllMocks());

const stubOf = (line: TwilioLine) => env.LINE.get(env.LINE.idFromName(line.e164));

/** Run the line's alarm as if the clock read `at`. */
const alarmAt = (line: TwilioLine, at: number) => lineAlarmAt(line.e164, at);

async function unrecorded(line: TwilioLine) {
  return runInDurableObject(stubOf(line), (_i, state) =>
    state.storage.sql.exec<{ id: string; attempts: number; due: number }>("SELECT id, attempts, due FROM unrecorded ORDER BY id").toArray(),
  );
}

/** A refusal switched on and off by the test, for one binding method. */
function outage<T extends object, K extends keyof T>(target: T, method: K) {
  const real = (target[method] as (...a: unknown[]) => unknown).bind(target);
  const state = { down: true, refused: 0 };
  vi.spyOn(target, method as never).mockImplementation(((...args: unknown[]) => {
    if (!state.down) return real(...args);
    state.refused += 1;
    return Promise.reject(new Error("unavailable"));
  }) as never);
  return state;
}

async function dialStatusAnswer(line: TwilioLine, params: Record<string, string>) {
  const res = await twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken);
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

const VOICEMAIL_TWIML = /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Say>.*<\/Say><Record [^>]*\/><\/Response>$/;

describe("the line keeps what D1 or the queue refused", () => {
  it("queue refusing: every call answered with the voicemail greeting, a redelivery acts once, every text sent once after recovery", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const callers = Array.from({ length: 4 }, () => uniquePhone("617"));
    const queue = outage(env.SMS_OUT, "send");
    const params = callers.map((c) => dialStatus(line, c, "no-answer"));

    const answers = [];
    for (const p of params) answers.push(await dialStatusAnswer(line, p));
    answers.push(await dialStatusAnswer(line, params[0]!));
    for (const a of answers) {
      expect(a).toMatchObject({ status: 200, type: "text/xml; charset=utf-8" });
      expect(a.body).toMatch(VOICEMAIL_TWIML);
    }
    expect(queue.refused).toBe(4);
    expect((await unrecorded(line)).map((r) => r.attempts)).toEqual([0, 0, 0, 0]);

    // Still down when the alarm comes: each waits longer, nothing is lost.
    await alarmAt(line, Date.now() + 10_000);
    expect((await unrecorded(line)).map((r) => r.attempts)).toEqual([1, 1, 1, 1]);
    await settle(100);
    expect(carrier.requests).toEqual([]);

    queue.down = false;
    await alarmAt(line, Date.now() + 3_600_000);
    expect(await unrecorded(line)).toEqual([]);
    await eventually(async () => callers.every((c) => carrier.to(c).length === 1));
    await settle(300);
    expect(callers.map((c) => carrier.to(c).length)).toEqual([1, 1, 1, 1]);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls.map((c: { decision: string }) => c.decision)).toEqual(Array(4).fill("texted:no_answer"));
    // The consent evidence of a call is recorded once, not once per attempt.
    const consent = await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(callers[0]!)}`);
    expect(consent.events.filter((e: { kind: string }) => e.kind === "implied_by_call")).toHaveLength(1);
  });

  it("a plan kept by the previous version (its whole decision input, template kinds as { $set }) is carried out once", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone("617");
    const queue = outage(env.SMS_OUT, "send");
    expect((await dialStatusAnswer(line, dialStatus(line, caller, "no-answer"))).status).toBe(200);
    const rewritten = await runInDurableObject(stubOf(line), (_i, state) => {
      const [row] = state.storage.sql.exec<{ id: string; job: string }>("SELECT id, job FROM unrecorded").toArray();
      const job = JSON.parse(row!.job);
      job.plan.input = { outcome: job.plan.outcome, contact: job.plan.contact, templates: { $set: ["missed_call"] }, settings: {}, ownNumbers: [] };
      delete job.plan.contact;
      state.storage.sql.exec("UPDATE unrecorded SET job = ? WHERE id = ?", JSON.stringify(job), row!.id);
      return Object.keys(job.plan);
    });
    expect(rewritten).not.toContain("contact");
    queue.down = false;
    await alarmAt(line, Date.now() + 3_600_000);
    expect(await unrecorded(line)).toEqual([]);
    await eventually(async () => carrier.to(caller).length === 1);
    await settle(200);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("D1 refusing: the line's own writes (a held text, an answered call) wait in the line and land once", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { textDelaySeconds: 60 } });
    // A call while D1 is up caches the number's configuration, as a busy line's isolate has it.
    expect((await dialStatusAnswer(line, dialStatus(line, uniquePhone("646"), "no-answer"))).status).toBe(200);
    const [missed, answered] = [uniquePhone("617"), uniquePhone("617")];
    const db = outage(env.DB, "batch");

    const missedCall = dialStatus(line, missed, "no-answer");
    const answers = [
      await dialStatusAnswer(line, missedCall),
      await dialStatusAnswer(line, missedCall),
      await dialStatusAnswer(line, dialStatus(line, answered, "completed", { DialCallDuration: "95" })),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]!.body).toMatch(VOICEMAIL_TWIML);
    expect(answers[2]!.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect(db.refused).toBe(2);
    expect(await unrecorded(line)).toHaveLength(2);

    db.down = false;
    await alarmAt(line, Date.now() + 120_000);
    expect(await unrecorded(line)).toEqual([]);
    await eventually(async () => carrier.to(missed).length === 1);
    await settle(300);
    expect(carrier.to(missed)).toHaveLength(1);
    expect(carrier.to(answered)).toHaveLength(0);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    const byCaller = Object.fromEntries(calls.map((c: { from: string; decision: string }) => [c.from, c.decision]));
    expect(byCaller[missed]).toBe("texted:no_answer");
    expect(byCaller[answered]).toBe("skipped:answered");
  });

  it("D1 refusing a caller's STOP: answered 200, a redelivery acts once, and once D1 is back one confirmation and one opt-out", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone("617");
    const stop = { MessageSid: `SM${crypto.randomUUID().replace(/-/g, "")}`, From: caller, To: line.e164, Body: "STOP", AccountSid: line.accountSid };
    // A text while D1 is up caches the number's configuration, as a busy line's isolate has it.
    expect((await twilioWebhook("/webhooks/twilio/sms", { ...stop, MessageSid: "SMwarm", From: uniquePhone("646"), Body: "hi" }, line.authToken)).status).toBe(200);
    const db = outage(env.DB, "batch");

    const answers = [await twilioWebhook("/webhooks/twilio/sms", stop, line.authToken), await twilioWebhook("/webhooks/twilio/sms", stop, line.authToken)];
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(await answers[0]!.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(db.refused).toBe(1);
    await settle(100);
    expect(carrier.to(caller)).toEqual([]);

    db.down = false;
    await alarmAt(line, Date.now() + 10_000);
    expect(await unrecorded(line)).toEqual([]);
    await eventually(async () => carrier.to(caller).length === 1);
    await settle(300);
    expect(carrier.to(caller)).toHaveLength(1);
    const consent = await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(caller)}`);
    expect(consent).toMatchObject({ status: "opted_out" });
    expect(consent.events.filter((e: { kind: string }) => e.kind === "opt_out")).toHaveLength(1);
  });

  it("a line that cannot be reached at all: the caller still hears the voicemail greeting, never an application error", async () => {
    const line = await createTwilioLine();
    vi.spyOn(env.LINE, "get").mockReturnValue({ handleCall: () => Promise.reject(new Error("Durable Object overloaded")) } as never);
    const missed = await dialStatusAnswer(line, dialStatus(line, uniquePhone(), "no-answer"));
    expect(missed).toMatchObject({ status: 200, type: "text/xml; charset=utf-8" });
    expect(missed.body).toMatch(VOICEMAIL_TWIML);
    const answered = await dialStatusAnswer(line, dialStatus(line, uniquePhone(), "completed", { DialCallDuration: "60" }));
    expect(answered).toMatchObject({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>' });
  });

  it("the URLs Twilio calls back carry its retry fragment, so a connection failure is tried again", async () => {
    const line = await createTwilioLine();
    const res = await twilioWebhook("/webhooks/twilio/voice", { CallSid: `CA${crypto.randomUUID().replace(/-/g, "")}`, From: uniquePhone(), To: line.e164, CallStatus: "ringing" }, line.authToken);
    expect(await res.text()).toContain('action="https://textback.test/webhooks/twilio/dial-status#rc=3&amp;rp=ct,rt"');
    const vm = await dialStatusAnswer(line, dialStatus(line, uniquePhone(), "busy"));
    expect(vm.body).toContain('action="https://textback.test/webhooks/twilio/voicemail#rc=3&amp;rp=ct,rt"');
    expect(vm.body).toContain('transcribeCallback="https://textback.test/webhooks/twilio/voicemail-transcription#rc=3&amp;rp=ct,rt"');
  });
});
