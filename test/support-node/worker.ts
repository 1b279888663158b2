/**
 * The real worker under `wrangler dev` with the carrier simulator, as test/e2e and test/browser boot
 * it: a frozen dry-run bundle, migrations into a temp persist dir, and an env file that replaces
 * .dev.vars entirely. Node only (the workers tests use test/support).
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach } from "vitest";
import { freePort, startFrozenWorker, stopWrangler } from "../../scripts/dev-env.mjs";
import { adminApi, type AdminApi } from "../../scripts/lib/admin-client.mjs";
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
  admin: AdminApi;
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
    sim = await startSimulator({ ...simulator, port: 0, workerUrl: url, log: (line) => logs.push(line) });
    // Both carrier APIs point at the simulator. A zero retry base makes the outbox retry at once
    // (local queues honour delaySeconds: 0).
    worker = await startFrozenWorker(ROOT, {
      dir: tmp,
      port,
      vars: {
        ADMIN_TOKEN: adminToken,
        DATA_KEY: randomBytes(32).toString("base64"),
        TWILIO_API_BASE: sim.url,
        TELNYX_API_BASE: sim.url,
        OUTBOX_RETRY_BASE_SECONDS: "0",
      },
      onLine: (line) => logs.push(line),
    });

    const running: RunningWorker = { url, adminToken, sim, logs, admin: adminApi(url, adminToken), stop };
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
