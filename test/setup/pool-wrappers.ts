/**
 * Keeps the pool's entrypoint wrappers from slowing every request down as a file goes on.
 *
 * @cloudflare/vitest-pool-workers 0.15 builds the classes workerd instantiates for the worker's
 * default export and for each Durable Object (`default`, `BusinessLine` in the runner's own module)
 * with a constructor that wraps the class's shared prototype in one more Proxy on every
 * construction (createProxyPrototypeClass in its test-internal.mjs; cloudflare/workers-sdk issue
 * #15092, fixed upstream by #15106 in a later release). workerd constructs the default wrapper for
 * every request and every queue batch, so after n requests each property read on the next one runs
 * n nested `get` traps: a file making a thousand requests spent most of its time there (a
 * /healthz took over a second by the end of test/permissions.security.test.ts).
 *
 * The fix upstream installs the Proxy once. Here: every wrapper class's prototype is put back to the
 * one it had before any request (already holding the pool's Proxy, or about to get exactly one),
 * when a handler of it starts and before each test. An instance already built keeps the chain it
 * was built with, so nothing in flight changes; the next construction wraps one layer, as upstream.
 */
import { beforeEach } from "vitest";

type WrapperClass = { prototype: Record<string, unknown> };

/** The handlers workerd calls on the wrappers (the pool's WORKER_ENTRYPOINT_KEYS and DURABLE_OBJECT_KEYS). */
const HANDLERS = ["fetch", "queue", "scheduled", "alarm", "webSocketMessage", "webSocketClose", "webSocketError"];

// The runner's root module is a workerd module, outside Vite's graph: only a native import reaches it.
const runner = (await new Function("return import('/index.mjs')")()) as Record<string, unknown>;
const wrappers = Object.entries(runner)
  .filter(([name, value]) => name !== "__VITEST_POOL_WORKERS_RUNNER_DURABLE_OBJECT__" && typeof value === "function")
  .map(([, value]) => value as WrapperClass);
const original = new Map(wrappers.map((cls) => [cls, cls.prototype]));

function unwrap(): void {
  for (const [cls, prototype] of original) cls.prototype = prototype;
}

for (const [cls, prototype] of original) {
  for (const key of HANDLERS) {
    const handler = Object.getOwnPropertyDescriptor(prototype, key)?.value;
    if (typeof handler !== "function") continue;
    Object.defineProperty(prototype, key, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        cls.prototype = prototype;
        return handler.apply(this, args);
      },
    });
  }
}

beforeEach(unwrap);
