/// <reference path="../worker-configuration.d.ts" />
import type { OutboxJob } from "./outbox/jobs";

/*
 * The bindings and vars come from wrangler.toml through worker-configuration.d.ts, which
 * `npm run types` generates with `wrangler types` (CI fails when it is stale). To add one: declare it
 * in wrangler.toml at the top level and in [env.staging] and [env.production] (bindings and vars are
 * not inherited), run `npm run types`, and it is on `Env`.
 *
 * The Worker runs under every environment, so it gets only what all of them declare: a binding that
 * one environment lacks drops out of `Env`, and the code using it stops compiling. (The top-level
 * environment is what the tests and `npm start` run under, so a gap there shows up in them.)
 */
type InEveryEnvironment<A, B> = { [K in keyof A & keyof B]: A[K] | B[K] };
type Generated = InEveryEnvironment<Cloudflare.StagingEnv, Cloudflare.ProductionEnv>;

/** Secrets are not in wrangler.toml, so not generated: `npm run setup` puts them; `.dev.vars` locally. */
export interface Secrets {
  /** Bearer token of the admin API and the /admin page. */
  ADMIN_TOKEN: string;
  /** base64 of 32 random bytes: the AES-GCM key for carrier credentials at rest. */
  DATA_KEY: string;
}

/** Vars that wrangler.toml leaves commented out, so they are not generated either. */
export interface OptionalVars {
  /** Origin the carriers call when a proxy sits in front; signatures are computed over it. */
  PUBLIC_BASE_URL?: string;
  /**
   * "true" only where `npm start` runs the worker on the developer's machine: event subscribers may
   * then be http://127.0.0.1 or localhost (rules/subscriber-url.ts). Never set in a deployment.
   */
  ALLOW_LOCAL_SUBSCRIBERS?: string;
}

/**
 * Everything the Worker is given. `wrangler types` says `Queue` (of unknown), so the queue's message
 * type is restated; the Durable Object comes generated as DurableObjectNamespace<BusinessLine>.
 */
export interface Env extends Omit<Generated, "SMS_OUT">, Secrets, OptionalVars {
  SMS_OUT: Queue<OutboxJob>;
}
