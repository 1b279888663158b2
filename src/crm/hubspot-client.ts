/**
 * HubSpot's CRM v3 API with a private-app token: one request, its answer classified. 429 carries
 * HubSpot's Retry-After (seconds); 401/403 mean the token is wrong or lacks a scope, which only a
 * person can fix; other 4xx are our request's fault; 5xx and network errors are worth retrying.
 */
import { retryAfterSeconds } from "../rules/retry-after";

const TIMEOUT_MS = 10_000;

export class HubspotError extends Error {
  constructor(
    readonly kind: "rate_limited" | "auth" | "retry" | "refused",
    readonly status: number | null,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export interface HubspotApi {
  request<T = { id: string }>(method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<T>;
}

/** `timeoutMs`: how long one request may take before it counts as HubSpot unreachable. */
export function hubspotApi(base: string, token: string, timeoutMs = TIMEOUT_MS): HubspotApi {
  return {
    async request(method, path, body) {
      let res: Response;
      try {
        res = await fetch(`${base.replace(/\/$/, "")}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "user-agent": "Textback-HubSpot/1" },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "manual",
        });
      } catch (e) {
        throw new HubspotError("retry", null, `HubSpot unreachable: ${e instanceof Error ? e.name : "network"}`);
      }
      if (res.ok) return (await res.json()) as never;
      const detail = await errorMessage(res);
      if (res.status === 429) throw new HubspotError("rate_limited", 429, `HubSpot 429: ${detail}`, retryAfterSeconds(res.headers.get("retry-after")));
      if (res.status === 401 || res.status === 403) {
        throw new HubspotError("auth", res.status, `HubSpot ${res.status}: the private-app token was refused (${detail}); paste a new one`);
      }
      if (res.status >= 500 || res.status === 408) throw new HubspotError("retry", res.status, `HubSpot ${res.status}: ${detail}`);
      throw new HubspotError("refused", res.status, `HubSpot ${res.status}: ${detail}`);
    },
  };
}

/** HubSpot's own words (`{ "message": … }`), short; never the request, which holds a caller's data. */
async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: unknown; category?: unknown };
    const text = typeof body.message === "string" ? body.message : typeof body.category === "string" ? body.category : res.statusText;
    return text.slice(0, 200);
  } catch {
    return res.statusText || "no details";
  }
}
