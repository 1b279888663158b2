#!/usr/bin/env node
/**
 * `npm start`: the whole system on this machine, offline, with no carrier account.
 *
 *   1. write .dev.vars on first run (admin token, data key, Twilio, Telnyx and Vonage APIs → the simulator)
 *   2. apply the D1 migrations to the local database
 *   3. start the carrier simulator (Twilio, Telnyx, Vonage, Plivo and Bandwidth) on 127.0.0.1:8788 (SIM_PORT)
 *   4. start `wrangler dev` on 127.0.0.1:8787 (PORT) and wait for /healthz
 *   5. seed a demo business with a number at each carrier through the admin API (once), and "Configure for me" each
 *   6. print how to place a missed call
 *
 * Ctrl-C stops the worker and the simulator.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { killNow, OFFLINE_ENV, runWrangler, spawnWranglerDev, stopWrangler, waitForHttp } from "./dev-env.mjs";
import { adminApi } from "./lib/admin-client.mjs";
import { ensureDevVars } from "./lib/dev-vars.mjs";
import { DEMO_ACCOUNT, DEMO_BANDWIDTH_ACCOUNT, DEMO_BANDWIDTH_NUMBER, DEMO_PLIVO_ACCOUNT, DEMO_PLIVO_NUMBER, DEMO_TELNYX_ACCOUNT, DEMO_TELNYX_KEY_SEED, DEMO_TELNYX_NUMBER, DEMO_VONAGE_NUMBER, demoVonageApplication, startSimulator } from "./simulator.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEV_VARS = path.join(ROOT, ".dev.vars");
/** The Vonage demo application's private key, kept so the number registered with it keeps sending (git-ignored). */
const VONAGE_DEMO_KEY = path.join(ROOT, ".vonage-demo.key");
const HOST = "127.0.0.1";
/** `PORT=9787 SIM_PORT=9788 npm start` when 8787 or 8788 is taken (`npm run call` reads the same two). */
const WORKER_PORT = port("PORT", 8787);
const SIM_PORT = port("SIM_PORT", 8788);
const WORKER_URL = `http://${HOST}:${WORKER_PORT}`;
const SIM_URL = `http://${HOST}:${SIM_PORT}`;

export const DEMO_BUSINESS = Object.freeze({
  name: "Acme Plumbing",
  timezone: "America/Chicago",
  forwardTo: "+13122345678",
  // The owner's phone: qualified leads' summaries and relayed replies reach it in the simulator.
  notifyPhone: "+13122345699",
  bookingUrl: "https://acme.example/book",
  // Questions, urgent words and job values of a plumber: a missed call becomes a qualified lead.
  preset: "home_services",
});
export const DEMO_NUMBER = "+15122345678";
export { DEMO_TELNYX_NUMBER, DEMO_VONAGE_NUMBER };

