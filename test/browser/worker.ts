/**
 * The real worker under `wrangler dev` with the Twilio simulator as its carrier, booted the way
 * test/e2e does: a frozen dry-run bundle (no hot reload mid-test), migrations into a temp persist
 * dir, and an env file that replaces .dev.vars entirely.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, runWrangler, spawnWranglerDev, stopWrangler, waitForHttp } from "../../scripts/dev-env.mjs";
import { startSimulator, type SimAccount, type Simulator } from "../../scripts/simulator.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunningWorker {
  url: string;
  adminToken: string;
  sim: Simulator;
  /** wrangler's and the simulator's output, to show when something fails. */
  logs: string[];
  stop(): Promise<void>;
}

export async function startWorker(accounts: SimAccount[]): Promise<RunningWorker> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "textback-browser-"));
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
    sim = await startSimulator({ port: 0, workerUrl: url, accounts, log: (line) => logs.push(line) });
    await runWrangler(ROOT, ["deploy", "--dry-run", "--outdir", bundleDir], { quiet: true });
    await runWrangler(ROOT, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { quiet: true });
    await writeFile(
      envFile,
      [`ADMIN_TOKEN=${adminToken}`, `DATA_KEY=${randomBytes(32).toString("base64")}`, `TWILIO_API_BASE=${sim.url}`, "OUTBOX_RETRY_BASE_SECONDS=0"].join("\n") + "\n",
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
        env: { CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "true", CLOUDFLARE_INCLUDE_PROCESS_ENV: "false" },
      },
    );
    await waitForHttp(`${url}/healthz`, { child: worker, timeoutMs: 90_000 });
    return { url, adminToken, sim, logs, stop };
  } catch (e) {
    await stop();
    throw new Error(`worker setup failed: ${String(e)}\n--- output ---\n${logs.slice(-40).join("\n")}`);
  }
}
