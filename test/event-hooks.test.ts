/**
 * Several subscribers per business, REST-hook style (Zapier's and Make's instant triggers):
 * subscribe, deliver with each one's own signature, unsubscribe, retries, dead letters and replay
 * per subscriber; one slow subscriber does not delay another. (A 410: event-hooks-gone.test.ts;
 * retry timing: event-retries.test.ts; bulk replay: event-hooks-replay.test.ts.)
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { requeueDueEvents } from "../src/notify/events";
import { api, apiJson, createTwilioLine, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { get, newSession, post } from "./support/admin-session";
import { mockSubscribers, signedBy } from "./support/subscribers";

afterEach(() => vi.restoreAllMocks());

const SECRET_A = "whsec_subscriber_a_0123456789";
const SECRET_B = "whsec_subscriber_b_9876543210";

async function subscribe(businessId: string, body: Record<string, unknown>) {
  const res = await api("POST", `/businesses/${businessId}/hooks`, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; secret?: string; url: string; events: string[] };
}

/** An admin opt-out: one consent.changed event, no carrier involved. */
async function optOut(businessId: string, phone = uniquePhone()) {
  expect((await api("POST", `/businesses/${businessId}/consent`, { phone, kind: "opt_out" })).status).toBe(201);
  return phone;
}

const hookRows = (businessId: string) => apiJson("GET", `/businesses/${businessId}/hooks`).then((r) => r.hooks as Record<string, unknown>[]);

