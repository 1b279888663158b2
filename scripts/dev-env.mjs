// @ts-check
/**
 * What `npm start` and the e2e tests share: running wrangler offline, stopping it without leaving
 * workerd behind, waiting for a server. Node built-ins only.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cp, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";

/** @import { ChildProcess } from "node:child_process" */
/** @import { AddressInfo } from "node:net" */

/** Keeps wrangler and workerd off the network: no Request.cf fetch, no telemetry, no update check. */
export const OFFLINE_ENV = Object.freeze({
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
});

/**
 * The project's wrangler CLI. Run with `node` directly rather than through `npx`, so the child we
 * hold is wrangler itself (one less process layer between a signal and workerd).
 *
 * @param {string} projectDir
 * @returns {string}
 */
export function wranglerBin(projectDir) {
  const require = createRequire(path.join(projectDir, "package.json"));
  return path.join(path.dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/**
 * Run a wrangler command to completion. stdin is closed so wrangler treats the run as
 * non-interactive and takes its default answer (`d1 migrations apply` asks for confirmation on a TTY).
 *
 * @param {string} projectDir
 * @param {string[]} args
 * @param {{ quiet?: boolean, env?: Record<string, string> }} [options]
 * @returns {Promise<string>} the output, when `quiet`
 */
export function runWrangler(projectDir, args, { quiet = false, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(projectDir), ...args], {
      cwd: projectDir,
      env: { ...process.env, ...OFFLINE_ENV, ...env },
      stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
    });
    let output = "";
    child.stdout?.on("data", (c) => (output += c));
    child.stderr?.on("data", (c) => (output += c));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`wrangler ${args.join(" ")} exited with ${code}\n${output}`)),
    );
  });
}

/**
 * Start `wrangler dev` with piped output. It stays in our process group on purpose: a Ctrl-C in the
 * terminal then reaches wrangler too, which stops its workerd processes even if we are killed first.
 *
 * @param {string} projectDir
 * @param {string[]} args
 * @param {{ onLine?: (line: string) => void, env?: Record<string, string> }} [options]
 * @returns {ChildProcess}
 */
export function spawnWranglerDev(projectDir, args, { onLine = (line) => process.stdout.write(`${line}\n`), env = {} } = {}) {
  const child = spawn(process.execPath, [wranglerBin(projectDir), "dev", ...args], {
    cwd: projectDir,
    env: { ...process.env, ...OFFLINE_ENV, ...env },
    // No stdin: wrangler then skips its interactive hotkeys and never waits on the terminal.
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) onLine(line);
    });
  }
  return child;
}

/**
 * Every process below `pid` (Linux /proc; elsewhere none are found and only `pid` is signalled).
 *
 * @param {number} pid
 * @returns {number[]}
 */
export function descendants(pid) {
  let entries;
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const name of entries) {
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command name before it may contain spaces.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found = [];
  for (let queue = [pid]; queue.length > 0; ) {
    for (const c of children.get(/** @type {number} */ (queue.shift())) ?? []) {
      found.push(c);
      queue.push(c);
    }
  }
  return found;
}

/**
 * @param {number[]} pids
 * @param {NodeJS.Signals} sig
 */
function signalAll(pids, sig) {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Synchronous last resort (for `process.on("exit")`): SIGKILL wrangler and everything it started.
 *
 * @param {ChildProcess | undefined} child
 */
export function killNow(child) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  signalAll([...descendants(child.pid), child.pid], "SIGKILL");
}

/**
 * Stop wrangler: SIGTERM lets it shut workerd down itself; whatever is left after `graceMs`, or
 * after it exits, is SIGKILLed (its process tree is noted first, since orphans lose their parent link).
 *
 * @param {ChildProcess | undefined} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export async function stopWrangler(child, graceMs = 5000) {
  const pid = child?.pid;
  if (!child || !pid || child.exitCode !== null || child.signalCode !== null) return;
  const tree = descendants(pid);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  signalAll([pid], "SIGTERM");
  const timer = setTimeout(() => signalAll([pid, ...tree], "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  // Give workerd a moment to follow wrangler out, then make sure it did.
  await new Promise((r) => setTimeout(r, 200));
  signalAll(tree, "SIGKILL");
}

/**
 * Poll `url` until it answers 2xx. Fails early if `child` exits first.
 *
 * @param {string} url
 * @param {{ timeoutMs?: number, child?: ChildProcess }} [options]
 * @returns {Promise<void>}
 */
