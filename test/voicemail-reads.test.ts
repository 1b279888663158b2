/**
 * A Vonage or Bandwidth voicemail's words, read from the carrier by a queued job after the callback
 * said they are ready: the callback is answered at once whatever the carrier's API does, the read
 * retries until it works, runs once however often the callback comes, settles on a 404, and ends
 * among the dead letters when every retry fails.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { requeueStrandedTranscripts } from "../src/ops/stranded-transcripts";
import { get, newSession, post } from "./support/admin-session";
import { apiJson, eventually, settle } from "./support/app";
import { runQueueBatch } from "./support/queue";
import { bodiesTo, plumberOnCall, type VoicemailSetup } from "./support/voicemail";
import { holdTranscriptJobs, leaveVoicemail } from "./support/voicemail-callbacks";

afterEach(() => vi.restoreAllMocks());

const CARRIERS = [
  { kind: "vonage", name: "Vonage" },
  { kind: "bandwidth", name: "Bandwidth" },
] as const;

/** The caller's words as the line recorded them: one message per voicemail that reached it. */
async function transcriptsFrom(s: VoicemailSetup): Promise<string[]> {
  const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
  return messages.filter((m: { kind: string; from: string }) => m.kind === "transcript" && m.from === s.caller).map((m: { body: string }) => m.body);
}

