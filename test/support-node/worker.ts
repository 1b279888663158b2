/**
 * The real worker under `wrangler dev` with the carrier simulator, as test/e2e and test/browser boot
 * it: a frozen dry-run bundle, migrations into a temp persist dir, and an env file that replaces
 * .dev.vars entirely. Node only (the workers tests use test/support).
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach } from "vitest";
import { freePort, runWrangler, spawnWranglerDev, stopWrangler, waitForHttp } from "../../scripts/dev-env.mjs";
import { startSimulator, type Simulator } from "../../scripts/simulator.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The simulator's carrier accounts and numbers; its port, worker URL and log are the helper's. */
export type SimulatorSetup = Omit<NonNullable<Parameters<typeof startSimulator>[0]>, "port" | "workerUrl" | "log">;

export interface RunningWorker {
  url: string;
  adminToken: string;
  sim: Simulator;
  /** wrangler's and the simulator's output, to show when something fails. */
  logs: string[];
  /** Call the admin JSON API; throws on a non-2xx answer. */
  admin<T = any>(method: string, pathname: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Boot the simulator and the worker, then run `setup` (e.g. create a business over the admin API).
 * A failure anywhere stops what was started and throws with the last lines of output.
 */
export async function startWorker(simulator: SimulatorSetup = {}, setup?: (w: RunningWorker) => Promise<void>): Promise<RunningWorker> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "textback-worker-"));
  const logs: string[] = [];
  let worker: ChildProcess | undefined;
  let sim: Simulator | undefined;
  const stop = async () => {
    await stopWrangler(worker);
    await sim?.close();
    await rm(tmp, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const adminToken = randomBytes(16).toString("hex");
    const bundleDir = path.join(tmp, "dist");
    const state = path.join(tmp, "state");
    const envFile = path.join(tmp, "worker.env");
    sim = await startSimulator({ ...simulator, port: 0, workerUrl: url, log: (line) => logs.push(line) });

    // Serve a snapshot of the worker, bundled once: `wrangler dev` hot-reloads on every save under
    // src/, and a reload drops whatever sits in the local queue, mid-test.
    await runWrangler(ROOT, ["deploy", "--dry-run", "--outdir", bundleDir], { quiet: true });
    await runWrangler(ROOT, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { quiet: true });

    // --env-file replaces .dev.vars entirely (--var would only override the keys it names, and a
    // developer's PUBLIC_BASE_URL or TWILIO_API_BASE would leak in). Secrets stay out of argv.
    // Both carrier APIs point at the simulator. A zero retry base makes the outbox retry at once
    // (local queues honour delaySeconds: 0).
    await writeFile(
      envFile,
      [
        `ADMIN_TOKEN=${adminToken}`,
        `DATA_KEY=${randomBytes(32).toString("base64")}`,
        `TWILIO_API_BASE=${sim.url}`,
        `TELNYX_API_BASE=${sim.url}`,
        "OUTBOX_RETRY_BASE_SECONDS=0",
      ].join("\n") + "\n",
      { mode: 0o600 },
    );
    worker = spawnWranglerDev(
      ROOT,
      [
        path.join(bundleDir, "index.js"),
        "--config", path.join(ROOT, "wrangler.toml"),
        "--no-bundle",
        "--ip", "127.0.0.1",
        "--port", String(port),
        "--inspector-port", String(await freePort()),
        "--persist-to", state,
        "--env-file", envFile,
        "--show-interactive-dev-session=false",
      ],
      {
        onLine: (line) => logs.push(line),
        // Pin the two switches that would make wrangler ignore the env file or add the shell's env.
        env: { CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "true", CLOUDFLARE_INCLUDE_PROCESS_ENV: "false" },
      },
    );
    await waitForHttp(`${url}/healthz`, { child: worker, timeoutMs: 90_000 });

    const admin = async (method: string, pathname: string, body?: unknown) => {
      const res = await fetch(`${url}/api${pathname}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} /api${pathname} → ${res.status} ${await res.text()}`);
      return res.json();
    };
    const running: RunningWorker = { url, adminToken, sim, logs, admin, stop };
    await setup?.(running);
    return running;
  } catch (e) {
    await stop();
    throw new Error(`worker setup failed: ${String(e)}\n--- output ---\n${logs.slice(-40).join("\n")}`);
  }
}

/** Print the worker's and the simulator's output of a test when that test fails. */
export function showOutputOnFailure(worker: () => RunningWorker | undefined): void {
  beforeEach(({ onTestFailed }) => {
    const from = worker()?.logs.length ?? 0;
    onTestFailed(() => console.error(`--- worker and simulator output during the test ---\n${worker()?.logs.slice(from).join("\n")}`));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `check` until it returns something truthy; throws after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}
