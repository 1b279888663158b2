import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyRetention, checkAlerts, REDACTED, sendDigests } from "../src/ops/scheduled";
import { localTime } from "../src/rules/schedule";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

async function withOwner(line: TwilioLine) {
  const owner = uniquePhone("773");
  await api("PATCH", `/businesses/${line.businessId}`, { notifyPhone: owner });
  return owner;
}

async function missedCalls(line: TwilioLine, n: number) {
  for (let i = 0; i < n; i++) {
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, uniquePhone(), "no-answer"), line.authToken);
  }
}

async function settled(line: TwilioLine, n: number) {
  await eventually(async () => {
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages?limit=100`);
    return messages.filter((m: { status: string; kind: string }) => m.kind === "missed_call" && m.status !== "queued" && m.status !== "retrying").length >= n;
  });
}

describe("outcome alerts", () => {
  it("alerts the owner once when texts keep failing, and not again within the quiet window", async () => {
    const fail = { status: 400, body: { code: 30007, message: "filtered" } };
    const carrier = mockTwilio([fail, fail, fail, fail]);
    const line = await createTwilioLine();
    const owner = await withOwner(line);
    await missedCalls(line, 4);
    await settled(line, 4);
    expect(await checkAlerts(env, Date.now())).toBe(1);
    await eventually(async () => carrier.to(owner).length === 1);
    expect(carrier.to(owner)[0]!.form.get("Body")).toMatch(/Textback alert: the last 4 texts failed/);
    expect(await checkAlerts(env, Date.now() + 60_000)).toBe(0);
  });

  it("does not alert a healthy business", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const owner = await withOwner(line);
    await missedCalls(line, 4);
    await settled(line, 4);
    expect(await checkAlerts(env, Date.now())).toBe(0);
    await settle(200);
    expect(carrier.to(owner)).toHaveLength(0);
  });
});

describe("daily digest", () => {
  it("sends yesterday's numbers once, after 08:00 local, counted as the report counts them", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const owner = await withOwner(line);
    const [replies, stops] = [uniquePhone(), uniquePhone()];
    const call = (from: string) => twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, from, "no-answer"), line.authToken);
    const text = (from: string, body: string) => twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken);
    await call(replies);
    await call(stops);
    await settled(line, 2);
    // A second missed call from the same person (in cooldown), a STOP, a reply, and the owner's answer.
    await call(replies);
    await text(stops, "STOP");
    await text(replies, "Yes please, today if you can");
    await text(owner, `${replies} On our way`);
    await eventually(async () => carrier.to(replies).length === 2 && carrier.to(stops).length === 2);
    // The job done the same day: the morning text says what was recovered.
    await text(owner, `${replies} W 450`);
    await eventually(async () => carrier.to(owner).some((r) => r.form.get("Body")?.startsWith("Textback: Marked won $450")));
    // This time tomorrow in Chicago, moved to 08:00 or later, so today's calls are "yesterday"
    let at = Date.now() + 24 * 3_600_000;
    const hour = Number(localTime(at, "America/Chicago").time.slice(0, 2));
    if (hour < 8) at += (8 - hour) * 3_600_000;
    const before = await sendDigests(env, at);
    expect(before).toBeGreaterThanOrEqual(1);
    const digest = () => carrier.to(owner).filter((r) => r.form.get("Body")?.startsWith("Textback for"));
    await eventually(async () => digest().length === 1);
    expect(digest()[0]!.form.get("Body")).toBe("Textback for Acme Plumbing, yesterday: 3 missed calls from 2 people; 2 texted back, 1 replied. Won 1 ($450).");
    await sendDigests(env, at + 600_000);
    await settle(200);
    expect(digest()).toHaveLength(1);
  });
});

describe("the daily digest across a clock change", () => {
  it("counts yesterday's local day, 23 hours long on the spring change, not the 24 hours before midnight", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const owner = await withOwner(line);
    const { id: numberId } = (await env.DB.prepare("SELECT id FROM numbers WHERE e164 = ?").bind(line.e164).first<{ id: string }>())!;
    // Chicago springs forward on 14 March 2027: that local day runs 06:00 UTC on the 14th to 05:00 UTC on the 15th.
    const calls = [
      ["late on the 13th", Date.UTC(2027, 2, 14, 5, 30)],
      ["early on the 14th", Date.UTC(2027, 2, 14, 6, 30)],
      ["late on the 14th", Date.UTC(2027, 2, 15, 4, 30)],
      ["early on the 15th", Date.UTC(2027, 2, 15, 5, 30)],
    ] as const;
    await env.DB.batch(
      calls.map(([name, at], i) =>
        env.DB.prepare(
          "INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, facts, at) VALUES (?, ?, ?, ?, ?, ?, 'no_answer', 'skipped:cooldown', 'no_answer', '{}', ?)",
        ).bind(`c_dst_${line.businessId}_${i}`, line.businessId, numberId, `CAdst${i}${name.length}`, uniquePhone(), line.e164, at),
      ),
    );
    await sendDigests(env, Date.UTC(2027, 2, 15, 14)); // 09:00 CDT on the 15th
    const digest = () => carrier.to(owner).filter((r) => r.form.get("Body")?.startsWith("Textback for"));
    await eventually(async () => digest().length === 1);
    expect(digest()[0]!.form.get("Body")).toMatch(/yesterday: 2 missed calls from 2 people/);
  });
});

describe("retention", () => {
  it("redacts bodies older than the business's retention and keeps the consent ledger", async () => {
    mockTwilio();
    const line = await createTwilioLine({ settings: { retentionDays: 30 } });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await settled(line, 1);
    const redacted = await applyRetention(env, Date.now() + 31 * 24 * 3_600_000);
    expect(redacted).toBeGreaterThanOrEqual(1);
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(messages[0].body).toBe(REDACTED);
    const consent = await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(caller)}`);
    expect(consent.events).toHaveLength(1);
    const audit = await env.DB.prepare("select detail from audit_log where action = 'messages.redact' and entity_id = ?").bind(line.businessId).first<{ detail: string }>();
    expect(JSON.parse(audit!.detail)).toMatchObject({ olderThanDays: 30 });
  });
});

