import path from "node:path";
import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
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
            include: ["test/**/*.test.ts"],
            exclude: ["test/node/**", "test/e2e/**", "test/browser/**"],
            setupFiles: ["./test/setup/pool-wrappers.ts", "./test/setup/apply-migrations.ts", "./test/setup/event-contract.ts"],
          },
        },
        {
          test: {
            name: "node",
            environment: "node",
            include: ["test/node/**/*.test.ts", "test/e2e/**/*.test.ts", "test/browser/**/*.test.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
