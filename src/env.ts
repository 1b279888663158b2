import type { BusinessLine } from "./line/business-line";
import type { OutboxJob } from "./outbox/outbound-text";

/** Bindings declared in wrangler.toml, plus the secrets set with `wrangler secret put`. */
export interface Env {
  DB: D1Database;
  LINE: DurableObjectNamespace<BusinessLine>;
  SMS_OUT: Queue<OutboxJob>;
  TWILIO_API_BASE: string;
  TELNYX_API_BASE: string;
  /** Origin the carriers call when a proxy sits in front; signatures are computed over it. */
  PUBLIC_BASE_URL?: string;
  /** First retry delay of the outbox; doubles per attempt. */
  OUTBOX_RETRY_BASE_SECONDS?: string;
  ADMIN_TOKEN: string;
  /** base64 of 32 random bytes: the AES-GCM key for carrier credentials at rest. */
  DATA_KEY: string;
  /** Admin login attempts per client address (wrangler.toml [[ratelimits]]). */
  LOGIN_RL: RateLimit;
}
