#!/usr/bin/env node
/**
 * `npm run deploy [-- --env staging|production]`: apply the D1 migrations to the remote database,
 * then `wrangler deploy`. Run `npm run setup` (same --env) once before the first deploy.
 *
 * `npm run deploy -- --dry-run [--env …]`: build the bundle offline (`wrangler deploy --dry-run
 * --outdir dist`, or dist/<env>) and touch nothing remote: no D1, no login needed. CI runs it for
 * every environment, so a broken bundle or config fails the build.
 *
 * Other arguments go to `wrangler deploy` as they are (e.g. `--minify`). TEXTBACK_WRANGLER sets the
 * wrangler command (default "npx wrangler"). Node built-ins only.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { PLACEHOLDER_DATABASE_ID, readEnvironment } from "./wrangler-toml.mjs";

const { values, tokens } = parseArgs({
  options: {
    env: { type: "string", short: "e" },
    config: { type: "string", short: "c", default: "wrangler.toml" },
    "dry-run": { type: "boolean", default: false },
  },
  strict: false,
  tokens: true,
});
const ENV = typeof values.env === "string" && values.env ? values.env : undefined;
const CONFIG = path.resolve(String(values.config));
const WRANGLER = (process.env.TEXTBACK_WRANGLER?.trim() || "npx wrangler").split(/\s+/);
// `--env=` is wrangler's spelling of "the top level" (and spares the multiple-environments warning).
const TARGET = ["--config", String(values.config), ENV ? `--env=${ENV}` : "--env="];
// Everything we do not handle ourselves goes to `wrangler deploy`.
const passthrough = tokens
  .filter((t) => t.kind === "positional" || (t.kind === "option" && !["env", "config", "dry-run"].includes(t.name)))
  .map((t) => (t.kind === "positional" ? t.value : t.inlineValue ? `${t.rawName}=${t.value}` : t.rawName));

function run(args) {
  console.log(`$ ${[...WRANGLER, ...args].join(" ")}`);
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER[0], [...WRANGLER.slice(1), ...args], {
      // Inherited: `d1 migrations apply` asks before applying when it has a terminal.
      stdio: "inherit",
      env: { ...process.env, WRANGLER_SEND_METRICS: process.env.WRANGLER_SEND_METRICS ?? "false" },
      shell: process.platform === "win32",
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`wrangler ${args[0]} ${args[1] ?? ""} exited with ${code ?? signal}`))));
  });
}

try {
  if (values["dry-run"]) {
    const outdir = ENV ? path.join("dist", ENV) : "dist";
    await run(["deploy", "--dry-run", "--outdir", outdir, ...TARGET, ...passthrough]);
  } else {
    const { database } = readEnvironment(readFileSync(CONFIG, "utf8"), ENV);
    if (!database?.database_id || database.database_id === PLACEHOLDER_DATABASE_ID) {
      const flag = ENV ? ` -- --env ${ENV}` : "";
      throw new Error(`${ENV ? `[env.${ENV}]` : "The top level"} of wrangler.toml has no D1 database id yet: run \`npm run setup${flag}\` first.`);
    }
    await run(["d1", "migrations", "apply", "DB", "--remote", ...TARGET]);
    await run(["deploy", ...TARGET, ...passthrough]);
  }
} catch (e) {
  console.error(`deploy: ${e.message}`);
  process.exit(1);
}
