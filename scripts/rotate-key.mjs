#!/usr/bin/env node
/**
 * `npm run rotate-key`: re-encrypt every secret stored under DATA_KEY with a new key.
 *
 *   OLD_DATA_KEY=<base64> [NEW_DATA_KEY=<base64>] npm run rotate-key -- [--remote] [--env <name>]
 *       [--persist-to <dir>] [--config <wrangler.toml>] [--dry-run]
 *
 * What is encrypted (src/crypto/secrets.ts, `v1.<b64 iv>.<b64 ciphertext+tag>`, AES-256-GCM, 12-byte
 * IV): numbers.credentials, businesses.webhook_secret, voice_ai_secret and the
 * three booking_secret_* columns. Each value is
 * read with `wrangler d1 execute DB --json`, decrypted, encrypted again under the new key with a fresh
 * IV, and written back with a compare-and-swap UPDATE (only if the row still holds what was read).
 *
 * Safe to re-run: a value that already opens with the new key is left alone, so an interrupted run,
 * or a row the worker wrote with the old key while this ran, is finished by running it again. Nothing
 * is written unless every value opens with one of the two keys.
 *
 * Local by default (the `wrangler dev` database; --persist-to as for wrangler), --remote for the
 * deployed one. Without OLD_DATA_KEY a local run (default state dir) takes DATA_KEY from .dev.vars. Without NEW_DATA_KEY
 * a new key is generated and printed.
 *
 * Order for a deployed worker: run this, then at once `wrangler secret put DATA_KEY` with the new
 * key. In between, the worker cannot open the rotated values (webhooks answer 500 and carriers retry;
 * texts retry from the queue), so pick a quiet minute. Admin sessions are derived from DATA_KEY too:
 * everyone signs in again afterwards.
 *
 * Node built-ins and the wrangler CLI only.
 */
import { spawn } from "node:child_process";
import { randomBytes, webcrypto } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { OFFLINE_ENV, wranglerBin } from "./dev-env.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { subtle } = webcrypto;

/** The encrypted columns, by table: [table, key column, ...secret columns]. */
const COLUMNS = [
  ["numbers", "id", "credentials"],
  ["businesses", "id", "webhook_secret", "voice_ai_secret", "booking_secret_calcom", "booking_secret_calendly", "booking_secret_generic"],
];
/** Statements per `wrangler d1 execute --command` (each ~300 bytes; argv stays far below its limit). */
const CHUNK = 50;

function usage(message) {
  if (message) console.error(`rotate-key: ${message}\n`);
  console.error(
    "usage: OLD_DATA_KEY=<base64> [NEW_DATA_KEY=<base64>] npm run rotate-key -- [--remote] [--env <name>] [--persist-to <dir>] [--config <file>] [--dry-run]",
  );
  process.exit(64);
}

function parseArgs(argv) {
  const opts = { remote: false, env: null, persistTo: null, config: null, dryRun: false, database: "DB" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) usage(`${a} needs a value`);
      return v;
    };
    if (a === "--remote") opts.remote = true;
    else if (a === "--local") opts.remote = false;
    else if (a === "--dry-run") opts.dryRun = true;
    else if (a === "--env") opts.env = value();
    else if (a === "--persist-to") opts.persistTo = value();
    else if (a === "--config") opts.config = value();
    else if (a === "--database") opts.database = value();
    else if (a === "--help" || a === "-h") usage();
    else usage(`unknown argument ${a}`);
  }
  if (opts.remote && opts.persistTo) usage("--persist-to is for the local database only");
  return opts;
}

/** base64 of exactly 32 bytes, canonical (what src/crypto/secrets.ts accepts as DATA_KEY). */
function parseKey(name, b64) {
  const raw = Buffer.from(b64 ?? "", "base64");
  if (raw.length !== 32 || raw.toString("base64") !== b64) throw new Error(`${name} must be base64 of 32 bytes`);
  return raw;
}

function devVarsDataKey() {
  const file = path.join(ROOT, ".dev.vars");
  if (!existsSync(file)) return undefined;
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?DATA_KEY\s*=\s*["']?([^"'\s]+)["']?\s*$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

const importKey = (raw) => subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);

async function open(key, stored) {
  const [version, iv, ct, ...rest] = String(stored).split(".");
  if (version !== "v1" || !iv || !ct || rest.length > 0) return null;
  try {
    const pt = await subtle.decrypt({ name: "AES-GCM", iv: Buffer.from(iv, "base64") }, key, Buffer.from(ct, "base64"));
    return Buffer.from(pt);
  } catch {
    return null;
  }
}

async function seal(key, plaintext) {
  const iv = randomBytes(12);
  const ct = Buffer.from(await subtle.encrypt({ name: "AES-GCM", iv }, key, plaintext));
  return `v1.${iv.toString("base64")}.${ct.toString("base64")}`;
}

