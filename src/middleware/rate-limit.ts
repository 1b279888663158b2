import { createMiddleware } from "hono/factory";
import type { Env } from "../env";
import { log } from "../log";

/**
 * Per-source-IP rate limit for the carrier webhooks (`WEBHOOK_RL`, wrangler.toml [[ratelimits]]).
 *
 * Generous on purpose (600 a minute per address): Twilio, SignalWire and Telnyx post from pools of
 * many addresses, so one address carries only a share of a busy account's traffic. The limit stops
 * one host hammering the signature check and the number lookup (D1), not real carriers. A refused
 * request gets 429 and Retry-After; carriers retry or log it, nothing is stored.
 *
 * The key is `cf-connecting-ip`, which Cloudflare's edge always sets (a client cannot remove it).
 * Without it (local tools, tests) every request shares the key "unknown" rather than skipping the
 * limit. Cloudflare's limiter is per location and eventually consistent, so the cut-off is
 * approximate in production; locally (and in tests) it is an exact fixed window.
 *
 * If the limiter itself fails, the request goes through: losing a carrier's webhook costs a
 * customer, an unlimited minute costs a few D1 reads.
 */
export const webhookRateLimit = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const limiter = c.env.WEBHOOK_RL;
  if (limiter) {
    const key = c.req.header("cf-connecting-ip") || "unknown";
    let allowed = true;
    try {
      allowed = (await limiter.limit({ key })).success;
    } catch (e) {
      log.warn("ratelimit.error", { error: String(e) });
    }
    if (!allowed) {
      return c.json({ error: "too many requests from this address" }, 429, { "retry-after": String(PERIOD_SECONDS) });
    }
  }
  await next();
});

/** The `simple.period` of WEBHOOK_RL in wrangler.toml: a refused client may try again after it. */
const PERIOD_SECONDS = 60;