export async function waitForHttp(url, { timeoutMs = 90_000, child } = {}) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`wrangler dev exited (${child.exitCode ?? child.signalCode}) before ${url} answered`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (a build error would be in the wrangler output)`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A TCP port free right now on `host` (the OS picks it; there is a small race until it is bound).
 *
 * @param {string} [host]
 * @returns {Promise<number>}
 */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = /** @type {AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * What `startFrozenWorker` serves: the bundle of every module (`wrangler deploy --dry-run`, into
 * `dir/dist`) and a local D1 with every migration applied (`dir/state`, for --persist-to). The node
 * tests make it once per run (test/support-node/frozen-worker.ts) and give each worker a copy of the
 * state; both take a wrangler start of their own (~2 s and ~7 s here).
 *
 * @param {string} projectDir
 * @param {string} dir
 * @returns {Promise<FrozenBuild>}
 */
export async function buildFrozenWorker(projectDir, dir) {
  const build = frozenBuildIn(dir);
  await runWrangler(projectDir, ["deploy", "--dry-run", "--outdir", build.bundleDir], { quiet: true });
  await runWrangler(projectDir, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", build.state], { quiet: true });
  return build;
}

/**
 * Where `buildFrozenWorker` puts the bundle and the state in `dir`.
 *
 * @param {string} dir
 * @returns {FrozenBuild}
 */
export function frozenBuildIn(dir) {
  return { bundleDir: path.join(dir, "dist"), state: path.join(dir, "state") };
}

/**
 * @typedef {object} FrozenBuild
 * @property {string} bundleDir the bundle (its index.js), only read
 * @property {string} state a migrated local state, copied before use so it stays as built
 */

/**
 * The real worker as the e2e tests, the browser test and the soak run it: bundled once
 * (`wrangler deploy --dry-run`, because `wrangler dev` hot-reloads on every save under src/ and a
 * reload drops whatever sits in the local queue), migrations applied into `dir/state`, and served by
 * `wrangler dev --no-bundle` with an env file that replaces .dev.vars entirely (--var would only
 * override the keys it names, so a developer's PUBLIC_BASE_URL or TWILIO_API_BASE would leak in;
 * secrets stay out of argv). With `build`, that bundle is served and a copy of its state is the
 * worker's own. Resolves once /healthz answers; stops the child if it never does.
 *
 * @param {string} projectDir
 * @param {{ dir: string, port: number, vars: Record<string, string>, build?: FrozenBuild, onLine?: (line: string) => void, onSpawn?: (child: ChildProcess) => void }} opts
 * @returns {Promise<ChildProcess>}
 */
export async function startFrozenWorker(projectDir, { dir, port, vars, build, onLine, onSpawn }) {
  const { bundleDir } = build ?? (await buildFrozenWorker(projectDir, dir));
  const state = path.join(dir, "state");
  if (build) await cp(build.state, state, { recursive: true });
  const envFile = path.join(dir, "worker.env");
  await writeFile(envFile, Object.entries(vars).map(([k, v]) => `${k}=${v}`).join("\n") + "\n", { mode: 0o600 });
  const child = spawnWranglerDev(
    projectDir,
    [
      path.join(bundleDir, "index.js"),
      "--config", path.join(projectDir, "wrangler.toml"),
      "--no-bundle",
      "--ip", "127.0.0.1",
      "--port", String(port),
      "--inspector-port", String(await freePort()),
      "--persist-to", state,
      "--env-file", envFile,
      "--show-interactive-dev-session=false",
    ],
    // Pin the two switches that would make wrangler ignore the env file or add the shell's env.
    { onLine, env: { CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "true", CLOUDFLARE_INCLUDE_PROCESS_ENV: "false" } },
  );
  onSpawn?.(child);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, { child, timeoutMs: 90_000 });
  } catch (e) {
    await stopWrangler(child);
    throw e;
  }
  return child;
}
