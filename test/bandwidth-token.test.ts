/**
 * Bandwidth's OAuth 2.0 client credentials (src/carriers/bandwidth-token.ts) against a fake token
 * endpoint and API: a token per client kept until 60 s before it expires, one fetch for requests
 * that ask at once, a 401 answered with one fresh token and one retry, a refusal read as the API's.
 */
import { describe, expect, it } from "vitest";
import { bandwidthTokens, REFRESH_BEFORE_MS } from "../src/carriers/bandwidth-token";

const TOKEN_URL = "https://auth.test/api/v1/oauth2/token";
const API = "https://api.test/v2/thing";
const CLIENT = { clientId: "client-a", clientSecret: "secret-a" };

interface Fake {
  tokens: Array<{ authorization: string | null; body: string }>;
  api: string[];
  clock: { now: number };
  /** The next token answers, in order (then tokens `t1`, `t2`… for an hour). */
  tokenAnswers: Response[];
  /** The API answers 401 to these tokens. */
  revoked: Set<string>;
  /** Resolves the token endpoint's answers one by one when set (a slow endpoint). */
  hold?: Promise<void>;
}

function fake() {
  const f: Fake = { tokens: [], api: [], clock: { now: 1_000_000 }, tokenAnswers: [], revoked: new Set() };
  const fetchFake = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (req.url === TOKEN_URL) {
      f.tokens.push({ authorization: req.headers.get("authorization"), body: new TextDecoder().decode(await req.arrayBuffer()) });
      if (f.hold) await f.hold;
      return f.tokenAnswers.shift() ?? Response.json({ access_token: `t${f.tokens.length}`, token_type: "Bearer", expires_in: 3600 });
    }
    const auth = req.headers.get("authorization") ?? "";
    f.api.push(auth);
    if (!auth.startsWith("Bearer ") || f.revoked.has(auth.slice(7))) return Response.json({ type: "unauthorized" }, { status: 401 });
    return Response.json({ ok: true, body: await req.text() });
  }) as typeof fetch;
  const tokens = bandwidthTokens({ fetch: fetchFake, now: () => f.clock.now, capacity: 3 });
  return { f, tokens, send: (client = CLIENT, init = {}) => tokens.send(TOKEN_URL, client, API, init) };
}

describe("a Bandwidth token", () => {
  it("is asked for with the client ID and secret in Basic and grant_type=client_credentials, and sent as a bearer token", async () => {
    const { f, send } = fake();
    const res = await send(CLIENT, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, body: '{"a":1}' });
    expect(f.tokens).toEqual([{ authorization: `Basic ${btoa("client-a:secret-a")}`, body: "grant_type=client_credentials" }]);
    expect(f.api).toEqual(["Bearer t1"]);
  });

  it("is kept until 60 s before it expires, then fetched again", async () => {
    const { f, send } = fake();
    await send();
    f.clock.now += 3600_000 - REFRESH_BEFORE_MS - 1;
    await send();
    expect(f.tokens).toHaveLength(1);
    f.clock.now += 1;
    await send();
    expect(f.tokens).toHaveLength(2);
    expect(f.api).toEqual(["Bearer t1", "Bearer t1", "Bearer t2"]);
  });

  it("is fetched once for requests that need it at the same moment", async () => {
    const { f, send } = fake();
    let release!: () => void;
    f.hold = new Promise((r) => (release = r));
    const all = Promise.all([send(), send(), send()]);
    await new Promise((r) => setTimeout(r, 20));
    expect(f.tokens).toHaveLength(1);
    release();
    expect((await all).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(f.api).toEqual(["Bearer t1", "Bearer t1", "Bearer t1"]);
  });

  it("is one per client, and one per secret: a wrong secret never gets another number's token", async () => {
    const { f, send } = fake();
    await send();
    await send({ clientId: "client-b", clientSecret: "secret-b" });
    await send({ clientId: "client-a", clientSecret: "guessed" });
    expect(f.tokens.map((t) => atob(t.authorization!.slice(6)))).toEqual(["client-a:secret-a", "client-b:secret-b", "client-a:guessed"]);
    expect(f.api).toEqual(["Bearer t1", "Bearer t2", "Bearer t3"]);
  });

  it("is dropped when the API answers 401, and the request is sent once more with a fresh one", async () => {
    const { f, send } = fake();
    await send();
    f.revoked.add("t1");
    const res = await send(CLIENT, { method: "POST", body: "again" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, body: "again" });
    expect(f.api).toEqual(["Bearer t1", "Bearer t1", "Bearer t2"]);
    await send();
    expect(f.tokens).toHaveLength(2);
  });

  it("retries a 401 only once: a second 401 is the answer", async () => {
    const { f, send } = fake();
    f.revoked.add("t1").add("t2");
    expect((await send()).status).toBe(401);
    expect(f.api).toEqual(["Bearer t1", "Bearer t2"]);
    expect(f.tokens).toHaveLength(2);
  });

  it("refused by the token endpoint, answers the API's way (400 and 401 as 401), asks the API nothing and keeps nothing", async () => {
    const { f, send } = fake();
    f.tokenAnswers.push(Response.json({ error: "invalid_client", error_description: "Client authentication failed" }, { status: 400 }));
    const res = await send();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ type: "unauthorized", description: "Bandwidth's token endpoint answered HTTP 400 (invalid_client: Client authentication failed)" });
    expect(f.api).toEqual([]);
    f.tokenAnswers.push(Response.json({}, { status: 503, headers: { "retry-after": "7" } }));
    const busy = await send();
    expect([busy.status, busy.headers.get("retry-after")]).toEqual([503, "7"]);
    expect((await send()).status).toBe(200);
    expect(f.tokens).toHaveLength(3);
  });

  it("never carries the secret or a token in what a refusal says", async () => {
    const { f, send } = fake();
    f.tokenAnswers.push(new Response("nope", { status: 401 }));
    const words = await (await send()).text();
    expect(words).not.toContain("secret-a");
    expect(words).not.toContain(btoa("client-a:secret-a"));
    expect(f.api).toEqual([]);
  });

  it("throws like fetch when the token endpoint cannot be reached, and the next request asks again", async () => {
    let calls = 0;
    const flaky = bandwidthTokens({
      fetch: (async (input: RequestInfo | URL) => {
        if (++calls === 1) throw new TypeError("connection refused");
        return String(input) === TOKEN_URL ? Response.json({ access_token: "late", expires_in: 3600 }) : Response.json({ ok: true });
      }) as typeof fetch,
      now: () => 0,
      capacity: 3,
    });
    await expect(flaky.send(TOKEN_URL, CLIENT, API)).rejects.toThrow("connection refused");
    expect(flaky.size()).toBe(0);
    expect((await flaky.send(TOKEN_URL, CLIENT, API)).status).toBe(200);
    expect(calls).toBe(3);
  });

  it("keeps at most `capacity` clients' tokens", async () => {
    const { tokens } = fake();
    for (const id of ["a", "b", "c", "d", "e"]) await tokens.send(TOKEN_URL, { clientId: id, clientSecret: "s" }, API);
    expect(tokens.size()).toBe(3);
  });
});
