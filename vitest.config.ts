import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";

/**
 * The big libraries the worker and its tests import, pre-bundled once per run (Vite's dependency
 * optimizer) instead of loaded as ~300 separate modules into every test file's fresh workerd: half
 * of each file's ~3 s start. Every specifier of theirs that src/ or test/ imports is listed (found
 * here, so a new one is never loaded beside its bundled copy). hono stays unbundled: its JSX runtime
 * cannot be pre-bundled (Vitest leaves jsx-runtime out), and a second copy of its classes
 * (HTTPException) would break `instanceof`.
 */
const PREBUNDLED = ["zod", "drizzle-orm", "libphonenumber-js", "fast-check"];

function prebundledImports(): string[] {
  const found = new Set<string>();
  const pattern = new RegExp(`from "((?:${PREBUNDLED.join("|")})(?:/[^"]*)?)"`, "g");
  for (const dir of ["src", "test"]) {
    for (const file of readdirSync(path.join(import.meta.dirname, dir), { recursive: true, encoding: "utf8" })) {
      // test/node, e2e, browser and support-node run in Node (the node project), not in workerd.
      if (!/\.tsx?$/.test(file) || /^(node|e2e|browser|support-node)\//.test(file)) continue;
      for (const [, spec] of readFileSync(path.join(import.meta.dirname, dir, file), "utf8").matchAll(pattern)) {
        if (!spec!.endsWith(".json")) found.add(spec!);
      }
    }
  }
  return [...found].sort();
}

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
      // Vitest's default on a 2-core machine is one file at a time, all projects in one queue. Most
      // of a file's time is waiting (on workerd, wrangler, Chromium, a queue's retry): one more file
      // than cores keeps them busy (on 2 cores two files left a quarter idle; four made 5 s timeouts
      // likely), and each workers file still has its own workerd and storage.
      maxWorkers: availableParallelism() + 1,
      projects: [
        {
          plugins: [
            cloudflareTest({
              main: "./src/index.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  // explicit, so a developer's .dev.vars (which points at the local simulator) never leaks in
                  TWILIO_API_BASE: "https://api.twilio.com",
                  TELNYX_API_BASE: "https://api.telnyx.com",
                  VONAGE_API_BASE: "https://api.nexmo.com",
                  TWILIO_LOOKUP_BASE: "https://lookups.twilio.com",
                  PLIVO_API_BASE: "https://api.plivo.com",
                  BANDWIDTH_API_BASE: "https://messaging.bandwidth.com",
                  BANDWIDTH_VOICE_API_BASE: "https://voice.bandwidth.com",
                  PLIVO_LOOKUP_BASE: "https://lookup.plivo.com",
                  BANDWIDTH_LOOKUP_BASE: "https://api.bandwidth.com",
                  BANDWIDTH_TOKEN_URL: "https://api.bandwidth.com/api/v1/oauth2/token",
                  VONAGE_LOOKUP_BASE: "https://api-eu.vonage.com",
                  ADMIN_TOKEN: "test-admin-token-at-least-32-chars",
                  // 32 zero-free bytes, base64; tests only
                  DATA_KEY: "dGVzdC1kYXRhLWtleS0zMi1ieXRlcy1sb25nLTEyMzQ=",
                  // retries happen at once in tests; backoff itself is unit-tested
                  OUTBOX_RETRY_BASE_SECONDS: "0",
                },
                // Tests have no network: a request no test intercepted (a queued event webhook
                // delivered after its test restored fetch) fails here at once, instead of as a DNS
                // lookup for a made-up host.
                outboundService: (req: Request) =>
                  new Response(`no network in tests: ${req.method} ${new URL(req.url).host}`, { status: 503 }),
              },
            }),
          ],
          test: {
            name: "workers",
            deps: { optimizer: { ssr: { enabled: true, include: prebundledImports() } } },
            include: ["test/**/*.test.ts"],
            exclude: ["test/node/**", "test/e2e/**", "test/browser/**", "test/rules/**"],
            setupFiles: ["./test/setup/pool-wrappers.ts", "./test/setup/apply-migrations.ts", "./test/setup/load-worker.ts", "./test/setup/event-contract.ts"],
          },
        },
        {
          // Domain rules are pure functions: tested in Node, without a workerd and a database per file.
          test: {
            name: "rules",
            environment: "node",
            include: ["test/rules/**/*.test.ts"],
            // A file's first call builds its word tables; on a loaded machine that alone can pass 5 s.
            testTimeout: 30_000,
          },
        },
        {
          test: {
            name: "node",
            environment: "node",
            globalSetup: ["./test/support-node/frozen-build.ts"],
            include: ["test/node/**/*.test.ts", "test/e2e/**/*.test.ts", "test/browser/**/*.test.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