describe("retention of event webhooks", () => {
  it("deletes deliveries past the business's retention, with the callers' numbers and replies they carry", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      if (new URL(req.url).hostname !== "api.twilio.com") return new Response(null, { status: 200 }); // the CRM
      return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
    });
    const line = await createTwilioLine({ settings: { retentionDays: 30 } });
    await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm.example/hooks", webhookSecret: "whsec_test_0123456789abcdef" });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, "The leak is at 12 Elm Street"), line.authToken);
    const payloads = async () =>
      (await env.DB.prepare("SELECT payload FROM webhook_deliveries WHERE business_id = ?").bind(line.businessId).all<{ payload: string }>()).results.map((r) => r.payload);
    await eventually(async () => (await payloads()).some((p) => p.includes("12 Elm Street")));

    await applyRetention(env, Date.now() + 29 * 24 * 3_600_000);
    expect((await payloads()).some((p) => p.includes("12 Elm Street"))).toBe(true);

    await applyRetention(env, Date.now() + 31 * 24 * 3_600_000);
    expect(await payloads()).toEqual([]);
    const audit = await env.DB.prepare("select detail from audit_log where action = 'webhooks.delete' and entity_id = ?").bind(line.businessId).first<{ detail: string }>();
    expect(JSON.parse(audit!.detail)).toMatchObject({ olderThanDays: 30 });
    expect(JSON.parse(audit!.detail).count).toBeGreaterThanOrEqual(3); // call.missed, text.sent, reply.received
  });

  it("deletes delivered deliveries after 30 days and keeps failed ones until the retention, for a replay", async () => {
    const line = await createTwilioLine({ settings: { retentionDays: 365 } });
    const now = Date.now();
    const ids = { delivered: `whd_${crypto.randomUUID()}`, dead: `whd_${crypto.randomUUID()}`, retrying: `whd_${crypto.randomUUID()}` };
    for (const [status, id] of Object.entries(ids)) {
      await env.DB.prepare("INSERT INTO webhook_deliveries (id, business_id, event, payload, status, attempts, created_at, delivered_at) VALUES (?, ?, 'reply.received', '{}', ?, 1, ?, ?)")
        .bind(id, line.businessId, status, now, status === "delivered" ? now + 1000 : null)
        .run();
    }
    const left = async () =>
      (await env.DB.prepare("SELECT status FROM webhook_deliveries WHERE business_id = ? ORDER BY status").bind(line.businessId).all<{ status: string }>()).results.map((r) => r.status);

    await applyRetention(env, now + 29 * 24 * 3_600_000);
    expect(await left()).toEqual(["dead", "delivered", "retrying"]);
    await applyRetention(env, now + 31 * 24 * 3_600_000);
    expect(await left()).toEqual(["dead", "retrying"]);
    const audit = await env.DB.prepare("select detail from audit_log where action = 'webhooks.delete' and entity_id = ?").bind(line.businessId).first<{ detail: string }>();
    expect(JSON.parse(audit!.detail)).toEqual({ count: 1, olderThanDays: 365, deliveredOlderThanDays: 30 });
    await applyRetention(env, now + 364 * 24 * 3_600_000);
    expect(await left()).toEqual(["dead", "retrying"]);
    await applyRetention(env, now + 366 * 24 * 3_600_000);
    expect(await left()).toEqual([]);
  });
});

describe("shadow mode", () => {
  it("records what it would have done and sends nothing", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { shadow: true } });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await settle(300);
    expect(carrier.requests).toHaveLength(0);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls[0]).toMatchObject({ outcome: "no_answer", decision: "skipped:shadow_mode", explanation: "Not texted: test mode: decided but not sent" });
  });
});
