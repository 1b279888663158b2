#!/usr/bin/env node
/**
 * `npm run setup [-- --env staging|production] [-- --dry-run]`: create what a deployment of Textback
 * needs in your Cloudflare account, with wrangler, and only what is missing (run it again at will):
 *
 *   1. the D1 database named in wrangler.toml (`wrangler d1 create`, unless `d1 list --json` has it),
 *      and its id written into that environment's [[d1_databases]] in wrangler.toml
 *   2. the queues wrangler.toml names: the outbox and its dead-letter queue (`wrangler queues create`,
 *      unless `queues list` has them)
 *   3. the secrets ADMIN_TOKEN and DATA_KEY (`wrangler secret put`, unless `secret list` has them).
 *      Values come from the ADMIN_TOKEN / DATA_KEY environment variables, else a prompt (Enter
 *      generates one), else they are generated. A supplied ADMIN_TOKEN must be as strong as a
 *      generated one (32 random bytes: 43+ characters, 64 in hex); a shorter one is refused. They go to wrangler on stdin only: never in a
 *      command line, never printed. Generated values are saved, mode 600, to
 *      .wrangler/secrets/<worker>.env next to wrangler.toml, for your password manager.
 *      A secret that is already set is left alone: a new DATA_KEY would make every stored carrier
 *      credential unreadable.
 *
 * Options: --env <name> (default: the top level), --config <path> (default: ./wrangler.toml),
 * --dry-run (print the commands it would run; run and write nothing).
 * TEXTBACK_WRANGLER sets the wrangler command (default "npx wrangler"; split on spaces), which is how
 * the test substitutes a stub. Log in first: `npx wrangler login` (or set CLOUDFLARE_API_TOKEN).
 * Node built-ins only.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { adminTokenProblem, generateAdminToken } from "./lib/admin-token.mjs";
import { PLACEHOLDER_DATABASE_ID, readEnvironment, setDatabaseId } from "./wrangler-toml.mjs";

const USAGE = `Usage: npm run setup [-- --env staging|production] [-- --dry-run] [-- --config path/to/wrangler.toml]`;

/** The secrets the Worker needs, how to make one, and how to tell a good one. */
const SECRETS = [
  {
    name: "ADMIN_TOKEN",
    what: "bearer token of the admin API and the /admin page",
    generate: generateAdminToken,
    check: adminTokenProblem,
  },
  {
    name: "DATA_KEY",
    what: "AES-GCM key for carrier credentials at rest",
    generate: () => randomBytes(32).toString("base64"),
    check: (v) =>
      /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, "base64").length === 32 ? null : "base64 of 32 bytes (openssl rand -base64 32)",
  },
];

