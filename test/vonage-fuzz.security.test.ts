/**
 * Vonage's routes under random content (as fuzz.security.test.ts does for the others): correctly
 * signed bodies with random, missing and mistyped fields, random query strings on the event URL,
 * SMS API parameters with a valid `sig`: answered 2xx or 4xx, never 5xx. Fixed seed, bounded runs.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { vonageSmsSignature } from "../src/carriers/vonage-sms-signature";
import worker from "../src/index";
import { ORIGIN } from "./support/app";
import { createLine, mockCarriers, type Line } from "./support/carriers";
import { vonageAuthorization } from "./support/vonage";

const SEED = 20_261_207;
let line: Line;
let ipSeq = 0;

beforeAll(async () => {
  line = await createLine("vonage");
});
afterEach(() => vi.restoreAllMocks());

/** Straight to the fetch handler, each request from its own address (the per-IP webhook limit is not under test). */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | null }) {
  ipSeq += 1;
  const headers = new Headers(init.headers);
  headers.set("cf-connecting-ip", `10.9.${(ipSeq >> 8) & 255}.${ipSeq & 255}`);
  return worker.fetch(new Request(url, { method: init.method ?? "POST", headers, body: init.body ?? null }), env, createExecutionContext());
}

const text = fc.string({ maxLength: 40, unit: "grapheme" });
const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
const digits = (n: string) => n.slice(1);
/** A field's value: the right kind mostly, anything sometimes. */
const field = (good: fc.Arbitrary<unknown>) => fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: value });

const body = () =>
  fc.record(
    {
      uuid: field(fc.uuid()),
      message_uuid: field(fc.uuid()),
      to: field(fc.constantFrom(digits(line.e164), digits(line.forwardTo), "Unknown", "")),
      from: field(fc.constantFrom("14155550123", digits(line.e164), "Unknown", "+14155550123")),
      status: field(fc.constantFrom("started", "ringing", "answered", "timeout", "busy", "machine", "completed", "submitted", "delivered", "rejected", "read")),
      direction: field(fc.constantFrom("inbound", "outbound")),
      duration: field(fc.oneof(fc.nat(100_000).map(String), fc.integer({ min: -5, max: 10 }))),
      channel: field(fc.constantFrom("sms", "whatsapp")),
      text: field(text),
      error: field(fc.record({ type: text, title: fc.oneof(text, fc.integer()), detail: text }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  );

it("answers 2xx or 4xx, never 5xx, to correctly signed Vonage webhooks with random content", async () => {
  mockCarriers();
  const seen = new Map<number, number>();
  const routes = fc.constantFrom("answer", "event", "event?leg=forward", "inbound", "status");
  await fc.assert(
    fc.asyncProperty(routes, body(), fc.dictionary(fc.constantFrom("leg", "call", "caller", "number", "tag"), text, { maxKeys: 4 }), async (route, b, query) => {
      const raw = JSON.stringify(b);
      const q = route === "event?leg=forward" ? `&${new URLSearchParams(query as Record<string, string>)}` : "";
      const res = await send(`${ORIGIN}/webhooks/vonage/${route}${q}`, { headers: { "content-type": "application/json", authorization: await vonageAuthorization(line.secret, raw) }, body: raw });
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      if (res.status >= 500) throw new Error(`${res.status} for ${route} ${raw}`);
    }),
    { seed: SEED, numRuns: 300 },
  );
  // The content varied, not the signature: some were accepted (most lack a field their route needs).
  expect(seen.get(200) ?? 0, JSON.stringify([...seen])).toBeGreaterThan(15);
}, 60_000);

it("answers 2xx or 4xx, never 5xx, to SMS API inbound texts with a valid sig and random parameters", async () => {
  mockCarriers();
  await fc.assert(
    fc.asyncProperty(fc.dictionary(fc.constantFrom("msisdn", "to", "messageId", "text", "type", "keyword", "concat"), text, { maxKeys: 6 }), fc.boolean(), async (params, own) => {
      const p: Record<string, string> = { ...params, ...(own ? { to: digits(line.e164) } : {}), timestamp: String(Math.floor(Date.now() / 1000)) };
      p.sig = await vonageSmsSignature(p, line.secret, "sha256");
      const res = await send(`${ORIGIN}/webhooks/vonage/inbound?${new URLSearchParams(p)}`, { method: "GET" });
      if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(p)}`);
    }),
    { seed: SEED, numRuns: 150 },
  );
}, 60_000);
