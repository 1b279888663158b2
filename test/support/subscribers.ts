import { vi } from "vitest";
import { verifyTextback } from "../../src/crypto/textback-signature";

export interface Post {
  host: string;
  path: string;
  raw: string;
  body: { id: string; type: string; data: Record<string, any>; [k: string]: unknown };
  signature: string | null;
  status: number;
}

/** How a subscriber host answers: scripted statuses (then 200), and an optional delay per request. */
export interface SubscriberScript {
  statuses?: number[];
  delayMs?: number;
}

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
    if (!url.hostname.endsWith(".example")) return new Response("blocked", { status: 599 });
    const delay = scripts[url.hostname]?.delayMs ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const raw = await req.text();
    const status = queues.get(url.hostname)?.shift() ?? 200;
    posts.push({ host: url.hostname, path: url.pathname, raw, body: JSON.parse(raw), signature: req.headers.get("x-textback-signature"), status });
    return new Response(null, { status });
  });
  return {
    posts,
    received: (host?: string) => posts.filter((p) => p.status < 300 && (!host || p.host === host)),
  };
}

/** Whether `post` carries a valid signature by `secret`. */
export function signedBy(post: Post, secret: string): Promise<boolean> {
  return verifyTextback(secret, post.signature, post.raw, Math.floor(Date.now() / 1000));
}
