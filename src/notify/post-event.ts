/** One signed POST of an event to a subscriber's URL, and what its answer means. */
import { decryptSecret } from "../crypto/secrets";
import { signTextback } from "../crypto/textback-signature";
import type { Env } from "../env";
import { describeFetchError, describeHttpFailure } from "../rules/delivery-failure";
import { retryAfterSeconds } from "../rules/retry-after";
import { subscriberUrlProblem } from "../rules/subscriber-url";

const TIMEOUT_MS = 10_000;

/** `gone`: refused for good (kept for a replay); `unsubscribed`: 410 Gone, the subscriber is disabled. */
export type EventDeliveryOutcome = "delivered" | "retry" | "gone" | "unsubscribed";

/** What became of one attempt: `retryAfterSeconds` when the receiver said how long to wait. */
export interface EventAttempt {
  outcome: EventDeliveryOutcome;
  error: string | null;
  retryAfterSeconds?: number;
}

/** A worker run by `npm start` on the developer's machine, never a deployed one (README, "Test a subscriber locally"). */
export const allowsLocalSubscribers = (env: Pick<Env, "ALLOW_LOCAL_SUBSCRIBERS">) => env.ALLOW_LOCAL_SUBSCRIBERS === "true";

/**
 * 2xx delivers; 410 Gone unsubscribes (the REST-hook convention Zapier and Make follow); 408, 429
 * and 5xx are retried, as is no answer at all; anything else is refused for good (a redirect too:
 * a signed body is not sent on to another URL). A stored URL the API would refuse today (an IP
 * literal, an internal name, saved before URLs were checked or edited in D1 by hand) is never
 * called: the event fails, saying why.
 */
export async function postEvent(env: Env, row: { url: string; secret: string; payload: string }): Promise<EventAttempt> {
  const refused = subscriberUrlProblem(row.url, allowsLocalSubscribers(env));
  if (refused) return { outcome: "gone", error: `url ${refused}` };
  let secret: string;
  try {
    secret = await decryptSecret(env.DATA_KEY, row.secret);
  } catch {
    return { outcome: "gone", error: "its secret cannot be decrypted with this DATA_KEY" };
  }
  let res: Response;
  try {
    res = await fetch(row.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Textback-Webhooks/1",
        "x-textback-signature": await signTextback(secret, Math.floor(Date.now() / 1000), row.payload),
      },
      body: row.payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "manual",
    });
  } catch (e) {
    return { outcome: "retry", error: describeFetchError(e, TIMEOUT_MS) };
  }
  // The body is never read: what a receiver's error page says is not ours to keep.
  await res.body?.cancel();
  if (res.ok) return { outcome: "delivered", error: null };
  const retried = res.status === 408 || res.status === 429 || res.status >= 500;
  const wait = retried ? retryAfterSeconds(res.headers.get("retry-after")) : null;
  const outcome = res.status === 410 ? "unsubscribed" : retried ? "retry" : "gone";
  return { outcome, error: describeHttpFailure(res.status, wait), ...(wait ? { retryAfterSeconds: wait } : {}) };
}
