import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signTextback } from "../src/crypto/textback-signature";
import { api, apiJson, callSid, createTwilioLine, eventually, ORIGIN, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const SECRET = "vai_secret_0123456789abcdef";

async function aiLine() {
  const line = await createTwilioLine({ mode: "status" });
  expect((await api("PATCH", `/businesses/${line.businessId}`, { voiceAiSecret: SECRET })).status).toBe(200);
  return line;
}

async function aiEvent(line: TwilioLine, body: Record<string, unknown>, opts: { secret?: string; tsOffset?: number; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify({ businessNumber: line.e164, callId: `ai_${crypto.randomUUID()}`, at: new Date().toISOString(), ...body });
  const ts = Math.floor(Date.now() / 1000) + (opts.tsOffset ?? 0);
  return exports.default.fetch(`${ORIGIN}/webhooks/voice-ai`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-textback-signature": await signTextback(opts.secret ?? SECRET, ts, raw) },
    body: raw,
  });
}

async function calls(line: TwilioLine) {
  return (await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls as Array<{ outcome: string; decision: string }>;
}

describe("AI receptionist webhook", () => {
  it.each([
    ["call.abandoned", "ai_abandoned"],
    ["call.failed", "ai_failed"],
  ])("texts once for %s, with the AI template", async (event, outcome) => {
    const carrier = mockTwilio();
    const line = await aiLine();
    const caller = uniquePhone();
    const res = await aiEvent(line, { event, from: caller });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ decision: `texted:${outcome}` });
    await eventually(async () => carrier.to(caller).length === 1);
    expect(carrier.to(caller)[0]!.form.get("Body")).toContain("your call ended early");
    expect((await calls(line))[0]).toMatchObject({ outcome, decision: `texted:${outcome}` });
  });

  it("does not text a call the AI completed", async () => {
    const carrier = mockTwilio();
    const line = await aiLine();
    const caller = uniquePhone();
    expect((await aiEvent(line, { event: "call.completed", from: caller })).status).toBe(200);
    await settle(300);
    expect(carrier.to(caller)).toHaveLength(0);
    expect((await calls(line))[0]).toMatchObject({ decision: "skipped:answered" });
  });

  it.each(["ai first", "carrier first"])("texts once when the carrier's status callback and the AI report the same call (%s)", async (order) => {
    const carrier = mockTwilio();
    const line = await aiLine();
    const caller = uniquePhone();
    const sid = callSid();
    const carrierCallback = () =>
      twilioWebhook(
        "/webhooks/twilio/call-status",
        { CallSid: sid, From: caller, To: line.e164, CallStatus: "completed", CallDuration: "14", AccountSid: line.accountSid },
        line.authToken,
      );
    const ai = () => aiEvent(line, { event: "call.abandoned", from: caller, carrierCallId: sid });
    if (order === "ai first") {
      await ai();
      await carrierCallback();
    } else {
      await carrierCallback();
      await ai();
    }
    await eventually(async () => carrier.to(caller).length === 1);
    await ai();
    await settle(300);
    expect(carrier.to(caller)).toHaveLength(1);
    const all = await calls(line);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ outcome: "ai_abandoned", decision: "texted:ai_abandoned" });
  });

  it("answers a replayed event with the first decision and no second text", async () => {
    const carrier = mockTwilio();
    const line = await aiLine();
    const caller = uniquePhone();
    const raw = JSON.stringify({ event: "call.abandoned", businessNumber: line.e164, from: caller, callId: "ai_replay_1" });
    const first = (await (await aiEvent(line, {}, { raw })).json()) as { decision: string };
    const again = await (await aiEvent(line, {}, { raw })).json();
    expect(again).toMatchObject({ decision: first.decision, duplicate: true });
    await eventually(async () => carrier.to(caller).length === 1);
    await settle(200);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it.each([
    ["a forged signature", { secret: "some_other_secret_123456" }],
    ["a timestamp 301 s old", { tsOffset: -301 }],
    ["a timestamp 301 s ahead", { tsOffset: 301 }],
  ])("refuses %s with 403 and records nothing", async (_name, opts) => {
    const carrier = mockTwilio();
    const line = await aiLine();
    const caller = uniquePhone();
    // The clock stands still from signing to checking: both floor it to the second, and a second
    // ticking over in between (a loaded machine) made 301 s ahead look like 300 s, inside the window.
    vi.useFakeTimers({ now: Date.now(), toFake: ["Date"] });
    const res = await aiEvent(line, { event: "call.abandoned", from: caller }, opts);
    vi.useRealTimers();
    expect(res.status).toBe(403);
    await settle(200);
    expect(carrier.to(caller)).toHaveLength(0);
    expect(await calls(line)).toEqual([]);
  });

  it("refuses events for a business without a voice-AI secret", async () => {
    const line = await createTwilioLine();
    expect((await aiEvent(line, { event: "call.abandoned", from: uniquePhone() })).status).toBe(403);
  });

  it("answers 400 for an unknown event, and an unknown number like a wrong signature (403)", async () => {
    const line = await aiLine();
    expect((await aiEvent(line, { event: "call.exploded", from: uniquePhone() })).status).toBe(400);
    expect((await aiEvent(line, { event: "call.abandoned", from: uniquePhone(), businessNumber: "+15129990000" })).status).toBe(403);
  });
});
