/**
 * Bandwidth's APIs take an OAuth 2.0 bearer token, got with an API credential's client ID and secret
 * (Client Credentials: `POST BANDWIDTH_TOKEN_URL`, Basic `clientId:clientSecret`,
 * `grant_type=client_credentials`, answered `{ access_token, expires_in }`). A token is kept per
 * isolate until 60 s before it expires, one request at a time fetches it, and an API that answers
 * 401 with it gets one more try with a fresh one. Neither the secret nor a token is ever logged.
 */
import { BoundedMap } from "../bounded-map";

export interface BandwidthClient {
  clientId: string;
  clientSecret: string;
}

/** What a Bandwidth API request may carry: its body is a string, so a retry can send it again. */
export interface BandwidthInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

type Token = { ok: true; value: string; expiresAt: number } | { ok: false; status: number; description: string; retryAfter: string | null };

interface Entry {
  flight: Promise<Token>;
  /** Set once the flight lands with a token. */
  landed?: Extract<Token, { ok: true }>;
}

export interface TokenDeps {
  fetch: typeof fetch;
  now: () => number;
  capacity: number;
}

/** A token is fetched again this long before Bandwidth says it expires (as its SDK does). */
export const REFRESH_BEFORE_MS = 60_000;
const TOKEN_TIMEOUT_MS = 10_000;
/** When the answer gives no `expires_in`: short, so a token Bandwidth ends sooner is not kept long. */
const DEFAULT_LIFETIME_S = 300;

const encoder = new TextEncoder();

async function digest(secret: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(secret)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The token endpoint's answer as plain data: the flight is shared by requests of other contexts,
 * which must not touch its Response.
 */
async function requestToken(deps: TokenDeps, tokenUrl: string, client: BandwidthClient): Promise<Token> {
  const res = await deps.fetch(tokenUrl, {
    method: "POST",
    headers: {
      authorization: `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: "grant_type=client_credentials",
    signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
  if (res.ok && typeof body.access_token === "string" && body.access_token !== "") {
    const lifetime = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_S;
    return { ok: true, value: body.access_token, expiresAt: deps.now() + lifetime * 1000 };
  }
  // OAuth refuses a client with 400 or 401 (RFC 6749 §5.2): either way, the number's credentials are wrong.
  const status = res.ok ? 502 : res.status === 400 ? 401 : res.status;
  const words = [body.error, body.error_description].filter((s) => typeof s === "string").join(": ").slice(0, 200);
  return { ok: false, status, description: `Bandwidth's token endpoint answered HTTP ${res.status}${words ? ` (${words})` : ""}`, retryAfter: res.headers.get("retry-after") };
}

/**
 * Waits for a flight another request may have started, but no longer than a fetch of its own
 * would take: a flight whose request was cancelled never lands.
 */
function within<T>(flight: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DOMException("no token in time", "TimeoutError")), TOKEN_TIMEOUT_MS + 1_000);
  });
  return Promise.race([flight, late]).finally(() => timer !== undefined && clearTimeout(timer));
}

/** Tokens for many clients, and fetch with them; `deps` are the network and the clock (a test's fakes). */
export function bandwidthTokens(deps: TokenDeps) {
  // Keyed by the secret's digest too: a number saved with someone else's client ID and a wrong secret gets no token of theirs.
  const cache = new BoundedMap<string, Entry>(deps.capacity);
  const keyOf = async (tokenUrl: string, client: BandwidthClient) => `${tokenUrl} ${client.clientId} ${await digest(client.clientSecret)}`;

  function take(key: string, tokenUrl: string, client: BandwidthClient): Promise<Token> {
    const found = cache.get(key);
    if (found?.landed && found.landed.expiresAt - REFRESH_BEFORE_MS > deps.now()) return Promise.resolve(found.landed);
    if (found && !found.landed) return within(found.flight);
    const entry: Entry = { flight: requestToken(deps, tokenUrl, client) };
    cache.set(key, entry);
    const drop = () => void (cache.get(key) === entry && cache.delete(key));
    entry.flight.then((t) => (t.ok ? (entry.landed = t) : drop()), drop);
    return within(entry.flight);
  }

  /** Forget `used` (an API refused it), unless another request has already replaced it. */
  function forget(key: string, used: string): void {
    if (cache.get(key)?.landed?.value === used) cache.delete(key);
  }

  /**
   * `fetch` with the client's bearer token; a 401 drops the token and tries once more with a fresh
   * one. A token endpoint that refuses is answered as a Response with its status, so a caller reads
   * it like the API's own refusal; one that cannot be reached throws, like fetch.
   */
  async function send(tokenUrl: string, client: BandwidthClient, url: string, init: BandwidthInit = {}): Promise<Response> {
    const key = await keyOf(tokenUrl, client);
    const attempt = async (): Promise<{ res: Response; token: string | null }> => {
      const token = await take(key, tokenUrl, client);
      if (!token.ok) return { res: refusal(token), token: null };
      const res = await deps.fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token.value}` } });
      return { res, token: token.value };
    };
    const first = await attempt();
    if (first.res.status !== 401 || first.token === null) return first.res;
    await first.res.body?.cancel();
    forget(key, first.token);
    return (await attempt()).res;
  }

  return { send, size: () => cache.size };
}

function refusal(t: Extract<Token, { ok: false }>): Response {
  const headers: Record<string, string> = t.retryAfter ? { "retry-after": t.retryAfter } : {};
  const type = t.status === 401 ? "unauthorized" : "token-unavailable";
  return Response.json({ type, description: t.description }, { status: t.status, headers });
}

const isolate = bandwidthTokens({ fetch: (input, init) => fetch(input, init), now: () => Date.now(), capacity: 1_000 });

/**
 * A request to a Bandwidth API with the number's client credentials.
 *
 * @example await bandwidthFetch(env.BANDWIDTH_TOKEN_URL, creds, `${base}/api/v2/users/${creds.accountId}/messages`, { method: "POST", body })
 */
export function bandwidthFetch(tokenUrl: string, client: BandwidthClient, url: string, init?: BandwidthInit): Promise<Response> {
  return isolate.send(tokenUrl, client, url, init);
}