describe("subscribing", () => {
  it("generates a secret when none is given and shows it once; lists subscribers without secrets", async () => {
    const line = await createTwilioLine();
    const a = await subscribe(line.businessId, { url: "https://a.example/hook", events: ["consent.changed"] });
    expect(a.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const b = await subscribe(line.businessId, { url: "https://b.example/hook", events: ["*"], secret: SECRET_B });
    expect(b.secret).toBeUndefined();
    const listed = await hookRows(line.businessId);
    expect(listed).toMatchObject([
      { id: a.id, url: "https://a.example/hook", events: ["consent.changed"], origin: "api" },
      { id: b.id, url: "https://b.example/hook", events: ["*"], origin: "api" },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/whsec|secret/);
  });

  it.each([
    [{ url: "https://10.0.0.5/hook", events: ["*"] }, "url"],
    [{ url: "http://a.example/hook", events: ["*"] }, "url"],
    [{ url: "https://intranet.corp/hook", events: ["*"] }, "url"],
    [{ url: "https://a.example/hook", events: [] }, "events"],
    [{ url: "https://a.example/hook", events: ["lead.exploded"] }, "events"],
    [{ url: "https://a.example/hook", events: ["*"], secret: "short" }, "secret"],
  ])("refuses %j with a 400 naming %s, and subscribes nothing", async (body, field) => {
    const line = await createTwilioLine();
    const res = await api("POST", `/businesses/${line.businessId}/hooks`, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(field);
    expect(await hookRows(line.businessId)).toEqual([]);
  });

  it("404s for an unknown business or subscriber", async () => {
    expect((await api("POST", "/businesses/biz_nope/hooks", { url: "https://a.example/h", events: ["*"] })).status).toBe(404);
    expect((await api("DELETE", "/hooks/hook_nope")).status).toBe(404);
  });
});

describe("delivering", () => {
  it("each subscriber gets the event types it asked for, signed with its own secret, under one event id", async () => {
    const subs = mockSubscribers();
    const line = await createTwilioLine();
    await subscribe(line.businessId, { url: "https://own-a.example/hook", events: ["reply.received"], secret: SECRET_A });
    await subscribe(line.businessId, { url: "https://own-b.example/hook", events: ["*"], secret: SECRET_B });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, "Are you open Sunday?"), line.authToken);
    await eventually(async () => subs.received("own-a.example").length === 1 && subs.received("own-b.example").some((p) => p.body.type === "reply.received"));
    await settle(200);
    const [a] = subs.received("own-a.example");
    const b = subs.received("own-b.example").find((p) => p.body.type === "reply.received")!;
    expect(subs.received("own-a.example").map((p) => p.body.type)).toEqual(["reply.received"]);
    expect(await signedBy(a!, SECRET_A)).toBe(true);
    expect(await signedBy(a!, SECRET_B)).toBe(false);
    expect(await signedBy(b, SECRET_B)).toBe(true);
    expect(a!.body.id).toBe(b.body.id);
    expect(a!.raw).toBe(b.raw);
  });

  it("unsubscribing stops deliveries to that subscriber only", async () => {
    const subs = mockSubscribers();
    const line = await createTwilioLine();
    const a = await subscribe(line.businessId, { url: "https://unsub-a.example/hook", events: ["consent.changed"], secret: SECRET_A });
    await subscribe(line.businessId, { url: "https://unsub-b.example/hook", events: ["consent.changed"], secret: SECRET_B });
    expect((await api("DELETE", `/hooks/${a.id}`)).status).toBe(204);
    expect((await api("DELETE", `/hooks/${a.id}`)).status).toBe(404);
    const phone = await optOut(line.businessId);
    await eventually(async () => subs.received("unsub-b.example").some((p) => p.body.data.phone === phone));
    await settle(200);
    expect(subs.posts.filter((p) => p.host === "unsub-a.example")).toEqual([]);
    expect((await hookRows(line.businessId)).map((h) => h.url)).toEqual(["https://unsub-b.example/hook"]);
  });

  it("retries a failing subscriber on its own; the healthy one receives once", async () => {
    const subs = mockSubscribers({ "retry-a.example": { statuses: [500, 503] } });
    const line = await createTwilioLine();
    const a = await subscribe(line.businessId, { url: "https://retry-a.example/hook", events: ["consent.changed"], secret: SECRET_A });
    await subscribe(line.businessId, { url: "https://retry-b.example/hook", events: ["consent.changed"], secret: SECRET_B });
    await optOut(line.businessId);
    await eventually(async () => subs.received("retry-a.example").length === 1);
    expect(subs.posts.filter((p) => p.host === "retry-a.example").map((p) => p.status)).toEqual([500, 503, 200]);
    expect(subs.posts.filter((p) => p.host === "retry-b.example").map((p) => p.status)).toEqual([200]);
    const { deliveries } = await apiJson("GET", `/hooks/${a.id}/deliveries`);
    expect(deliveries).toMatchObject([{ event: "consent.changed", status: "delivered", attempts: 3 }]);
  });

  it("one slow subscriber does not delay another", async () => {
    const subs = mockSubscribers({ "slow.example": { delayMs: 2500 } });
    const line = await createTwilioLine();
    await subscribe(line.businessId, { url: "https://slow.example/hook", events: ["consent.changed"], secret: SECRET_A });
    await subscribe(line.businessId, { url: "https://fast.example/hook", events: ["consent.changed"], secret: SECRET_B });
    const started = Date.now();
    await optOut(line.businessId);
    await eventually(async () => subs.received("fast.example").length === 1, 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(subs.received("slow.example")).toEqual([]);
    await eventually(async () => subs.received("slow.example").length === 1, 5000);
  });
});

describe("dead letters and replay", () => {
  it("a delivery that used up its retries is dead for its subscriber alone, and replays with the same id", async () => {
    // Eleven attempts: the queue's first four, then the cron's (event-retries.test.ts times them).
    const subs = mockSubscribers({ "dead-a.example": { statuses: Array(11).fill(500) } });
    const line = await createTwilioLine();
    const a = await subscribe(line.businessId, { url: "https://dead-a.example/hook", events: ["consent.changed"], secret: SECRET_A });
    await subscribe(line.businessId, { url: "https://dead-b.example/hook", events: ["consent.changed"], secret: SECRET_B });
    const phone = await optOut(line.businessId);
    await eventually(async () => subs.received("dead-b.example").length === 1);
    const dead = await eventually(async () => {
      await requeueDueEvents(env, Date.now() + 9 * 3_600_000);
      return (await apiJson("GET", `/hooks/${a.id}/deliveries?status=dead`)).deliveries[0];
    }, 15_000);
    expect(dead).toMatchObject({ event: "consent.changed", attempts: 11, lastError: "HTTP 500" });
    const deliveries = [dead];

    vi.restoreAllMocks();
    const fixed = mockSubscribers();
    expect((await api("POST", `/deliveries/${deliveries[0].id}/replay`)).status).toBe(202);
    const replayed = await eventually(async () => fixed.received("dead-a.example")[0]);
    expect(replayed.body).toMatchObject({ type: "consent.changed", data: { phone } });
    expect(replayed.body.id).toBe(subs.received("dead-b.example")[0]!.body.id);
    expect(await signedBy(replayed, SECRET_A)).toBe(true);
    expect(fixed.posts.filter((p) => p.host === "dead-b.example")).toEqual([]);
    await eventually(async () => (await apiJson("GET", `/hooks/${a.id}/deliveries`)).deliveries[0].status === "delivered");
    expect((await api("POST", `/deliveries/${deliveries[0].id}/replay`)).status).toBe(202);
    expect((await api("POST", "/deliveries/wh_nope/replay")).status).toBe(404);
  }, 30_000);
});

describe("the Integrations page", () => {
  it("lists subscribers with what each refused; replays a refused delivery to its subscriber alone; removes one", async () => {
    const subs = mockSubscribers({ "page-a.example": { statuses: [400] } });
    const line = await createTwilioLine();
    const a = await subscribe(line.businessId, { url: "https://page-a.example/hook", events: ["consent.changed"], secret: SECRET_A });
    await subscribe(line.businessId, { url: "https://page-b.example/hook", events: ["consent.changed"], secret: SECRET_B });
    await optOut(line.businessId);
    const refused = await eventually(async () => (await apiJson("GET", `/hooks/${a.id}/deliveries?status=failed`)).deliveries[0]);
    const session = await newSession();
    const page = await (await get(session, `/admin/businesses/${line.businessId}/integrations`)).text();
    expect(page).toContain("https://page-a.example/hook");
    expect(page).toContain("https://page-b.example/hook");
    expect(page).toContain("HTTP 400");
    const replay = `/admin/businesses/${line.businessId}/deliveries/${refused.id}/replay`;
    expect(page).toContain(replay);
    expect((await post(session, replay, {})).headers.get("location")).toMatch(/done=replayed$/);
    await eventually(async () => subs.received("page-a.example").length === 1);
    expect(subs.posts.filter((p) => p.host === "page-b.example")).toHaveLength(1);
    // Another business's delivery is not replayed from this page.
    const other = await createTwilioLine();
    expect((await post(session, `/admin/businesses/${other.businessId}/deliveries/${refused.id}/replay`, {})).status).toBe(404);

    expect((await post(session, `/admin/businesses/${line.businessId}/hooks/${a.id}/delete`, {})).headers.get("location")).toMatch(/done=unsubscribed$/);
    expect((await hookRows(line.businessId)).map((h) => h.id)).not.toContain(a.id);
  }, 15_000);
});

describe("the notifyWebhookUrl setting is one subscriber", () => {
  it("setting it subscribes for every event, changing it moves it, clearing it unsubscribes", async () => {
    const line = await createTwilioLine();
    await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm.example/a", webhookSecret: SECRET_A });
    expect(await hookRows(line.businessId)).toMatchObject([{ id: `hook_setting_${line.businessId}`, url: "https://crm.example/a", events: ["*"], origin: "setting" }]);
    await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm.example/b" });
    expect(await hookRows(line.businessId)).toMatchObject([{ url: "https://crm.example/b" }]);
    await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: null });
    expect(await hookRows(line.businessId)).toEqual([]);
  });

  it("migration 0015 made each configured business's URL its subscriber, with its secret, and pointed waiting deliveries at it", async () => {
    const id = `biz_m${crypto.randomUUID().slice(0, 8)}`;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO businesses (id, name, timezone, settings, notify_webhook_url, webhook_secret, updated_at) VALUES (?, 'Old', 'America/Chicago', '{}', 'https://crm.example/old', 'enc:secret', 0)").bind(id),
      env.DB.prepare("INSERT INTO webhook_deliveries (id, business_id, event, payload, status, attempts, created_at) VALUES (?, ?, 'consent.changed', ?, 'retrying', 1, 0)").bind(`wh_${id}`, id, JSON.stringify(await apiJson("GET", "/events/sample/consent.changed"))),
    ]);
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0015_event_hooks"))!;
    for (const sql of migration.queries.filter((q) => q.startsWith("INSERT") || q.startsWith("UPDATE") || q.startsWith("--"))) await env.DB.prepare(sql).run();
    const hook = await env.DB.prepare("SELECT * FROM event_hooks WHERE business_id = ?").bind(id).first();
    expect(hook).toMatchObject({ id: `hook_setting_${id}`, url: "https://crm.example/old", secret: "enc:secret", events: '["*"]', origin: "setting" });
    const delivery = await env.DB.prepare("SELECT event_id, hook_id FROM webhook_deliveries WHERE id = ?").bind(`wh_${id}`).first();
    expect(delivery).toEqual({ event_id: `wh_${id}`, hook_id: `hook_setting_${id}` });
  });
});