function parseCli() {
  try {
    const { values } = parseArgs({
      options: {
        env: { type: "string" },
        config: { type: "string", default: "wrangler.toml" },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    return values;
  } catch (e) {
    console.error(`${e.message}\n${USAGE}`);
    process.exit(2);
  }
}

const cli = parseCli();
if (cli.help) {
  console.log(USAGE);
  process.exit(0);
}
const DRY_RUN = cli["dry-run"];
const ENV = cli.env || undefined;
const CONFIG = path.resolve(cli.config);
const WRANGLER = (process.env.TEXTBACK_WRANGLER?.trim() || "npx wrangler").split(/\s+/);
/** Every wrangler call names the config and the environment (`--env=` is wrangler's "the top level"). */
const TARGET = ["--config", cli.config, ENV ? `--env=${ENV}` : "--env="];
const LABEL = ENV ? `[env.${ENV}]` : "the top level";

const show = (args, note = "") => `  $ ${[...WRANGLER, ...args].join(" ")}${note ? `   ${note}` : ""}`;

/**
 * Run wrangler and collect its output. `input` (a secret) is written to its stdin and nowhere else;
 * without it stdin is closed, so wrangler never waits on a prompt.
 */
function wrangler(args, { input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER[0], [...WRANGLER.slice(1), ...args], {
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_HIDE_BANNER: "true", WRANGLER_SEND_METRICS: "false" },
      shell: process.platform === "win32",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });
}

class SetupError extends Error {}

/** Run wrangler; on failure stop with its output (which never holds a secret: those go on stdin). */
async function must(args, opts) {
  const res = await wrangler(args, opts);
  if (res.code !== 0) {
    const output = `${res.stdout}\n${res.stderr}`.trim();
    const hint = /auth|login|token|not logged in/i.test(output)
      ? "\nLog in first: `npx wrangler login` (or set CLOUDFLARE_API_TOKEN)."
      : "";
    throw new SetupError(`wrangler ${args.join(" ")} failed (exit ${res.code}):\n${output}${hint}`);
  }
  return res.stdout;
}

/** The JSON document in wrangler's stdout (anything printed before it is skipped). */
function jsonIn(stdout, what) {
  const start = stdout.search(/^\s*[[{]/m);
  try {
    return JSON.parse(stdout.slice(start));
  } catch {
    throw new SetupError(`could not read the output of ${what} as JSON:\n${stdout.trim()}`);
  }
}

/** The `name` column of wrangler's box-drawn `queues list` table. */
function queueNamesIn(stdout) {
  const rows = stdout
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((l) => l.trimStart().startsWith("│"))
    .map((l) => l.trim().slice(1, -1).split("│").map((c) => c.trim()));
  const column = rows[0]?.indexOf("name") ?? -1;
  if (rows.length === 0) return [];
  if (column < 0) throw new SetupError(`could not find the name column in \`queues list\`:\n${stdout.trim()}`);
  return rows.slice(1).map((r) => r[column]);
}

async function listQueues(wanted) {
  const names = new Set();
  let previous = "";
  // `queues list` shows one page of the account's queues; read pages until they run out (or repeat).
  for (let page = 1; page <= 100; page++) {
    const rows = queueNamesIn(await must(["queues", "list", "--page", String(page), ...TARGET]));
    const key = rows.join("\n");
    if (rows.length === 0 || key === previous) break;
    rows.forEach((n) => names.add(n));
    if (wanted.every((q) => names.has(q))) break;
    previous = key;
  }
  return names;
}

/** Secret names already set on the Worker; none when the Worker does not exist yet. */
async function listSecrets(workerName) {
  const args = ["secret", "list", "--format", "json", ...TARGET];
  const res = await wrangler(args);
  if (res.code === 0) return new Set(jsonIn(res.stdout, "secret list").map((s) => s.name));
  const output = `${res.stdout}\n${res.stderr}`;
  if (/Worker "[^"]*".*not found|does not exist|workers\.api\.error\.script_not_found|\[code: 10007\]/i.test(output)) {
    return new Set();
  }
  // Anything else (no login, no network) must stop us: guessing "none" would overwrite DATA_KEY.
  throw new SetupError(`could not list the secrets of ${workerName}: wrangler ${args.join(" ")} failed (exit ${res.code}):\n${output.trim()}`);
}

/** Read a line from the terminal without echoing it. */
function askHidden(question) {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    let value = "";
    process.stdout.write(question);
    const onData = (chunk) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003") {
          stdin.setRawMode(false);
          process.stdout.write("\n");
          process.exit(130);
        }
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write("\n");
      resolve(value.trim());
    };
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    stdin.on("data", onData);
  });
}

/** A value for `secret`: from the environment, the terminal, or generated. */
async function secretValue(secret) {
  const fromEnv = process.env[secret.name]?.trim();
  if (fromEnv) {
    const problem = secret.check(fromEnv);
    if (problem) throw new SetupError(`${secret.name} from the environment is not usable: ${problem}`);
    return { value: fromEnv, source: "from the environment" };
  }
  if (process.stdin.isTTY && process.stdout.isTTY) {
    for (;;) {
      const typed = await askHidden(`${secret.name} (${secret.what}; Enter to generate one): `);
      if (!typed) break;
      const problem = secret.check(typed);
      if (!problem) return { value: typed, source: "as typed" };
      console.log(`  Not usable: ${problem}.`);
    }
  }
  return { value: secret.generate(), source: "generated", generated: true };
}

