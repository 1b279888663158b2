#!/usr/bin/env node
// @ts-check
/**
 * The carrier simulator (scripts/simulator/): imported by `npm start`, the node tests, the soak run
 * and the bench, or run on its own:
 *
 *   node scripts/simulator.mjs --port 8788 --worker http://127.0.0.1:8787 [--telnyx +1… (repeatable)] [--vonage +1… (repeatable)]
 *
 * The endpoints it serves are listed in scripts/simulator/control.mjs.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_ACCOUNT, DEMO_TELNYX_KEY_SEED, demoVonageApplication, startSimulator } from "./simulator/index.mjs";

export * from "./simulator/index.mjs";

/**
 * @param {string[]} argv
 * @returns {{ port: number, worker: string, telnyx: string[], vonage: string[] }}
 */
function parseArgs(argv) {
  const args = { port: 8788, worker: "http://127.0.0.1:8787", telnyx: /** @type {string[]} */ ([]), vonage: /** @type {string[]} */ ([]) };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    const eq = token.indexOf("=");
    const flag = eq === -1 ? token : token.slice(0, eq);
    const value = eq === -1 ? argv[++i] : token.slice(eq + 1);
    if (flag === "--port" && value !== undefined) args.port = Number(value);
    else if (flag === "--worker" && value !== undefined) args.worker = value;
    else if (flag === "--telnyx" && value !== undefined) args.telnyx.push(value);
    else if (flag === "--vonage" && value !== undefined) args.vonage.push(value);
    else throw new Error(`bad option ${token} (use --port N --worker URL [--telnyx +1… | --vonage +1… (a Telnyx or Vonage number, repeatable)])`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error("--port must be 0..65535");
  return args;
}

async function main() {
  let sim, args;
  try {
    args = parseArgs(process.argv.slice(2));
    // The demo key, so a Telnyx number registered by `npm start` verifies here too.
    // And the Vonage demo application's key that `npm start` kept, if there is one.
    const vonageKey = fileURLToPath(new URL("../.vonage-demo.key", import.meta.url));
    const vonageApplications = existsSync(vonageKey) ? [demoVonageApplication(readFileSync(vonageKey, "utf8"))] : undefined;
    sim = await startSimulator({ port: args.port, workerUrl: args.worker, telnyxNumbers: args.telnyx, telnyxKeySeed: DEMO_TELNYX_KEY_SEED, vonageNumbers: args.vonage, vonageApplications });
  } catch (e) {
    const err = /** @type {{ code?: string, message?: string }} */ (e);
    console.error(err.code === "EADDRINUSE" ? `port in use: ${err.message}` : err.message);
    process.exit(1);
  }
  console.log(`[sim] Twilio, Telnyx and Vonage simulator on ${sim.url} (worker ${args.worker}); demo account ${DEMO_ACCOUNT.accountSid}; Telnyx public key ${sim.telnyxPublicKey}`);
  const stop = () => sim.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
