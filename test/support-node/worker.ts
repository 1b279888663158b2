/**
 * The real worker under `wrangler dev` with the carrier simulator, as test/e2e and test/browser boot
 * it (scripts/lib/local-worker.mjs), in a temp dir removed on stop: the run's bundle, on a copy of
 * its migrated D1 of its own (./frozen-build.ts). Node only (the workers tests use test/support).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeEach } from "vitest";
import { stopWrangler } from "../../scripts/dev-env.mjs";
import type { AdminApi } from "../../scripts/lib/admin-client.mjs";
import { startLocalWorker, type SimulatorSetup } from "../../scripts/lib/local-worker.mjs";
import type { Simulator } from "../../scripts/simulator.mjs";
import { frozenBuild } from "./frozen-build";

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
    // A zero retry base makes the outbox retry at once (local queues honour delaySeconds: 0).
    const build = await frozenBuild();
    const local = await startLocalWorker({ dir: tmp, simulator, retryBaseSeconds: 0, onLine: (line) => logs.push(line), build });
    ({ worker, sim } = local);
    const running: RunningWorker = { url: local.url, adminToken: local.adminToken, sim, logs, admin: local.admin, stop };
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
