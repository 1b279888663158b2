/**
 * Per-IP rate limit of the carrier webhooks (WEBHOOK_RL: 600 a minute per `cf-connecting-ip`).
 *
 * The pool's local limiter is exact: a fixed window of `floor(now / 60 s)`, counted in memory, one
 * Miniflare (so one set of counters) per test file. Each test here uses its own made-up addresses,
 * so nothing else in the file or the run spends their budget.
 *
 * Requests go straight to the worker's fetch handler, not through `exports.default`: the pool
 * (0.15.1) nests one more Proxy around its entrypoint wrapper on every call through it, which turns
 * quadratic and overflows the stack after a couple of thousand requests (workers-sdk#15092).
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, ORIGIN, settle, uniquePhone } from "./support/app";
import { twilioSignature } from "../src/carriers/twilio-signature";
import { mockTwilio } from "./support/carriers";
import worker from "../src/index";

afterEach(() => vi.restoreAllMocks());

const LIMIT = 600;
const WINDOW_MS = 60_000;

let ipSeq = 0;
/** A fresh documentation-range address (RFC 5737) per call. */
const freshIp = () => {
  ipSeq += 1;
  return `198.51.${Math.floor(ipSeq / 250) % 250}.${(ipSeq % 250) + 1}`;
};

/** The worker's own fetch handler, with this file's bindings. */
function call(url: string, init: RequestInit = {}): Promise<Response> {
  return Promise.resolve(worker.fetch(new Request(url, init), env, createExecutionContext()));
}

/** The cheapest webhook request: no signature, so the route refuses it at once (403) — after the limiter. */
function poke(ip: string | null, path = "/webhooks/twilio/voicemail"): Promise<Response> {
  const headers: Record<string, string> = {};
  if (ip !== null) headers["cf-connecting-ip"] = ip;
  return call(`${ORIGIN}${path}`, { method: "POST", headers });
}

/** Spend `n` requests of `ip`'s budget, 50 at a time; returns the statuses. */
async function spend(ip: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let done = 0; done < n; done += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - done) }, () => poke(ip)));
    for (const r of batch) statuses.push(r.status);
  }
  return statuses;
}

/**
 * Run `body` inside one limiter window. The window is aligned to the minute (the limiter resets
 * every counter when it changes); 601 requests take a second or two (more on a loaded machine), so
 * a run that would start in the last 20 s of a window waits for the next one.
 */
async function withinOneWindow(body: () => Promise<void>) {
  const into = Date.now() % WINDOW_MS;
  if (into > WINDOW_MS - 20_000) await new Promise((r) => setTimeout(r, WINDOW_MS - into + 100));
  const window = Math.floor(Date.now() / WINDOW_MS);
  await body();
  expect(Math.floor(Date.now() / WINDOW_MS), "the run crossed a limiter window").toBe(window);
}

describe("webhook rate limit per source address", () => {
  it("answers the 601st request from one address within a minute with 429 and Retry-After; another address still passes", async () => {
    await withinOneWindow(async () => {
      const ip = freshIp();
      const first = await spend(ip, LIMIT);
      // Every one of the 600 reached the route (403: unsigned), none was limited.
      expect(first.filter((s) => s === 429)).toHaveLength(0);
      expect(new Set(first)).toEqual(new Set([403]));

      const over = await poke(ip);
      expect(over.status).toBe(429);
      expect(over.headers.get("retry-after")).toBe("60");
      expect(await over.json()).toHaveProperty("error");
      // Other routes under /webhooks share the address's budget.
      expect((await poke(ip, "/webhooks/twilio/dial-status")).status).toBe(429);
      expect((await poke(ip, "/webhooks/telnyx")).status).toBe(429);

      expect((await poke(freshIp())).status).toBe(403);
    });
  }, 45_000);

  it("refuses a limited address before any work: a correctly signed missed call stores nothing and sends nothing", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await withinOneWindow(async () => {
      const ip = freshIp();
      await spend(ip, LIMIT);
      const params = dialStatus(line, caller, "no-answer");
      const url = `${ORIGIN}/webhooks/twilio/dial-status`;
      const res = await call(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": await twilioSignature(line.authToken, url, params),
          "cf-connecting-ip": ip,
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(429);
    });
    await settle(200);
    expect(carrier.requests).toHaveLength(0);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls).toEqual([]);
  }, 45_000);

  it("does not limit the admin API or the health check by the webhook budget", async () => {
    await withinOneWindow(async () => {
      const ip = freshIp();
      await spend(ip, LIMIT + 1);
      const health = await call(`${ORIGIN}/healthz`, { headers: { "cf-connecting-ip": ip } });
      expect(health.status).toBe(200);
      const api = await call(`${ORIGIN}/api/businesses`, {
        headers: { "cf-connecting-ip": ip, authorization: "Bearer test-admin-token-at-least-32-chars" },
      });
      expect(api.status).toBe(200);
    });
  }, 45_000);

  it("counts requests without cf-connecting-ip under one shared key instead of skipping the limit", async () => {
    // Every other request in this file carries an address, so "unknown" is unspent in this window.
    await withinOneWindow(async () => {
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT; i += 50) statuses.push(...(await Promise.all(Array.from({ length: 50 }, () => poke(null)))).map((r) => r.status));
      expect(new Set(statuses)).toEqual(new Set([403]));
      expect((await poke(null)).status).toBe(429);
      expect((await poke(freshIp())).status).toBe(403);
    });
  }, 45_000);

  it("lets a carrier's real traffic through: a signed missed call from an unspent address is answered and texted", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const params = dialStatus(line, caller, "no-answer");
    const url = `${ORIGIN}/webhooks/twilio/dial-status`;
    const res = await call(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": await twilioSignature(line.authToken, url, params),
        "cf-connecting-ip": freshIp(),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(carrier.to(caller)).toHaveLength(1), { timeout: 5000 });
  });
});

describe("wrong admin tokens on the API", () => {
  it("an address that sends more than 10 wrong tokens a minute is refused with 429, the right token included; another address is not", async () => {
    // The limiter counts in fixed minutes from the epoch: start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
    const guesser = "198.51.100.77";
    const get = (ip: string, token: string) => call(`${ORIGIN}/api/businesses`, { headers: { "cf-connecting-ip": ip, authorization: `Bearer ${token}` } });
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await get(guesser, `guess-${i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const right = await get(guesser, "test-admin-token-at-least-32-chars");
    expect(right.status).toBe(429);
    expect(right.headers.get("retry-after")).toBe("60");
    expect((await get("198.51.100.78", "test-admin-token-at-least-32-chars")).status).toBe(200);
  });
});
