// @ts-check
/**
 * The real worker under `wrangler dev` wired to the carrier simulator, as the node tests and the
 * soak run boot it: both carrier APIs point at the simulator, the simulator's webhooks at the
 * worker, with a fresh admin token and data key. The worker is the frozen bundle of
 * `startFrozenWorker` (scripts/dev-env.mjs), so nothing reloads mid-run.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startFrozenWorker } from "../dev-env.mjs";
import { BANDWIDTH_TOKEN_PATH, startSimulator } from "../simulator.mjs";
import { adminApi } from "./admin-client.mjs";
import { generateAdminToken } from "./admin-token.mjs";

/** @import { ChildProcess } from "node:child_process" */
/** @import { Simulator, SimulatorOptions } from "../simulator.mjs" */
/** @import { AdminApi } from "./admin-client.mjs" */
/** @import { FrozenBuild } from "../dev-env.mjs" */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The simulator's carrier accounts and numbers; its port, worker URL, admin token and log are set here.
 *
 * @typedef {Omit<SimulatorOptions, "port" | "workerUrl" | "log" | "adminToken">} SimulatorSetup
 */

/**
 * @typedef {object} LocalWorker
 * @property {string} url
 * @property {string} adminToken
 * @property {AdminApi} admin
 * @property {Simulator} sim
 * @property {ChildProcess} worker
 */

/**
 * Start the simulator, then the worker. If the worker never comes up, the simulator is closed
 * again before this throws. A port picked free can be taken before wrangler binds it (another test
 * file starting at the same moment): then it starts again on fresh ports, up to three times.
 *
 * @param {object} options
 * @param {string} options.dir where the bundle, the local state and the env file go
 * @param {SimulatorSetup} [options.simulator]
 * @param {number} options.retryBaseSeconds the outbox's first retry delay (OUTBOX_RETRY_BASE_SECONDS)
 * @param {(line: string) => void} options.onLine wrangler's and the simulator's output, line by line
 * @param {(child: ChildProcess) => void} [options.onSpawn] wrangler, as soon as it is spawned
 * @param {FrozenBuild} [options.build] a bundle and migrated state made beforehand (else made in `dir`)
 * @returns {Promise<LocalWorker>}
 */
export async function startLocalWorker(options) {
  for (let attempt = 1; ; attempt++) {
    let portTaken = false;
    const onLine = (/** @type {string} */ line) => {
      if (line.includes("Address already in use")) portTaken = true;
      options.onLine(line);
    };
    try {
      return await startOnce({ ...options, onLine });
    } catch (e) {
      if (!portTaken || attempt === 3) throw e;
    }
  }
}

/** @param {Parameters<typeof startLocalWorker>[0]} options */
async function startOnce({ dir, simulator = {}, retryBaseSeconds, onLine, onSpawn, build }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminToken = generateAdminToken();
  const sim = await startSimulator({ ...simulator, port: 0, workerUrl: url, adminToken, log: onLine });
  try {
    const worker = await startFrozenWorker(ROOT, {
      dir,
      port,
      vars: {
        ADMIN_TOKEN: adminToken,
        DATA_KEY: randomBytes(32).toString("base64"),
        TWILIO_API_BASE: sim.url,
        TWILIO_LOOKUP_BASE: sim.url,
        TELNYX_API_BASE: sim.url,
        VONAGE_API_BASE: sim.url,
        PLIVO_API_BASE: sim.url,
        BANDWIDTH_API_BASE: sim.url,
        PLIVO_LOOKUP_BASE: sim.url,
        BANDWIDTH_LOOKUP_BASE: sim.url,
        VONAGE_LOOKUP_BASE: sim.url,
        BANDWIDTH_VOICE_API_BASE: sim.url,
        BANDWIDTH_TOKEN_URL: `${sim.url}${BANDWIDTH_TOKEN_PATH}`,
        OUTBOX_RETRY_BASE_SECONDS: String(retryBaseSeconds),
      },
      build,
      onLine,
      onSpawn,
    });
    return { url, adminToken, admin: adminApi(url, adminToken), sim, worker };
  } catch (e) {
    await sim.close();
    throw e;
  }
}
