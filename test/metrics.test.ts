import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, createTwilioLine, dialStatus, eventually, ORIGIN, twilioWebhook, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

describe("operations endpoints", () => {
  it("GET /healthz answers without auth and without secrets", async () => {
    const res = await exports.default.fetch(`${ORIGIN}/healthz`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("test-admin-token-at-least-32-chars");
    expect(JSON.parse(text)).toEqual({ ok: true });
  });

  it("GET /api/metrics counts decisions and message statuses over the last hour and day", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, uniquePhone(), "no-answer"), line.authToken);
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, uniquePhone(), "completed", { DialCallDuration: "60" }), line.authToken);
    const m = await eventually(async () => {
      const r = await apiJson("GET", "/metrics");
      return r.lastHour.messages["outbound:sent"] >= 1 && r;
    });
    expect(m.lastHour.calls["texted:no_answer"]).toBeGreaterThanOrEqual(1);
    expect(m.lastHour.calls["skipped:answered"]).toBeGreaterThanOrEqual(1);
    expect(m.lastDay.calls["texted:no_answer"]).toBeGreaterThanOrEqual(m.lastHour.calls["texted:no_answer"]);
  });

  it("GET /api/metrics needs the admin token", async () => {
    expect((await exports.default.fetch(`${ORIGIN}/api/metrics`)).status).toBe(401);
    expect((await api("GET", "/metrics")).status).toBe(200);
  });
});
