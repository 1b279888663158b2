/**
 * What `npm start`, `npm run call` and the e2e test share: how to run wrangler offline, and how to
 * wait for a server. Node built-ins only.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

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
 */
export function wranglerBin(projectDir) {
  const require = createRequire(path.join(projectDir, "package.json"));
  return path.join(path.dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/**
 * Run a wrangler command to completion. stdin is closed so wrangler treats the run as
 * non-interactive and takes its default answer (`d1 migrations apply` asks for confirmation on a TTY).
 */
export function runWrangler(projectDir, args, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(projectDir), ...args], {
      cwd: projectDir,
      env: { ...process.env, ...OFFLINE_ENV },
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
 * Start `wrangler dev` in its own process group (detached), so stopping it can signal the whole
 * group: wrangler, its proxy and the workerd processes it spawns.
 */
export function spawnWranglerDev(projectDir, args, { onLine = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const child = spawn(process.execPath, [wranglerBin(projectDir), "dev", ...args], {
    cwd: projectDir,
    env: { ...process.env, ...OFFLINE_ENV },
    // No stdin: a background process group reading the terminal would be stopped by SIGTTIN.
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
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

/** Signal the child's whole process group; SIGKILL if it is still there after `graceMs`. */
export async function stopProcessGroup(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  // wrangler may exit before workerd does; make sure nothing of the group outlives it.
  signal("SIGKILL");
}

/** Poll `url` until it answers 2xx. Fails early if `child` exits first. */
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
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
