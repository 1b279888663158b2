/**
 * Build a worker with `wrangler deploy --dry-run` and boot the bundle with plain Miniflare: no
 * wrangler proxy, no inspector, local D1 / Durable Objects / Queues under a temporary persist root.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from "wrangler";
import { runWrangler } from "../../scripts/dev-env.mjs";

/**
 * `wrangler deploy --dry-run --outdir <outdir> -c <config>`; returns the bundle path and its sizes.
 * `gzipBytes` is gzip -9 of the uploaded module (what wrangler's "gzip:" figure approximates).
 */
export async function buildBundle(root, configPath, outdir, { minify } = {}) {
  const args = ["deploy", "--dry-run", "--outdir", outdir, "--config", configPath];
  // undefined: as the config says (wrangler.toml minifies what it deploys); false: readable, for
  // profiles and the per-package breakdown.
  if (minify !== undefined) args.push(`--minify=${minify}`);
  const output = await runWrangler(root, args, { quiet: true });
  const main = readdirSync(outdir).find((f) => /\.(m?js)$/.test(f));
  if (!main) throw new Error(`no bundle in ${outdir}\n${output}`);
  const scriptPath = path.join(outdir, main);
  const raw = readFileSync(scriptPath);
  const reported = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  return {
    scriptPath,
    rawBytes: raw.length,
    gzipBytes: gzipSync(raw, { level: 9 }).length,
    wranglerGzipKiB: reported ? Number(reported[2]) : null,
  };
}

/**
 * What the (unminified) bundle is made of: bytes per package, or `src` for the app's own code,
 * from esbuild's `// node_modules/<pkg>/…` and `// src/…` markers. gzipBytes compresses each part
 * on its own, so the parts add up to a bit more than the whole.
 */
export function bundleComposition(scriptPath, top = 8) {
  const parts = new Map();
  let current = "(runtime glue)";
  for (const line of readFileSync(scriptPath, "utf8").split("\n")) {
    const m = /^\/\/ (?:node_modules\/((?:@[^/]+\/)?[^/]+)|(src)\/)/.exec(line);
    if (m) current = m[1] ?? m[2];
    const list = parts.get(current) ?? [];
    list.push(line);
    parts.set(current, list);
  }
  return [...parts.entries()]
    .map(([name, lines]) => {
      const text = lines.join("\n");
      return { name, rawBytes: Buffer.byteLength(text), gzipBytes: gzipSync(text, { level: 9 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes)
    .slice(0, top);
}

/**
 * Boot `scriptPath` with the bindings, Durable Objects, queues and D1 that `configPath` declares.
 * Vars come from the config's [vars] plus `vars` (never from a developer's .dev.vars).
 * Worker console output goes to `onLog(level, message)` instead of the terminal.
 */
export async function bootWorker({ configPath, scriptPath, persistRoot, vars = {}, onLog = () => {}, inspectorPort, log, preventEviction = false }) {
  // A file that does not exist, so wrangler reads neither .dev.vars nor .env: vars come from the
  // config and from `vars` only, whatever a developer keeps locally.
  const noEnvFile = path.join(persistRoot, "no-such.env");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath, undefined, { envFiles: [noEnvFile] });
  const config = unstable_readConfig({ config: configPath });
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    cf: false,
    defaultPersistRoot: persistRoot,
    ...(inspectorPort ? { inspectorPort } : {}),
    ...(log ? { log } : {}),
    handleStructuredLogs: ({ level, message }) => {
      onLog(level, message);
    },
    workers: [
      {
        ...workerOptions,
        name: config.name,
        modules: true,
        scriptPath,
        // Module names are relative to this; the default (cwd) cannot reach a bundle under /tmp.
        modulesRoot: path.dirname(scriptPath),
        bindings: { ...config.vars, ...vars },
        ...(preventEviction ? { durableObjects: resident(workerOptions.durableObjects) } : {}),
      },
    ],
  });
  const url = await mf.ready;
  return { mf, url: url.origin };
}

/** The same Durable Object bindings, kept in memory however long they idle. */
function resident(durableObjects = {}) {
  return Object.fromEntries(
    Object.entries(durableObjects).map(([name, d]) => [name, { ...(typeof d === "string" ? { className: d } : d), unsafePreventEviction: true }]),
  );
}

/**
 * Apply every `*.sql` file of `migrationsDir` in name order, as `wrangler d1 migrations apply`
 * would (drizzle-kit separates statements with `--> statement-breakpoint`).
 */
export async function applyMigrations(mf, migrationsDir, binding = "DB") {
  const db = await mf.getD1Database(binding);
  const files = readdirSync(migrationsDir).filter((f) => f.endsWith(".sql")).sort();
  for (const f of files) {
    const statements = readFileSync(path.join(migrationsDir, f), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    await db.batch(statements.map((s) => db.prepare(s)));
  }
  return files;
}
