/**
 * A receiver under development on the developer's own machine: http://127.0.0.1 or localhost is a
 * subscriber only where ALLOW_LOCAL_SUBSCRIBERS is "true" (what `npm start` sets); everywhere else,
 * production included, subscribers are public https URLs, at subscribe time and at every delivery.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { ADMIN, api, createTwilioLine, ORIGIN } from "./support/app";
import { runQueueBatch } from "./support/queue";
import { deliveryRow, holdDeliveries, mockSubscribers, optOut, signedBy } from "./support/subscribers";

afterEach(() => vi.restoreAllMocks());

/** The queue and D1 under a loaded machine: seconds, not the default one. */
const WAIT = { timeout: 10_000, interval: 50 };

const LOCAL = { ...env, ALLOW_LOCAL_SUBSCRIBERS: "true" };
const SECRET = "whsec_local_receiver_0123456789";

/** The admin API of a worker run with `e`'s vars. */
async function apiWith(e: typeof env, method: string, path: string, body?: unknown): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}/api${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) }), e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("local subscribers", () => {
  it("are refused where ALLOW_LOCAL_SUBSCRIBERS is not set, as in production", async () => {
    const line = await createTwilioLine();
    for (const url of ["http://127.0.0.1:9000/hook", "http://localhost:3000/textback", "https://localhost/textback"]) {
      const res = await api("POST", `/businesses/${line.businessId}/hooks`, { url, events: ["*"] });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain("url");
    }
  }, 30_000);

  it("a local worker takes http://127.0.0.1 and delivers to it, signed; a deployed one never posts there", async () => {
    const subs = mockSubscribers();
    const line = await createTwilioLine();
    const res = await apiWith(LOCAL, "POST", `/businesses/${line.businessId}/hooks`, { url: "http://127.0.0.1:9000/hook", events: ["consent.changed"], secret: SECRET });
    expect(res.status, await res.clone().text()).toBe(201);
    // Private addresses stay refused, local worker or not.
    const lan = await apiWith(LOCAL, "POST", `/businesses/${line.businessId}/hooks`, { url: "http://192.168.1.20:9000/hook", events: ["*"] });
    expect(lan.status).toBe(400);

    const held = holdDeliveries();
    await optOut(line.businessId);
    await optOut(line.businessId);
    await vi.waitFor(() => expect(held.ids).toHaveLength(2), WAIT);
    await runQueueBatch("sms-outbound", [{ webhookDeliveryId: held.ids[0] }], LOCAL);
    expect(await deliveryRow(held.ids[0]!)).toMatchObject({ status: "delivered" });
    const [posted] = subs.received("127.0.0.1");
    expect(posted!.path).toBe("/hook");
    expect(await signedBy(posted!, SECRET)).toBe(true);

    // The same subscriber seen by a worker without the allowance: never called.
    await runQueueBatch("sms-outbound", [{ webhookDeliveryId: held.ids[1] }]);
    expect(await deliveryRow(held.ids[1]!)).toMatchObject({ status: "failed", last_error: "url must be an https URL" });
    expect(subs.posts.filter((p) => p.host === "127.0.0.1")).toHaveLength(1);
  }, 30_000);
});
