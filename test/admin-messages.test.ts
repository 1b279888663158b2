/** The JSON API's hand-written texts and dead-letter retries (shared with the admin page, src/admin/texts.ts). */
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN, api, apiJson, createTwilioLine, eventually, ORIGIN, settle, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

async function deadMessage(line: TwilioLine, to = uniquePhone()): Promise<string> {
  const { numbers } = await apiJson("GET", `/businesses/${line.businessId}`);
  const id = `m_dead_${crypto.randomUUID().slice(0, 12)}`;
  const now = Date.now();
  await env.DB.prepare(
    `insert into messages (id, business_id, number_id, direction, kind, from_phone, to_phone, body, encoding, segments, status, error_code, attempts, created_at, updated_at)
     values (?, ?, ?, 'outbound', 'missed_call', ?, ?, 'Sorry we missed you', 'GSM-7', 1, 'dead', '20503', 7, ?, ?)`,
  )
    .bind(id, line.businessId, numbers[0].id, line.e164, to, now, now)
    .run();
  return id;
}

describe("POST /api/businesses/:id/messages", () => {
  it("queues a manual text from the business number and answers 201", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const to = uniquePhone();
    const res = await api("POST", `/businesses/${line.businessId}/messages`, { to: `(${to.slice(2, 5)}) ${to.slice(5, 8)}-${to.slice(8)}`, body: "  Hi, we can come Tuesday.  " });
    const msg = await res.json<any>();
    expect(res.status, JSON.stringify(msg)).toBe(201);
    expect(msg).toMatchObject({ id: expect.stringMatching(/^m_admin_/), direction: "outbound", kind: "manual", status: "queued", from: line.e164, to, body: "Hi, we can come Tuesday." });
    const [sent] = await eventually(async () => carrier.to(to).length === 1 && carrier.to(to));
    expect(sent!.form.get("Body")).toBe("Hi, we can come Tuesday.");
    expect(sent!.form.get("StatusCallback")).toBe(`${ORIGIN}/webhooks/twilio/sms-status`);
  });

  it("refuses 409 when the recipient opted out, and sends nothing", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const to = uniquePhone();
    await apiJson("POST", `/businesses/${line.businessId}/consent`, { phone: to, kind: "opt_out" });
    const res = await api("POST", `/businesses/${line.businessId}/messages`, { to, body: "Hello?" });
    expect(res.status).toBe(409);
    expect((await res.json<{ error: string }>()).error).toMatch(/opted out/);
    await settle(100);
    expect(carrier.to(to)).toHaveLength(0);
    expect((await apiJson("GET", `/businesses/${line.businessId}/messages`)).messages).toEqual([]);

    // Opted in again: allowed.
    await apiJson("POST", `/businesses/${line.businessId}/consent`, { phone: to, kind: "opt_in" });
    expect((await api("POST", `/businesses/${line.businessId}/messages`, { to, body: "Hello again" })).status).toBe(201);
    await eventually(async () => carrier.to(to).length === 1);
  });

  it("sends once for a repeated Idempotency-Key", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const to = uniquePhone();
    const send = () =>
      exports.default.fetch(`${ORIGIN}/api/businesses/${line.businessId}/messages`, {
        method: "POST",
        headers: { ...ADMIN, "idempotency-key": "reply-0001" },
        body: JSON.stringify({ to, body: "Once" }),
      });
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([201, 200]);
    expect((await second.json<{ id: string }>()).id).toBe((await first.json<{ id: string }>()).id);
    await eventually(async () => carrier.to(to).length === 1);
    await settle(100);
    expect(carrier.to(to)).toHaveLength(1);
  });

  it.each([
    ["an empty body", { body: "   " }, 400, /body/],
    ["a body over 1600 characters", { body: "a".repeat(1601) }, 400, /body/],
    ["an invalid phone", { to: "555-0100" }, 400, /to/],
    ["a from that is not the business's", { from: "+13125550000" }, 400, /from/],
  ])("refuses %s", async (_name, patch, status, message) => {
    const line = await createTwilioLine();
    const res = await api("POST", `/businesses/${line.businessId}/messages`, { to: uniquePhone(), body: "Hi", ...patch });
    expect(res.status).toBe(status);
    expect((await res.json<{ error: string }>()).error).toMatch(message);
  });

  it("refuses 409 when the business has no number, and 404 for an unknown business", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "No Numbers", timezone: "America/Chicago" });
    expect((await api("POST", `/businesses/${biz.id}/messages`, { to: uniquePhone(), body: "Hi" })).status).toBe(409);
    expect((await api("POST", "/businesses/biz_nope/messages", { to: uniquePhone(), body: "Hi" })).status).toBe(404);
  });
});

describe("dead letters", () => {
  it("lists them with ?status=dead", async () => {
    const line = await createTwilioLine();
    const id = await deadMessage(line);
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages?status=dead`);
    expect(messages.map((m: { id: string }) => m.id)).toEqual([id]);
    expect(messages[0]).toMatchObject({ status: "dead", errorCode: "20503", attempts: 7 });
    expect((await apiJson("GET", `/businesses/${line.businessId}/messages?status=delivered`)).messages).toEqual([]);
    expect((await api("GET", `/businesses/${line.businessId}/messages?status=DROP%20TABLE`)).status).toBe(400);
  });

  it("retries one with 202, keeps its attempts, and sends once however often it is retried", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const to = uniquePhone();
    const id = await deadMessage(line, to);
    const results = await Promise.all([1, 2, 3].map(() => api("POST", `/messages/${id}/retry`)));
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409]);
    const accepted = await results.find((r) => r.status === 202)!.json<any>();
    expect(accepted).toMatchObject({ id, status: "queued", attempts: 7 });
    await eventually(async () => carrier.to(to).length === 1);
    await settle(200);
    expect(carrier.to(to)).toHaveLength(1);
    const row = await env.DB.prepare("select status, attempts from messages where id = ?").bind(id).first();
    expect(row).toEqual({ status: "sent", attempts: 8 });
  });

  it("answers 404 for an unknown message and 409 for one that is not dead", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    expect((await api("POST", "/messages/m_nope/retry")).status).toBe(404);
    const to = uniquePhone();
    const sent = await apiJson("POST", `/businesses/${line.businessId}/messages`, { to, body: "Hi" });
    const res = await api("POST", `/messages/${sent.id}/retry`);
    expect(res.status).toBe(409);
    expect((await res.json<{ error: string }>()).error).toMatch(/not dead/);
    await eventually(async () => carrier.to(to).length === 1);
  });
});