/** Keep generated secrets where the user can find them: KEY=value lines, mode 600, git-ignored. */
function saveGenerated(workerName, generated) {
  const dir = path.join(path.dirname(CONFIG), ".wrangler", "secrets");
  const file = path.join(dir, `${workerName}.env`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keep = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l && !generated.some((g) => l.startsWith(`${g.name}=`)))
    : [`# Secrets generated by \`npm run setup\` for the Worker "${workerName}". Keep a copy in a password manager.`];
  writeFileSync(file, [...keep, ...generated.map((g) => `${g.name}=${g.value}`)].join("\n") + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return path.relative(process.cwd(), file);
}

function printPlan({ workerName, database, queues }) {
  console.log(`Dry run for ${LABEL} (Worker "${workerName}"): nothing is run or written. The steps:`);
  console.log(show(["d1", "list", "--json", ...TARGET]));
  console.log(show(["d1", "create", database.database_name, ...TARGET], `(unless "${database.database_name}" is listed)`));
  console.log(`  write its id into ${path.relative(process.cwd(), CONFIG) || CONFIG}, ${LABEL} [[d1_databases]] binding "${database.binding}"`);
  console.log(show(["queues", "list", "--page", "1", ...TARGET], "(and following pages)"));
  for (const q of queues) console.log(show(["queues", "create", q, ...TARGET], "(unless listed)"));
  console.log(show(["secret", "list", "--format", "json", ...TARGET]));
  for (const s of SECRETS) {
    console.log(show(["secret", "put", s.name, ...TARGET], "(unless set; the value on stdin: $" + s.name + ", typed, or generated)"));
  }
}

async function main() {
  if (!existsSync(CONFIG)) throw new SetupError(`no ${CONFIG}`);
  const target = readEnvironment(readFileSync(CONFIG, "utf8"), ENV);
  const { workerName, database, queues } = target;
  if (!workerName) throw new SetupError(`${CONFIG} names no Worker for ${LABEL}`);
  if (!database?.database_name) throw new SetupError(`${CONFIG} has no D1 database with binding "DB" for ${LABEL}`);
  if (queues.length === 0) throw new SetupError(`${CONFIG} names no queues for ${LABEL}`);

  if (DRY_RUN) return printPlan(target);
  // A bad value from the environment stops us before anything is created.
  for (const secret of SECRETS) {
    const problem = process.env[secret.name]?.trim() && secret.check(process.env[secret.name].trim());
    if (problem) throw new SetupError(`${secret.name} from the environment is not usable: ${problem}`);
  }
  console.log(`Setting up ${LABEL} of ${path.relative(process.cwd(), CONFIG) || CONFIG}: Worker "${workerName}".`);

  // 1. D1
  console.log(show(["d1", "list", "--json", ...TARGET]));
  const listed = jsonIn(await must(["d1", "list", "--json", ...TARGET]), "d1 list --json");
  let id = listed.find((db) => db.name === database.database_name)?.uuid;
  if (id) {
    console.log(`D1 database "${database.database_name}" exists (${id}).`);
  } else {
    console.log(show(["d1", "create", database.database_name, ...TARGET]));
    const created = await must(["d1", "create", database.database_name, ...TARGET]);
    id = /database_id"?\s*[=:]\s*"([0-9a-f-]{36})"/i.exec(created)?.[1];
    if (!id) {
      const again = jsonIn(await must(["d1", "list", "--json", ...TARGET]), "d1 list --json");
      id = again.find((db) => db.name === database.database_name)?.uuid;
    }
    if (!id) throw new SetupError(`created D1 database "${database.database_name}" but could not read its id:\n${created}`);
    console.log(`Created D1 database "${database.database_name}" (${id}).`);
  }
  const toml = readFileSync(CONFIG, "utf8");
  if (database.database_id === id) {
    console.log(`wrangler.toml already has its id.`);
  } else {
    writeFileSync(CONFIG, setDatabaseId(toml, ENV, id));
    const was = database.database_id && database.database_id !== PLACEHOLDER_DATABASE_ID ? ` (was ${database.database_id})` : "";
    console.log(`Wrote database_id = "${id}" into ${LABEL} [[d1_databases]]${was}.`);
  }

  // 2. Queues
  console.log(show(["queues", "list", "--page", "1", ...TARGET]));
  const existing = await listQueues(queues);
  for (const q of queues) {
    if (existing.has(q)) {
      console.log(`Queue "${q}" exists.`);
      continue;
    }
    console.log(show(["queues", "create", q, ...TARGET]));
    await must(["queues", "create", q, ...TARGET]);
    console.log(`Created queue "${q}".`);
  }

  // 3. Secrets
  console.log(show(["secret", "list", "--format", "json", ...TARGET]));
  const set = await listSecrets(workerName);
  const missing = SECRETS.filter((secret) => {
    if (!set.has(secret.name)) return true;
    console.log(`Secret ${secret.name} is set; left as it is (change it with \`npx wrangler secret put ${secret.name}\`).`);
    return false;
  });
  // Every value first (prompts included), then the puts: no half-set pair when a prompt is abandoned.
  const values = [];
  for (const secret of missing) values.push({ secret, ...(await secretValue(secret)) });
  for (const { secret, value, source, generated } of values) {
    console.log(show(["secret", "put", secret.name, ...TARGET], `(${source}, on stdin)`));
    await must(["secret", "put", secret.name, ...TARGET], { input: value });
    console.log(`Set secret ${secret.name}.`);
    // Saved as soon as it is set, so a later failure cannot lose a secret the Worker already has.
    if (generated) {
      const file = saveGenerated(workerName, [{ name: secret.name, value }]);
      console.log(`Saved the generated ${secret.name} to ${file} (mode 600): keep a copy in a password manager.`);
    }
  }

  const envFlag = ENV ? ` -- --env ${ENV}` : "";
  console.log(`\nDone. Next: npm run deploy${envFlag}`);
}

try {
  await main();
} catch (e) {
  if (!(e instanceof SetupError)) throw e;
  console.error(`setup: ${e.message}`);
  process.exit(1);
}
