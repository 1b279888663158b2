import type { Env } from "./env";

/**
 * The origin carriers call us on: PUBLIC_BASE_URL behind a proxy or a custom domain, else the
 * request's own origin. Twilio and SignalWire sign the exact URL they call, so the signature check
 * and every callback URL we hand out use this.
 */
export function publicBase(env: Pick<Env, "PUBLIC_BASE_URL">, requestUrl: string): string {
  return (env.PUBLIC_BASE_URL || new URL(requestUrl).origin).replace(/\/$/, "");
}
