/**
 * When an event subscriber that failed gets its next attempt. A CRM or Zap endpoint down for an
 * afternoon must still get the event (what Stripe, Calendly or Bandwidth do for their webhooks),
 * so the waits grow from seconds to hours over about a day before a delivery is dead. The first
 * short waits are the queue's own retries; the longer ones are the delivery row's `nextAttemptAt`,
 * which the 10-minute cron requeues (the queue's few retries cannot span a day).
 */

/** Seconds to wait after attempt n (index n - 1): 11 attempts, the last ~24 h after the first. */
export const EVENT_RETRY_DELAYS_SECONDS = [10, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 28_800] as const;

/** Attempts before a delivery is dead: the first and one per wait above. */
export const EVENT_MAX_ATTEMPTS = EVENT_RETRY_DELAYS_SECONDS.length + 1;

/** No wait is longer, whatever the receiver's Retry-After says. */
export const EVENT_MAX_DELAY_SECONDS = 8 * 3600;

/** Planned waits up to this long (jitter aside) are the queue's retries; longer ones go through the cron. */
export const QUEUE_RETRY_MAX_SECONDS = 300;

/** Retries of one queue message, at most: its queue's max_retries (6) stays out of reach, so the dead letters get only what broke. */
export const QUEUE_RETRIES_PER_MESSAGE = 3;

/** ± this share of each wait, so subscribers that failed together do not all come back at the same second. */
const JITTER = 0.1;

export interface EventRetry {
  /** Seconds until the next attempt. */
  delaySeconds: number;
  /** `queue`: retry the queue message; `cron`: ack it, the cron requeues the delivery when it is due. */
  by: "queue" | "cron";
}

export interface EventRetryOptions {
  /** The receiver's Retry-After, seconds: never retried sooner. */
  retryAfterSeconds?: number;
  /** A number in [0, 1) for the jitter (Math.random()). */
  random: number;
  /** Multiplies the schedule (not Retry-After): 1 in production, 0 in tests, where retries happen at once. */
  scale?: number;
  /** How many times the queue has handed over this message (its `attempts`); 1 when not known. */
  messageAttempts?: number;
}

/**
 * The next attempt after `attempts` failed ones, or null when that was the last (the delivery is dead).
 *
 * @example nextEventAttempt(1, { random: 0.5 }) // { delaySeconds: 10, by: "queue" }
 * @example nextEventAttempt(4, { random: 0.5 }) // { delaySeconds: 900, by: "cron" }
 * @example nextEventAttempt(1, { random: 0.5, retryAfterSeconds: 120 }) // { delaySeconds: 120, by: "queue" }
 * @example nextEventAttempt(11, { random: 0.5 }) // null
 */
export function nextEventAttempt(attempts: number, opts: EventRetryOptions): EventRetry | null {
  if (attempts >= EVENT_MAX_ATTEMPTS) return null;
  const planned = EVENT_RETRY_DELAYS_SECONDS[Math.max(0, attempts - 1)]!;
  const jittered = planned * (1 - JITTER + 2 * JITTER * opts.random) * (opts.scale ?? 1);
  const delaySeconds = Math.round(Math.min(EVENT_MAX_DELAY_SECONDS, Math.max(jittered, opts.retryAfterSeconds ?? 0)));
  // The schedule decides who holds the delivery, so a scale of 0 (tests) still hands the later ones to the cron.
  const short = planned <= QUEUE_RETRY_MAX_SECONDS && (opts.retryAfterSeconds ?? 0) <= QUEUE_RETRY_MAX_SECONDS;
  return { delaySeconds, by: short && (opts.messageAttempts ?? 1) <= QUEUE_RETRIES_PER_MESSAGE ? "queue" : "cron" };
}

/** Seconds from the first attempt to the last when every wait is the planned one. */
export const EVENT_RETRY_SPAN_SECONDS = EVENT_RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0);
