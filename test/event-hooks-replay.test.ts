/**
 * Replaying a subscriber's dead deliveries all at once (optionally those since a time), from the
 * API and the Integrations page: same ids, same bytes, to that subscriber alone, and a delivery
 * already on its way is never queued twice however often the replay is asked for.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { get, newSession, post } from "./support/admin-session";
import { api, apiJson, createTwilioLine, settle } from "./support/app";
import { replayHookDeliveries } from "../src/admin/hooks";
import { recording, type Issued } from "./support/d1";
import { runQueueBatch } from "./support/queue";
import { expectAllIndexed, plan } from "./support/query-plans";
import { deliveryRow, holdDeliveries, mockSubscribers, optOut, subscribe } from "./support/subscribers";

afterEach(() => vi.restoreAllMocks());

/** The queue and D1 under a loaded machine: seconds, not the default one. */
const WAIT = { timeout: 10_000, interval: 50 };

/** Two subscribers, three events to each (`since`: a time between the first event and the other two); every delivery dead. */
async function deadDeliveries() {
  const line = await createTwilioLine();
  const a = await subscribe(line.businessId, { url: "https://bulk-a.example/hook", events: ["consent.changed"] });
  const b = await subscribe(line.businessId, { url: "https://bulk-b.example/hook", events: ["consent.changed"] });
  const held = holdDeliveries();
  await optOut(line.businessId);
  await vi.waitFor(() => expect(held.ids).toHaveLength(2), WAIT);
  await settle(20);
  const since = new Date().toISOString();
  await settle(20);
  await optOut(line.businessId);
  await optOut(line.businessId);
  await vi.waitFor(() => expect(held.ids).toHaveLength(6), WAIT);
  // The dead-letter queue's consumer: what a delivery that used every retry goes through.
  await runQueueBatch("sms-outbound-dlq", held.ids.map((webhookDeliveryId) => ({ webhookDeliveryId })));
  const ofHook = (hookId: string) => held.ids.filter((id) => id.endsWith(`.${hookId}`));
  vi.restoreAllMocks();
  return { line, a, b, since, aIds: ofHook(a.id), bIds: ofHook(b.id) };
}

describe("bulk replay", () => {
  it("queues every dead delivery of the subscriber since a time, then the rest; asking again queues nothing twice", async () => {
    const { line, a, since, aIds, bIds } = await deadDeliveries();
    const bytes = new Map(await Promise.all(aIds.map(async (id) => [id, (await deliveryRow(id)).payload] as const)));
    const subs = mockSubscribers();
    const held = holdDeliveries();

    const first = await api("POST", `/hooks/${a.id}/replay`, { since });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ hookId: a.id, status: "dead", replayed: 2 });
    expect(held.ids.sort()).toEqual(aIds.slice(1).sort());
    // In flight: asked again (a double click, a retried request), nothing more is queued.
    expect(await apiJson("POST", `/hooks/${a.id}/replay`, { since })).toMatchObject({ replayed: 0 });
    expect(await apiJson("POST", `/hooks/${a.id}/replay`, {})).toMatchObject({ replayed: 1 });
    expect(await apiJson("POST", `/hooks/${a.id}/replay`)).toMatchObject({ replayed: 0 });
    expect(held.ids.sort()).toEqual([...aIds].sort());
    for (const id of aIds) expect(await deliveryRow(id)).toMatchObject({ status: "retrying", attempts: 0, last_error: null });
    for (const id of bIds) expect((await deliveryRow(id)).status).toBe("dead");

    await runQueueBatch("sms-outbound", held.ids.map((webhookDeliveryId) => ({ webhookDeliveryId })));
    const posts = subs.received("bulk-a.example");
    expect(posts.map((p) => p.raw).sort()).toEqual([...bytes.values()].sort());
    expect(new Set(posts.map((p) => p.body.id)).size).toBe(3);
    expect(subs.posts.filter((p) => p.host === "bulk-b.example")).toEqual([]);
    for (const id of aIds) expect((await deliveryRow(id)).status).toBe("delivered");

    const { entries } = await apiJson("GET", `/audit?entity=business&entityId=${line.businessId}`);
    expect(entries.filter((e: { action: string }) => e.action === "hook.replay").map((e: { detail: unknown }) => e.detail)).toEqual([
      { hookId: a.id, status: "dead", since: null, count: 1 },
      { hookId: a.id, status: "dead", since, count: 2 },
    ]);
  }, 30_000);

  it("finds the subscriber's deliveries through its index, oldest first", async () => {
    const { a } = await deadDeliveries();
    holdDeliveries();
    const issued: Issued[] = [];
    expect(await replayHookDeliveries({ ...env, DB: recording(env.DB, issued) }, a.id, { status: "dead" })).toBe(3);
    await expectAllIndexed(issued, [["a subscriber's dead deliveries, claimed", /^UPDATE webhook_deliveries SET status = 'retrying'/, { sortedByIndex: true }]]);
    expect((await plan(issued.find((q) => q.sql.startsWith("UPDATE"))!)).join("\n")).toContain("webhook_deliveries_hook_idx");
  }, 30_000);

  it("refuses what it cannot do, saying why, and queues nothing", async () => {
    const { a, aIds } = await deadDeliveries();
    const held = holdDeliveries();
    for (const [body, field] of [
      [{ since: "yesterday" }, "since"],
      [{ status: "delivered" }, "status"],
      [{ hookId: "x" }, "hookId"],
    ] as const) {
      const res = await api("POST", `/hooks/${a.id}/replay`, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain(field);
    }
    expect((await api("POST", "/hooks/hook_nope/replay", {})).status).toBe(404);
    await env.DB.prepare("UPDATE event_hooks SET disabled_at = ?, disabled_reason = 'receiver answered 410 Gone' WHERE id = ?").bind(Date.now(), a.id).run();
    const disabled = await api("POST", `/hooks/${a.id}/replay`, {});
    expect(disabled.status).toBe(409);
    expect(await disabled.text()).toContain("enable it first");
    expect(held.ids).toEqual([]);
    for (const id of aIds) expect((await deliveryRow(id)).status).toBe("dead");
  }, 30_000);

  it("the Integrations page replays a subscriber's dead deliveries with one button", async () => {
    const { line, a, b, aIds } = await deadDeliveries();
    const held = holdDeliveries();
    const session = await newSession();
    const page = await (await get(session, `/admin/businesses/${line.businessId}/integrations`)).text();
    const action = `/admin/businesses/${line.businessId}/hooks/${a.id}/replay`;
    expect(page).toContain(action);
    expect(page).toContain("Replay 3 dead");
    expect(page).toContain(`/admin/businesses/${line.businessId}/hooks/${b.id}/replay`);
    expect((await post(session, action, {})).headers.get("location")).toMatch(/done=replayed$/);
    expect(held.ids.sort()).toEqual([...aIds].sort());
    const after = await (await get(session, `/admin/businesses/${line.businessId}/integrations`)).text();
    expect(after).not.toContain(action);
    // Another business's subscriber is not replayed from this page.
    const other = await createTwilioLine();
    expect((await post(session, `/admin/businesses/${other.businessId}/hooks/${b.id}/replay`, {})).status).toBe(404);
  }, 30_000);
});
