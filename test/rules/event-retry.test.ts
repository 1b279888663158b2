import { describe, expect, it } from "vitest";
import { EVENT_MAX_ATTEMPTS, EVENT_MAX_DELAY_SECONDS, EVENT_RETRY_SPAN_SECONDS, nextEventAttempt } from "../../src/rules/event-retry";

const HOUR = 3600;

describe("nextEventAttempt", () => {
  it("spreads 11 attempts over about a day, each wait longer or as long, none over 8 hours", () => {
    const waits: number[] = [];
    for (let attempts = 1; ; attempts++) {
      const next = nextEventAttempt(attempts, { random: 0.5 });
      if (!next) break;
      waits.push(next.delaySeconds);
    }
    expect(waits.length + 1).toBe(EVENT_MAX_ATTEMPTS);
    expect(EVENT_MAX_ATTEMPTS).toBe(11);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(Math.max(...waits)).toBe(EVENT_MAX_DELAY_SECONDS);
    const span = waits.reduce((a, b) => a + b, 0);
    expect(span).toBe(EVENT_RETRY_SPAN_SECONDS);
    expect(span).toBeGreaterThan(22 * HOUR);
    expect(span).toBeLessThan(26 * HOUR);
  });

  it.each([
    [1, 10, "queue"],
    [2, 60, "queue"],
    [3, 300, "queue"],
    [4, 900, "cron"],
    [9, 28_800, "cron"],
    [10, 28_800, "cron"],
  ] as const)("after attempt %i waits %i s, through the %s", (attempts, delaySeconds, by) => {
    expect(nextEventAttempt(attempts, { random: 0.5 })).toEqual({ delaySeconds, by });
  });

  it("the jitter does not move a wait from the queue to the cron", () => {
    expect(nextEventAttempt(3, { random: 0.999 })).toEqual({ delaySeconds: 330, by: "queue" });
    expect(nextEventAttempt(4, { random: 0 })).toEqual({ delaySeconds: 810, by: "cron" });
  });

  it("is dead after the 11th attempt", () => {
    expect(nextEventAttempt(11, { random: 0.5 })).toBeNull();
    expect(nextEventAttempt(30, { random: 0.5 })).toBeNull();
  });

  it("jitters each wait by up to 10% either way", () => {
    expect(nextEventAttempt(4, { random: 0 })!.delaySeconds).toBe(810);
    expect(nextEventAttempt(4, { random: 0.999_999 })!.delaySeconds).toBe(990);
    const spread = new Set(Array.from({ length: 50 }, () => nextEventAttempt(6, { random: Math.random() })!.delaySeconds));
    expect(spread.size).toBeGreaterThan(1);
    for (const s of spread) expect(s).toBeGreaterThanOrEqual(3240), expect(s).toBeLessThanOrEqual(3960);
  });

  it("never retries before the receiver's Retry-After; a long one goes to the cron", () => {
    expect(nextEventAttempt(1, { random: 0.5, retryAfterSeconds: 120 })).toEqual({ delaySeconds: 120, by: "queue" });
    expect(nextEventAttempt(1, { random: 0.5, retryAfterSeconds: 3 })).toEqual({ delaySeconds: 10, by: "queue" });
    expect(nextEventAttempt(1, { random: 0.5, retryAfterSeconds: 3600 })).toEqual({ delaySeconds: 3600, by: "cron" });
    expect(nextEventAttempt(9, { random: 0.5, retryAfterSeconds: 86_400 })!.delaySeconds).toBe(EVENT_MAX_DELAY_SECONDS);
  });

  it("scale 0 (tests) waits nothing but the Retry-After, and still hands the long waits to the cron", () => {
    expect(nextEventAttempt(1, { random: 0.5, scale: 0 })).toEqual({ delaySeconds: 0, by: "queue" });
    expect(nextEventAttempt(5, { random: 0.5, scale: 0 })).toEqual({ delaySeconds: 0, by: "cron" });
    expect(nextEventAttempt(1, { random: 0.5, scale: 0, retryAfterSeconds: 7 })).toEqual({ delaySeconds: 7, by: "queue" });
  });

  it("a queue message retried three times already goes to the cron, far from the queue's own max_retries", () => {
    expect(nextEventAttempt(2, { random: 0.5, messageAttempts: 3 })!.by).toBe("queue");
    expect(nextEventAttempt(2, { random: 0.5, messageAttempts: 4 })!.by).toBe("cron");
  });
});