function port(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name}=${raw} is not a port (1-65535)`);
  return n;
}

// Children (wrangler, workerd) inherit these.
Object.assign(process.env, OFFLINE_ENV);

/**
 * Create the demo business and its numbers, whichever are missing (re-runs are no-ops; a database
 * seeded before Telnyx gains the Telnyx number). The Telnyx number's public key is the simulator's.
 */
async function seed(token, telnyxPublicKey, vonage) {
  const admin = adminApi(WORKER_URL, token);
  const { businesses } = await admin("GET", "/businesses");
  const existing = businesses.find((b) => b.name === DEMO_BUSINESS.name);
  const business = existing ?? (await admin("POST", "/businesses", DEMO_BUSINESS));
  const { numbers = [] } = existing ? await admin("GET", `/businesses/${business.id}`) : {};
  const has = (e164) => numbers.some((n) => n.e164 === e164);
  const added = [];
  const add = async (number) => added.push(await admin("POST", `/businesses/${business.id}/numbers`, number));
  if (!has(DEMO_NUMBER)) {
    await add({
      e164: DEMO_NUMBER,
      carrier: "twilio",
      credentials: DEMO_ACCOUNT,
      mode: "forward",
    });
  }
  if (!has(DEMO_TELNYX_NUMBER)) {
    await add({
      e164: DEMO_TELNYX_NUMBER,
      carrier: "telnyx",
      credentials: { apiKey: DEMO_TELNYX_ACCOUNT.apiKey, publicKey: telnyxPublicKey },
      mode: "forward",
    });
  }
  if (!has(DEMO_VONAGE_NUMBER)) {
    const { privateKeyPem, ...app } = vonage;
    await add({
      e164: DEMO_VONAGE_NUMBER,
      carrier: "vonage",
      credentials: { ...app, privateKey: privateKeyPem },
      mode: "forward",
    });
  }
  if (!has(DEMO_PLIVO_NUMBER)) {
    await add({ e164: DEMO_PLIVO_NUMBER, carrier: "plivo", credentials: DEMO_PLIVO_ACCOUNT, mode: "forward" });
  }
  const bandwidth = numbers.find((n) => n.e164 === DEMO_BANDWIDTH_NUMBER);
  if (!bandwidth) await add({ e164: DEMO_BANDWIDTH_NUMBER, carrier: "bandwidth", credentials: { ...DEMO_BANDWIDTH_ACCOUNT }, mode: "forward" });
  else await renewBandwidthDemo(admin, business.id, bandwidth.id);
  // What an owner does next: "Configure for me" points each new number's URLs at this worker in
  // the simulator's carrier APIs, so the numbers page's check shows the demo set up as it works.
  for (const number of added) {
    await admin("POST", `/businesses/${business.id}/numbers/${number.id}/configure`).catch((e) => {
      console.warn(`Note: could not configure ${number.e164} at the simulator (${String(e?.message ?? e)}); the numbers page's check will say what is not set.`);
    });
  }
  return { business, created: !existing };
}

/**
 * A demo Bandwidth number seeded before Bandwidth retired API users still has the demo API user:
 * its check says so, and it gets the demo API credential instead.
 *
 * @param {import("./lib/admin-client.mjs").AdminApi} admin
 * @param {string} businessId
 * @param {string} numberId
 */
async function renewBandwidthDemo(admin, businessId, numberId) {
  const path = `/businesses/${businessId}/numbers/${numberId}`;
  const refused = await admin("GET", `${path}/check`).then(
    () => null,
    (e) => String(e?.message ?? e),
  );
  if (!refused?.includes("stopped accepting API users")) return;
  await admin("PATCH", path, { credentials: { ...DEMO_BANDWIDTH_ACCOUNT } });
  console.log(`Gave the demo Bandwidth number ${DEMO_BANDWIDTH_NUMBER} the demo API credential (client ID and secret) in place of its retired API user.`);
}

/** The demo Vonage application, with the key kept from the first run (made and kept now if there is none). */
function vonageDemoApplication() {
  if (existsSync(VONAGE_DEMO_KEY)) return demoVonageApplication(readFileSync(VONAGE_DEMO_KEY, "utf8"));
  const app = demoVonageApplication();
  writeFileSync(VONAGE_DEMO_KEY, app.privateKeyPem, { mode: 0o600 });
  return app;
}

function banner({ token, business, created }) {
  // `npm run call` finds the worker and the simulator on the same ports only when told them.
  const ports = [WORKER_PORT !== 8787 ? `PORT=${WORKER_PORT}` : "", SIM_PORT !== 8788 ? `SIM_PORT=${SIM_PORT}` : ""].filter(Boolean);
  const call = [...ports, "npm run call"].join(" ");
  const lines = [
    "",
    "  Textback is running locally (offline).",
    "",
    `  Admin page  ${WORKER_URL}/admin   (log in with the admin token below)`,
    `  Simulator   ${SIM_URL}   (place a call, reply as the caller, answer as the owner)`,
    `  Admin API   ${WORKER_URL}/api   Authorization: Bearer <token>`,
    `  Token       ${token}   (in .dev.vars)`,
    `  Demo        ${business.name} (${business.id}${created ? ", just created" : ""})`,
    `              numbers ${DEMO_NUMBER} (Twilio), ${DEMO_TELNYX_NUMBER} (Telnyx), ${DEMO_VONAGE_NUMBER} (Vonage), ${DEMO_PLIVO_NUMBER} (Plivo), ${DEMO_BANDWIDTH_NUMBER} (Bandwidth)`,
    "",
    `  Try it: open ${SIM_URL}, press "Place call", then reply as the caller. Or, in another terminal:`,
    "",
    `      ${call}`,
    `      ${call} -- --to ${DEMO_TELNYX_NUMBER}     (the same through Telnyx)`,
    `      ${call} -- --carrier vonage         (the same through Vonage, to ${DEMO_VONAGE_NUMBER})`,
    `      ${call} -- --carrier plivo           (the same through Plivo; or --carrier bandwidth)`,
    "",
    `  (${call} -- --outcome busy | answered | voicemail …  ·  --from +14152345678)`,
    "  Ctrl-C stops everything.",
    "",
  ];
  console.log(lines.join("\n"));
}