/** SQLite string literal. */
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** `wrangler d1 execute … --json --command <sql>`: the per-statement result arrays. */
function d1(opts, sql) {
  const args = [wranglerBin(ROOT), "d1", "execute", opts.database, opts.remote ? "--remote" : "--local", "--json", "--command", sql];
  if (opts.persistTo) args.push("--persist-to", opts.persistTo);
  if (opts.env) args.push("--env", opts.env);
  if (opts.config) args.push("--config", opts.config);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      // Remote runs need the network; the offline switches only silence telemetry and the cf fetch.
      env: { ...process.env, ...OFFLINE_ENV },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`wrangler d1 execute exited with ${code}\n${err || out}`));
      try {
        const parsed = JSON.parse(out);
        resolve((Array.isArray(parsed) ? parsed : [parsed]).map((r) => r.results ?? []));
      } catch {
        reject(new Error(`wrangler d1 execute did not answer JSON:\n${out.slice(0, 2000)}\n${err.slice(0, 2000)}`));
      }
    });
  });
}

/** Every encrypted value: { table, id, column, value }. */
async function readSecrets(opts) {
  const sql = COLUMNS.map(
    ([table, idCol, ...cols]) => `SELECT ${idCol} AS id, ${cols.join(", ")} FROM ${table} WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(" OR ")}`,
  ).join("; ");
  const results = await d1(opts, sql);
  const out = [];
  COLUMNS.forEach(([table, , ...cols], i) => {
    for (const row of results[i] ?? []) {
      for (const column of cols) if (row[column] != null) out.push({ table, id: row.id, column, value: row[column] });
    }
  });
  return out;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let oldB64 = process.env.OLD_DATA_KEY;
  // .dev.vars belongs with wrangler's default local state; with another --persist-to, don't guess.
  if (!oldB64 && !opts.remote && !opts.persistTo) {
    oldB64 = devVarsDataKey();
    if (oldB64) console.error("rotate-key: OLD_DATA_KEY not set; using DATA_KEY from .dev.vars");
  }
  if (!oldB64) usage("set OLD_DATA_KEY to the key the data is encrypted with now");
  const generated = !process.env.NEW_DATA_KEY;
  const newB64 = process.env.NEW_DATA_KEY || randomBytes(32).toString("base64");
  let oldRaw, newRaw;
  try {
    oldRaw = parseKey("OLD_DATA_KEY", oldB64);
    newRaw = parseKey("NEW_DATA_KEY", newB64);
  } catch (e) {
    usage(e.message);
  }
  if (oldRaw.equals(newRaw)) usage("NEW_DATA_KEY is the same as OLD_DATA_KEY");
  const [oldKey, newKey] = await Promise.all([importKey(oldRaw), importKey(newRaw)]);
  const where = opts.remote ? `remote${opts.env ? ` (${opts.env})` : ""}` : `local${opts.persistTo ? ` (${opts.persistTo})` : ""}`;

  // Plan: every value must open with one of the keys, or nothing is written.
  const secrets = await readSecrets(opts);
  const plan = [];
  const unreadable = [];
  let already = 0;
  for (const s of secrets) {
    if (await open(newKey, s.value)) {
      already += 1;
      continue;
    }
    const pt = await open(oldKey, s.value);
    if (!pt) unreadable.push(s);
    else plan.push({ ...s, next: await seal(newKey, pt) });
  }
  if (unreadable.length > 0) {
    console.error(`rotate-key: ${unreadable.length} value(s) open with neither key; nothing was changed:`);
    for (const s of unreadable) console.error(`  ${s.table}.${s.column} id=${s.id}`);
    process.exit(1);
  }
  console.log(`rotate-key (${where}): ${secrets.length} encrypted value(s); ${plan.length} to re-encrypt, ${already} already under the new key.`);
  // Before the first write: if a write fails halfway, the key for what was written is already on screen.
  if (generated) {
    console.log(`\nThe new key (keep it secret; the rotated data cannot be read without it):\n\nNEW_DATA_KEY=${newB64}\n`);
  }

  if (!opts.dryRun && plan.length > 0) {
    const statements = plan.map(
      (p) => `UPDATE ${p.table} SET ${p.column} = ${lit(p.next)} WHERE id = ${lit(p.id)} AND ${p.column} = ${lit(p.value)}`,
    );
    for (let i = 0; i < statements.length; i += CHUNK) await d1(opts, statements.slice(i, i + CHUNK).join("; "));

    // Check what is there now: a row the worker rewrote meanwhile (still under the old key) needs another run.
    const after = await readSecrets(opts);
    let stale = 0;
    for (const s of after) if (!(await open(newKey, s.value))) stale += 1;
    if (stale > 0) {
      console.error(`rotate-key: ${stale} value(s) changed while rotating and are not under the new key yet; run it again.`);
      process.exitCode = 2;
    } else {
      console.log(`rotate-key: done; all ${after.length} value(s) open with the new key.`);
    }
  } else if (opts.dryRun) {
    console.log("rotate-key: dry run, nothing written.");
  }

  if (!opts.dryRun) {
    console.log(
      opts.remote
        ? `Now set it on the worker: npx wrangler secret put DATA_KEY${opts.env ? ` --env ${opts.env}` : ""}  (paste the new key)`
        : "Now put it in .dev.vars as DATA_KEY=<new key> and restart `npm start`.",
    );
  }
}

main().catch((e) => {
  console.error(`rotate-key: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
