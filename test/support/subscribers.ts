import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { api, uniquePhone } from "./app";
import { verifyTextback } from "../../src/crypto/textback-signature";

export interface Post {
  host: string;
  path: string;
  raw: string;
  body: { id: string; type: string; data: Record<string, any>; [k: string]: unknown };
  signature: string | null;
  /** 0 when the POST got no answer (a scripted error). */
  status: number;
}

/** One scripted answer: a status, a status with a Retry-After header, or an error the POST throws (no answer at all). */
export type ScriptedAnswer = number | { status: number; retryAfter: string } | Error;

/** How a subscriber host answers: scripted answers (then 200), and an optional delay per request. */
export interface SubscriberScript {
  statuses?: ScriptedAnswer[];
  delayMs?: number;
}

/** A developer's receiver on their own machine (the local-only allowance). */
const LOCAL = new Set(["127.0.0.1", "localhost"]);

/**
 * Twilio answers 201 to every text; each event subscriber (by host, `*.example`) answers with its
 * script. `posts`: every event POST, whatever was answered; `received`: those answered 2xx.
 */
export function mockSubscribers(scripts: Record<string, SubscriberScript> = {}) {
  const posts: Post[] = [];
  const queues = new Map(Object.entries(scripts).map(([host, s]) => [host, [...(s.statuses ?? [])]]));
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    if (url.hostname === "api.twilio.com") {
      return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
    }
    if (!url.hostname.endsWith(".example") && !LOCAL.has(url.hostname)) return new Response("blocked", { status: 599 });
    const delay = scripts[url.hostname]?.delayMs ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const raw = await req.text();
    const answer = queues.get(url.hostname)?.shift() ?? 200;
    const status = answer instanceof Error ? 0 : typeof answer === "number" ? answer : answer.status;
    posts.push({ host: url.hostname, path: url.pathname, raw, body: JSON.parse(raw), signature: req.headers.get("x-textback-signature"), status });
    if (answer instanceof Error) throw answer;
    // The body a receiver's error page would carry: never stored anywhere.
    const body = status >= 300 ? `<html>${status} at ${url.hostname}: internal details</html>` : null;
    return new Response(body, { status, headers: typeof answer === "object" ? { "retry-after": answer.retryAfter } : {} });
  });
  return {
    posts,
    received: (host?: string) => posts.filter((p) => p.status > 0 && p.status < 300 && (!host || p.host === host)),
  };
}

/** Whether `post` carries a valid signature by `secret`. */
export function signedBy(post: Post, secret: string): Promise<boolean> {
  return verifyTextback(secret, post.signature, post.raw, Math.floor(Date.now() / 1000));
}

/**
 * Event deliveries queued from now on are held back from the queue (texts and everything else go
 * through): the test runs them itself with runQueueBatch. `ids`: the held deliveries, in order.
 */
export function holdDeliveries(): { ids: string[] } {
  const held = { ids: [] as string[] };
  const send = env.SMS_OUT.send.bind(env.SMS_OUT);
  const sendBatch = env.SMS_OUT.sendBatch.bind(env.SMS_OUT);
  const delivery = (body: unknown) => (body as { webhookDeliveryId?: string }).webhookDeliveryId;
  vi.spyOn(env.SMS_OUT, "send").mockImplementation(async (body, opts) => {
    const id = delivery(body);
    if (id) held.ids.push(id);
    else await send(body, opts);
    return undefined as never;
  });
  vi.spyOn(env.SMS_OUT, "sendBatch").mockImplementation(async (messages, opts) => {
    const rest = [...messages].filter((m) => {
      const id = delivery(m.body);
      if (id) held.ids.push(id);
      return !id;
    });
    if (rest.length > 0) await sendBatch(rest, opts);
    return undefined as never;
  });
  return held;
}

/** A delivery's row as D1 holds it. */
export async function deliveryRow(id: string) {
  const row = await env.DB.prepare("SELECT * FROM webhook_deliveries WHERE id = ?").bind(id).first<{
    id: string;
    hook_id: string;
    status: string;
    attempts: number;
    last_error: string | null;
    next_attempt_at: number | null;
    payload: string;
  }>();
  if (!row) throw new Error(`no delivery ${id}`);
  return row;
}

/** `POST /api/businesses/:id/hooks`, expecting a 201. */
export async function subscribe(businessId: string, body: Record<string, unknown>) {
  const res = await api("POST", `/businesses/${businessId}/hooks`, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; secret?: string; url: string; events: string[] };
}

/** An admin opt-out: one consent.changed event, no carrier involved. */
export async function optOut(businessId: string, phone = uniquePhone()) {
  expect((await api("POST", `/businesses/${businessId}/consent`, { phone, kind: "opt_out" })).status).toBe(201);
  return phone;
}
