/**
 * `npm run setup` and `npm run deploy` against a stub wrangler (TEXTBACK_WRANGLER): a small node
 * script that records its argv and stdin, keeps the "account" (databases, queues, secrets) in a JSON
 * file, and answers like wrangler 4.86 does (`d1 list --json`, the box table of `queues list`,
 * `secret list --format json`, "Worker … not found"). Each test works on a temp copy of wrangler.toml.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PLACEHOLDER = "00000000-0000-0000-0000-000000000000";

const STUB = String.raw`
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
const { STUB_LOG, STUB_STATE } = process.env;
const argv = process.argv.slice(2);
let stdin = "";
if (!process.stdin.isTTY) { try { stdin = readFileSync(0, "utf8"); } catch {} }
appendFileSync(STUB_LOG, JSON.stringify({ argv, stdin }) + "\n");
const state = existsSync(STUB_STATE) ? JSON.parse(readFileSync(STUB_STATE, "utf8"))
  : { databases: [], queues: [], secrets: {}, failSecretList: false };
const save = () => writeFileSync(STUB_STATE, JSON.stringify(state));
const env = (argv.find((a) => a.startsWith("--env=")) ?? "--env=").slice(6);
const worker = env ? "textback-" + env : "textback";
const [a, b, c] = argv;
const row = (cells, w) => "│ " + cells.map((x, i) => String(x).padEnd(w[i])).join(" │ ") + " │";
if (a === "d1" && b === "list") {
  console.log(JSON.stringify(state.databases.map((d) => ({ uuid: d.uuid, name: d.name, created_at: "2026-11-28T00:00:00Z", version: "production", num_tables: 0, file_size: 0 })), null, 2));
} else if (a === "d1" && b === "create") {
  if (state.databases.some((d) => d.name === c)) { console.error("✘ [ERROR] A database with that name already exists [code: 7502]"); process.exit(1); }
  const uuid = randomUUID();
  state.databases.push({ name: c, uuid }); save();
  console.log("✅ Successfully created DB '" + c + "'\nCreated your new D1 database.\n\nTo access your new D1 Database in your Worker, add the following snippet to your configuration file:\n[[d1_databases]]\nbinding = \"" + c + "\"\ndatabase_name = \"" + c + "\"\ndatabase_id = \"" + uuid + "\"");
} else if (a === "queues" && b === "list") {
  // Two queues a page, so setup has to read past the first one.
  const page = Number(argv[argv.indexOf("--page") + 1] || 1);
  const rows = state.queues.slice((page - 1) * 2, page * 2).map((q, i) => [String(page) + i + "f00d", q, "2026-11-28T00:00:00.000Z", "2026-11-28T00:00:00.000Z", "0", "0"]);
  if (rows.length > 0) {
    const head = ["id", "name", "created_on", "modified_on", "producers", "consumers"];
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (l, m, r) => l + w.map((n) => "─".repeat(n + 2)).join(m) + r;
    console.log([line("┌", "┬", "┐"), row(head, w), ...rows.flatMap((r) => [line("├", "┼", "┤"), row(r, w)]), line("└", "┴", "┘")].join("\n"));
  }
} else if (a === "queues" && b === "create") {
  state.queues.push(c); save();
  console.log("🌀 Creating queue '" + c + "'\n✅ Created queue '" + c + "'");
} else if (a === "secret" && b === "list") {
  if (state.failSecretList) { console.error("✘ [ERROR] A request to the Cloudflare API failed. Authentication error [code: 10000]"); process.exit(1); }
  const names = state.secrets[worker];
  if (!names) { console.error("✘ [ERROR] Worker \"" + worker + "\"" + (env ? " (env: " + env + ")" : "") + " not found.\n\nIf this is a new Worker, run \u0060wrangler deploy\u0060 first to create it."); process.exit(1); }
  console.log(JSON.stringify(names.map((name) => ({ name, type: "secret_text" })), null, "  "));
} else if (a === "secret" && b === "put") {
  (state.secrets[worker] ??= []).push(c); save();
  console.log("🌀 Creating the secret for the Worker \"" + worker + "\"\n✨ Success! Uploaded secret " + c);
} else if (a === "d1" && b === "migrations" || a === "deploy") {
  console.log("ok");
} else {
  console.error("stub wrangler: unexpected command " + argv.join(" ")); process.exit(1);
}
`;

interface Call {
  argv: string[];
  stdin: string;
}
interface Run {
  code: number | null;
  output: string;
  calls: Call[];
}

let dir: string;
let toml: string;
let log: string;
let state: string;
let original: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "textback-setup-"));
  toml = path.join(dir, "wrangler.toml");
  log = path.join(dir, "calls.jsonl");
  state = path.join(dir, "account.json");
  original = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
  writeFileSync(toml, original);
  writeFileSync(path.join(dir, "wrangler-stub.mjs"), STUB);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const calls = (): Call[] =>
  existsSync(log)
    ? readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Call)
    : [];

/** Run one of our scripts with the stub as wrangler; `calls` are the wrangler calls of this run only. */
function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const before = calls().length;
  return new Promise((resolve, reject) => {
    const { ADMIN_TOKEN: _a, DATA_KEY: _d, ...inherited } = process.env;
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", script), "--config", toml, ...args], {
      cwd: dir,
      env: {
        ...inherited,
        TEXTBACK_WRANGLER: `${process.execPath} ${path.join(dir, "wrangler-stub.mjs")}`,
        STUB_LOG: log,
        STUB_STATE: state,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output, calls: calls().slice(before) }));
  });
}
const setup = (args: string[] = [], env?: Record<string, string>) => runScript("setup.mjs", args, env);

