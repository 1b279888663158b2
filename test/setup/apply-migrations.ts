/**
 * Every test file starts on a fresh D1 with every migration applied, as `wrangler d1 migrations
 * apply` leaves it (the d1_migrations table included), in one batch: one round trip, one
 * transaction. Not through cloudflare:test's applyD1Migrations: importing cloudflare:test makes the
 * pool import the whole worker (src/index.ts, ~300 modules) before the setup files run; load-worker.ts
 * imports it once, after.
 */
import { env } from "cloudflare:workers";

const TABLE = "d1_migrations";

await env.DB.batch([
  env.DB.prepare(`CREATE TABLE IF NOT EXISTS ${TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`),
  ...env.TEST_MIGRATIONS.flatMap((m) => [...m.queries.map((q) => env.DB.prepare(q)), env.DB.prepare(`INSERT INTO ${TABLE} (name) VALUES (?)`).bind(m.name)]),
]);