async function main() {
  const vars = ensureDevVars(DEV_VARS, SIM_URL);

  // wrangler redraws its migrations table once per step; one line says the same.
  const applied = await runWrangler(ROOT, ["d1", "migrations", "apply", "DB", "--local"], { quiet: true });
  const count = new Set(applied.match(/\d{4}_[\w-]+\.sql/g) ?? []).size;
  console.log(count > 0 ? `Local database: applied ${count} migration${count === 1 ? "" : "s"}.` : "Local database: up to date.");

  let sim;
  const vonage = vonageDemoApplication();
  try {
    sim = await startSimulator({
      port: SIM_PORT,
      host: HOST,
      workerUrl: WORKER_URL,
      // The page asks the worker which carrier a number someone added is on.
      adminToken: vars.ADMIN_TOKEN,
      telnyxNumbers: [DEMO_TELNYX_NUMBER],
      plivoNumbers: [DEMO_PLIVO_NUMBER],
      bandwidthNumbers: [DEMO_BANDWIDTH_NUMBER],
      // The page offers the demo numbers (every carrier's; any other can be typed), and answers as the demo owner.
      businessNumbers: [DEMO_NUMBER, DEMO_TELNYX_NUMBER],
      ownerPhone: DEMO_BUSINESS.notifyPhone,
      // A fixed key, so the public key stored with the demo number on the first run keeps verifying.
      telnyxKeySeed: DEMO_TELNYX_KEY_SEED,
      vonageApplications: [vonage],
      vonageNumbers: [DEMO_VONAGE_NUMBER],
    });
  } catch (e) {
    if (e.code === "EADDRINUSE") throw new Error(`port ${SIM_PORT} is in use: is another \`npm start\` running? (SIM_PORT=… npm start picks another)`);
    throw e;
  }

  // Event subscribers on this machine (http://127.0.0.1:…, localhost) are allowed here only: a
  // deployed worker never gets this var, and refuses them (src/rules/subscriber-url.ts).
  const local = ["--var", "ALLOW_LOCAL_SUBSCRIBERS:true"];
  const worker = spawnWranglerDev(ROOT, ["--ip", HOST, "--port", String(WORKER_PORT), ...local, "--show-interactive-dev-session=false"], {
    onLine: (line) => console.log(`[worker] ${line}`),
  });

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await stopWrangler(worker);
    await sim.close();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
  // Last resort on any other exit path: never leave workerd running behind us.
  process.once("exit", () => killNow(worker));
  // `kill <npm pid>` (what process managers and `timeout npm start` do) does not reach us: npm only
  // signals its shell. Notice being orphaned instead, and stop as if interrupted.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop(0), 1000).unref();
  worker.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`wrangler dev stopped (${code ?? signal}); stopping the simulator.`);
    void stop(code || 1);
  });

  try {
    await waitForHttp(`${WORKER_URL}/healthz`, { child: worker });
    const seeded = await seed(vars.ADMIN_TOKEN, sim.telnyxPublicKey, vonage);
    banner({ token: vars.ADMIN_TOKEN, ...seeded });
  } catch (e) {
    console.error(String(e?.message ?? e));
    await stop(1);
  }
}

main().catch((e) => {
  console.error(String(e?.message ?? e));
  process.exit(1);
});