/** The wrangler subcommands of a run, without the --config/--env arguments every call carries. */
const commands = (run: Run) => run.calls.map((c) => c.argv.filter((a, i, all) => a !== "--config" && all[i - 1] !== "--config" && !a.startsWith("--env=")).join(" "));
const creates = (run: Run) => commands(run).filter((c) => / create |secret put /.test(` ${c}`));
const databaseIdOf = (text: string, header: string) =>
  new RegExp(`^\\[\\[${header.replace(/\./g, "\\.")}\\]\\][^[]*?database_id = "([^"]+)"`, "m").exec(text)?.[1];
const account = () => JSON.parse(readFileSync(state, "utf8")) as { databases: { name: string; uuid: string }[]; queues: string[] };

const ADMIN_TOKEN = "admin-token-from-the-environment-0123456789";

describe("npm run setup", () => {
  it("creates the database, both queues and both secrets once, and writes the id into the top level", async () => {
    const first = await setup([], { ADMIN_TOKEN });
    expect(first.code, first.output).toBe(0);
    expect(creates(first)).toEqual([
      "d1 create textback",
      "queues create sms-outbound",
      "queues create sms-outbound-dlq",
      "secret put ADMIN_TOKEN",
      "secret put DATA_KEY",
    ]);
    // Every call names the config and the environment ("--env=": the top level).
    for (const c of first.calls) expect(c.argv).toEqual(expect.arrayContaining(["--config", toml, "--env="]));

    // Secrets: on stdin only.
    const put = (name: string) => first.calls.find((c) => c.argv.slice(0, 3).join(" ") === `secret put ${name}`)!;
    expect(put("ADMIN_TOKEN").stdin).toBe(ADMIN_TOKEN);
    const dataKey = put("DATA_KEY").stdin;
    expect(Buffer.from(dataKey, "base64")).toHaveLength(32);
    for (const secret of [ADMIN_TOKEN, dataKey]) {
      for (const c of first.calls) expect(c.argv.join(" ")).not.toContain(secret);
      expect(first.output).not.toContain(secret);
    }
    // Only the non-secret calls get no stdin.
    for (const c of first.calls.filter((c) => c.argv[1] !== "put")) expect(c.stdin).toBe("");

    // The generated one is kept for the user, readable by them only; the supplied one is not written.
    const saved = path.join(dir, ".wrangler", "secrets", "textback.env");
    expect(readFileSync(saved, "utf8")).toContain(`DATA_KEY=${dataKey}\n`);
    expect(readFileSync(saved, "utf8")).not.toContain(ADMIN_TOKEN);
    expect(statSync(saved).mode & 0o777).toBe(0o600);

    // The id lands in the top-level [[d1_databases]] and nowhere else; nothing else changes.
    const uuid = account().databases.find((d) => d.name === "textback")!.uuid;
    const written = readFileSync(toml, "utf8");
    expect(databaseIdOf(written, "d1_databases")).toBe(uuid);
    expect(databaseIdOf(written, "env.staging.d1_databases")).toBe(PLACEHOLDER);
    expect(databaseIdOf(written, "env.production.d1_databases")).toBe(PLACEHOLDER);
    expect(written.replace(uuid, PLACEHOLDER)).toBe(original);

    // Second run: only looks.
    const second = await setup([], { ADMIN_TOKEN: "another-token-that-must-not-be-set-0123456789" });
    expect(second.code, second.output).toBe(0);
    expect(creates(second)).toEqual([]);
    expect(commands(second)).toEqual(["d1 list --json", "queues list --page 1", "secret list --format json"]);
    expect(readFileSync(toml, "utf8")).toBe(written);
    expect(second.output).toMatch(/Secret DATA_KEY is set; left as it is/);
  });

  it("--env staging uses that environment's names and writes only its section", async () => {
    const run = await setup(["--env", "staging"]);
    expect(run.code, run.output).toBe(0);
    expect(creates(run)).toEqual([
      "d1 create textback-staging",
      "queues create sms-outbound-staging",
      "queues create sms-outbound-staging-dlq",
      "secret put ADMIN_TOKEN",
      "secret put DATA_KEY",
    ]);
    for (const c of run.calls) expect(c.argv).toContain("--env=staging");
    const uuid = account().databases.find((d) => d.name === "textback-staging")!.uuid;
    const written = readFileSync(toml, "utf8");
    expect(databaseIdOf(written, "env.staging.d1_databases")).toBe(uuid);
    expect(databaseIdOf(written, "d1_databases")).toBe(PLACEHOLDER);
    expect(databaseIdOf(written, "env.production.d1_databases")).toBe(PLACEHOLDER);
    // Both generated: both saved, neither printed.
    const saved = readFileSync(path.join(dir, ".wrangler", "secrets", "textback-staging.env"), "utf8");
    for (const put of run.calls.filter((c) => c.argv[1] === "put")) {
      expect(put.stdin.length).toBeGreaterThan(30);
      expect(saved).toContain(`${put.argv[2]}=${put.stdin}\n`);
      expect(run.output).not.toContain(put.stdin);
    }

    const again = await setup(["--env", "staging"]);
    expect(again.code, again.output).toBe(0);
    expect(creates(again)).toEqual([]);
  });

  it("finds what already exists (on any page of the queue list) and creates only the rest", async () => {
    writeFileSync(
      state,
      JSON.stringify({
        databases: [{ name: "other", uuid: "99999999-0000-0000-0000-000000000000" }, { name: "textback", uuid: "12345678-aaaa-bbbb-cccc-1234567890ab" }],
        queues: ["orders", "emails", "sms-outbound", "webhooks"],
        secrets: { textback: ["ADMIN_TOKEN"] },
      }),
    );
    const run = await setup();
    expect(run.code, run.output).toBe(0);
    expect(creates(run)).toEqual(["queues create sms-outbound-dlq", "secret put DATA_KEY"]);
    expect(databaseIdOf(readFileSync(toml, "utf8"), "d1_databases")).toBe("12345678-aaaa-bbbb-cccc-1234567890ab");
  });

  it("sets no secret when it cannot tell which are set (a new DATA_KEY would orphan stored credentials)", async () => {
    writeFileSync(state, JSON.stringify({ databases: [], queues: [], secrets: {}, failSecretList: true }));
    const run = await setup();
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/could not list the secrets of textback/);
    expect(commands(run).filter((c) => c.startsWith("secret put"))).toEqual([]);
  });

  it("refuses a DATA_KEY that is not 32 bytes of base64, before creating anything", async () => {
    const run = await setup([], { DATA_KEY: "too-short" });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/DATA_KEY from the environment is not usable/);
    expect(run.output).not.toContain("too-short");
    expect(run.calls).toEqual([]);
  });

  it.each([
    ["16 characters", "sixteen-chars-ok", /it is 16 characters, and a token needs 32 random bytes: at least 43 characters/],
    ["63 hex digits", "a".repeat(63), /it is 63 characters, and a token needs 32 random bytes: at least 64 characters of hex/],
  ])("refuses an ADMIN_TOKEN of %s, saying how long and how to make one, before creating anything", async (_name, token, reason) => {
    const run = await setup([], { ADMIN_TOKEN: token });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/ADMIN_TOKEN from the environment is not usable/);
    expect(run.output).toMatch(reason);
    expect(run.output).toContain("openssl rand -hex 32");
    expect(run.output).not.toContain(token);
    expect(run.calls).toEqual([]);
  });

  it("generates an ADMIN_TOKEN of 32 random bytes when none is given", async () => {
    const run = await setup();
    expect(run.code, run.output).toBe(0);
    const put = run.calls.find((c) => c.argv.slice(0, 3).join(" ") === "secret put ADMIN_TOKEN")!;
    expect(put.stdin).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(put.stdin, "base64url")).toHaveLength(32);
  });

  it("--dry-run prints the commands and runs and writes nothing", async () => {
    const run = await setup(["--dry-run", "--env", "production"]);
    expect(run.code, run.output).toBe(0);
    expect(run.calls).toEqual([]);
    expect(readFileSync(toml, "utf8")).toBe(original);
    for (const expected of [
      "d1 list --json",
      "d1 create textback-production",
      "queues create sms-outbound-production ",
      "queues create sms-outbound-production-dlq",
      "secret put ADMIN_TOKEN",
      "secret put DATA_KEY",
    ]) {
      expect(run.output).toContain(expected);
    }
    expect(run.output).toContain("--env=production");
  });

  it("rejects an environment wrangler.toml does not have", async () => {
    const run = await setup(["--env", "prod"]);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/no \[env\.prod\] section/);
    expect(run.calls).toEqual([]);
  });
});

describe("npm run deploy", () => {
  it("--dry-run builds the bundle for the environment and touches no database", async () => {
    const run = await runScript("deploy.mjs", ["--dry-run", "--env", "staging"]);
    expect(run.code, run.output).toBe(0);
    expect(run.calls.map((c) => c.argv)).toEqual([["deploy", "--dry-run", "--outdir", path.join("dist", "staging"), "--config", toml, "--env=staging"]]);
  });

  it("refuses to deploy before setup wrote the database id", async () => {
    const run = await runScript("deploy.mjs", ["--env", "production"]);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/npm run setup -- --env production/);
    expect(run.calls).toEqual([]);
  });

  it("applies the remote migrations, then deploys, both to the chosen environment", async () => {
    expect((await setup(["--env", "production"])).code).toBe(0);
    const run = await runScript("deploy.mjs", ["--env", "production", "--minify"]);
    expect(run.code, run.output).toBe(0);
    expect(run.calls.map((c) => c.argv)).toEqual([
      ["d1", "migrations", "apply", "DB", "--remote", "--config", toml, "--env=production"],
      ["deploy", "--config", toml, "--env=production", "--minify"],
    ]);
  });
});