async function page(s: VoicemailSetup, path: string): Promise<string> {
  const res = await get(await newSession(), `/admin/businesses/${s.line.businessId}${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe.each(CARRIERS)("a $name voicemail's words", ({ kind, name }) => {
  it("answer the callback 2xx while the carrier's API fails, and reach the owner once the job retries against a working carrier", async () => {
    const s = await plumberOnCall(kind, { forward: false });
    const held = holdTranscriptJobs();
    s.carrier.voicemail.failWith = 503;
    const left = await leaveVoicemail(s, "Please call me about a quote for a new faucet");
    expect((await left.callback()).status).toBe(200);
    expect(held).toHaveLength(1);

    const failed = await runQueueBatch("sms-outbound", held);
    expect(failed.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(["job0"]);
    expect(s.carrier.voicemail.reads).toHaveLength(1);
    expect(await page(s, `/conversations/${encodeURIComponent(s.caller)}`)).toContain(`Voicemail left: reading its words from ${name} again soon; last time ${name} had a problem of its own (HTTP 503).`);

    s.carrier.voicemail.failWith = null;
    expect((await runQueueBatch("sms-outbound", held)).explicitAcks).toEqual(["job0"]);
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodiesTo(s, s.owner)[0]).toMatch(/voicemail from .*: Please call me about a quote for a new faucet$/);
    expect(s.carrier.voicemail.reads).toHaveLength(2);
    expect(s.carrier.voicemail.reads[1]).toEqual({ url: expect.any(String), authorization: s.line.restAuthorization });
    expect(await page(s, `/conversations/${encodeURIComponent(s.caller)}`)).not.toContain("Voicemail left");
  });

  it("are read once and reach the line once when the callback is delivered ten times, and once when the job runs twice", async () => {
    const s = await plumberOnCall(kind, { forward: false });
    const held = holdTranscriptJobs();
    const left = await leaveVoicemail(s, "Water everywhere, a burst pipe under the sink, please hurry");
    const answers = await Promise.all(Array.from({ length: 10 }, () => left.callback()));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(held).toHaveLength(1);

    // A redelivered copy beside the job: the second finds the read settled and asks the carrier nothing.
    expect((await runQueueBatch("sms-outbound", [held[0], held[0]])).explicitAcks).toEqual(["job0", "job1"]);
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    expect(bodiesTo(s, s.sam)[0]).toMatch(/^URGENT .*burst pipe/);
    expect(s.carrier.voicemail.reads).toHaveLength(1);

    // A job that read and handed over the words but died before settling runs again: the line
    // takes the call's words once.
    await env.DB.prepare("UPDATE voicemail_transcripts SET status = 'retrying' WHERE carrier_call_id = ?").bind(left.callId).run();
    expect((await runQueueBatch("sms-outbound", held)).explicitAcks).toEqual(["job0"]);
    expect(s.carrier.voicemail.reads).toHaveLength(2);
    await settle(300);
    expect(await transcriptsFrom(s)).toEqual(["Water everywhere, a burst pipe under the sink, please hurry"]);
    expect(s.carrier.to(s.sam)).toHaveLength(1);
    expect(s.carrier.to(s.owner)).toHaveLength(0);
  });

  it("that the carrier no longer has (404) settle without a retry, and the conversation says no transcript came", async () => {
    const s = await plumberOnCall(kind, { forward: false });
    const held = holdTranscriptJobs();
    const left = await leaveVoicemail(s, null);
    expect((await left.callback()).status).toBe(200);
    const result = await runQueueBatch("sms-outbound", held);
    expect(result.explicitAcks).toEqual(["job0"]);
    expect(result.retryMessages).toEqual([]);
    expect(await page(s, `/conversations/${encodeURIComponent(s.caller)}`)).toContain(`Voicemail left: no transcript came (${name} no longer has it).`);
    expect(await page(s, "/dead-letters")).not.toContain("could not be read");
    // Settled: a redelivered job asks the carrier nothing more.
    await runQueueBatch("sms-outbound", held);
    expect(s.carrier.voicemail.reads).toHaveLength(1);
    expect(await transcriptsFrom(s)).toEqual([]);
    expect(s.carrier.to(s.owner)).toHaveLength(0);
  });

  it("that no retry could read reach the dead-letter list in words, and a person's Retry reads them again", async () => {
    const s = await plumberOnCall(kind, { forward: false });
    s.carrier.voicemail.failWith = 500;
    const left = await leaveVoicemail(s, "Could you quote a new water heater next week");
    expect((await left.callback()).status).toBe(200);
    // Seven attempts (max_retries = 6) through the real queue, then the dead-letter queue.
    const dead = await eventually(async () => {
      const html = await page(s, "/dead-letters");
      return html.includes(`could not be read from ${name}`) && html;
    }, 15_000);
    expect(dead).toContain(`The words of their voicemail could not be read from ${name}: ${name} had a problem of its own (HTTP 500).`);
    expect(s.carrier.voicemail.reads).toHaveLength(7);
    expect(await page(s, `/conversations/${encodeURIComponent(s.caller)}`)).toContain("Retry it on the Not sent page.");

    s.carrier.voicemail.failWith = null;
    const retry = /action="([^"]*\/transcripts\/[^"]+\/retry)"/.exec(dead)![1]!;
    const session = await newSession();
    expect((await post(session, retry, {})).headers.get("location")).toMatch(/done=retried$/);
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodiesTo(s, s.owner)[0]).toMatch(/Could you quote a new water heater next week$/);
    expect(await page(s, "/dead-letters")).not.toContain("could not be read");
    // Of two clicks, the second finds nothing dead to retry.
    const again = await post(session, retry, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("only a dead read can be retried");
  });

  it("whose job the queue refused are read once the cron queues it again", async () => {
    const s = await plumberOnCall(kind, { forward: false });
    const send = env.SMS_OUT.send.bind(env.SMS_OUT);
    vi.spyOn(env.SMS_OUT, "send").mockImplementation(async (body, opts) => {
      if (typeof body === "object" && body !== null && "transcriptId" in body) throw new Error("queue unavailable");
      return send(body, opts);
    });
    const left = await leaveVoicemail(s, "Could you give me a price for a new kitchen faucet");
    expect((await left.callback()).status).toBe(200);
    await settle(200);
    expect(s.carrier.voicemail.reads).toHaveLength(0);
    expect(await requeueStrandedTranscripts(env, Date.now())).toBe(0);
    expect(await requeueStrandedTranscripts(env, Date.now() + 11 * 60_000)).toBeGreaterThanOrEqual(1);
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodiesTo(s, s.owner)[0]).toMatch(/Could you give me a price for a new kitchen faucet$/);
  });
});
