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
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { killNow, OFFLINE_ENV, runWrangler, spawnWranglerDev, stopWrangler, waitForHttp } from "./dev-env.mjs";
import { adminApi } from "./lib/admin-client.mjs";
import { generateAdminToken, WORKER_MIN_ADMIN_TOKEN_LENGTH } from "./lib/admin-token.mjs";
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

/** KEY=VALUE lines, `#` comments, optional quotes: the subset of dotenv that .dev.vars uses. */
function parseDevVars(text) {
  const vars = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const raw = m[2];
    vars[m[1]] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw.replace(/\s+#.*$/, "");
  }
  return vars;
}

/** First run: fresh secrets. Later runs: the same ones, or the local database's credentials stop decrypting. */
function ensureDevVars() {
  if (!existsSync(DEV_VARS)) {
    const vars = {
      ADMIN_TOKEN: generateAdminToken(),
      DATA_KEY: randomBytes(32).toString("base64"),
      TWILIO_API_BASE: SIM_URL,
      TWILIO_LOOKUP_BASE: SIM_URL,
      TELNYX_API_BASE: SIM_URL,
      VONAGE_API_BASE: SIM_URL,
      PLIVO_API_BASE: SIM_URL,
      BANDWIDTH_API_BASE: SIM_URL,
      PLIVO_LOOKUP_BASE: SIM_URL,
      BANDWIDTH_LOOKUP_BASE: SIM_URL,
      BANDWIDTH_VOICE_API_BASE: SIM_URL,
      VONAGE_LOOKUP_BASE: SIM_URL,
    };
    const text =
      "# Written by `npm start` for local development only. Never commit; never reuse in production.\n" +
      Object.entries(vars).map(([k, v]) => `${k}=${v}`).join("\n") +
      "\n";
    writeFileSync(DEV_VARS, text, { mode: 0o600 });
    console.log("Wrote .dev.vars (new admin token and data key).");
    return vars;
  }
  const vars = parseDevVars(readFileSync(DEV_VARS, "utf8"));
  for (const key of ["ADMIN_TOKEN", "DATA_KEY"]) {
    if (!vars[key]) throw new Error(`.dev.vars has no ${key}; add it, or delete .dev.vars to have one generated`);
  }
  if (vars.ADMIN_TOKEN.length < WORKER_MIN_ADMIN_TOKEN_LENGTH) {
    throw new Error(
      `.dev.vars has an ADMIN_TOKEN of ${vars.ADMIN_TOKEN.length} characters, and the worker keeps its admin off below ` +
        `${WORKER_MIN_ADMIN_TOKEN_LENGTH}: replace it with a generated one (openssl rand -hex 32)`,
    );
  }
  if (vars.TELNYX_API_BASE === undefined) {
    // Written by an `npm start` from before Telnyx: point the Telnyx API at the simulator too.
    appendFileSync(DEV_VARS, `TELNYX_API_BASE=${SIM_URL}\n`);
    vars.TELNYX_API_BASE = SIM_URL;
    console.log("Added TELNYX_API_BASE to .dev.vars (the simulator).");
  } else if (vars.TELNYX_API_BASE !== SIM_URL) {
    console.warn(`Note: .dev.vars sets TELNYX_API_BASE=${vars.TELNYX_API_BASE}, so Telnyx texts will not reach the simulator at ${SIM_URL}.`);
  }
  if (vars.VONAGE_API_BASE === undefined) {
    appendFileSync(DEV_VARS, `VONAGE_API_BASE=${SIM_URL}\n`);
    vars.VONAGE_API_BASE = SIM_URL;
    console.log("Added VONAGE_API_BASE to .dev.vars (the simulator).");
  }
  if (vars.PLIVO_API_BASE === undefined) {
    // Written by an `npm start` from before Plivo: point the Plivo API at the simulator too.
    appendFileSync(DEV_VARS, `PLIVO_API_BASE=${SIM_URL}\n`);
    vars.PLIVO_API_BASE = SIM_URL;
    console.log("Added PLIVO_API_BASE to .dev.vars (the simulator).");
  }
  if (vars.BANDWIDTH_API_BASE === undefined) {
    appendFileSync(DEV_VARS, `BANDWIDTH_API_BASE=${SIM_URL}\n`);
    vars.BANDWIDTH_API_BASE = SIM_URL;
    console.log("Added BANDWIDTH_API_BASE to .dev.vars (the simulator).");
  }
  for (const key of ["PLIVO_LOOKUP_BASE", "BANDWIDTH_LOOKUP_BASE", "BANDWIDTH_VOICE_API_BASE", "VONAGE_LOOKUP_BASE"]) {
    // Written by an `npm start` from before those carriers' lookups and voicemail reads (or Vonage's
    // Identity Insights): point them at the simulator too.
    if (vars[key] !== undefined) continue;
    appendFileSync(DEV_VARS, `${key}=${SIM_URL}\n`);
    vars[key] = SIM_URL;
    console.log(`Added ${key} to .dev.vars (the simulator).`);
  }
  if (vars.TWILIO_API_BASE !== SIM_URL) {
    console.warn(
      `Note: .dev.vars sets TWILIO_API_BASE=${vars.TWILIO_API_BASE ?? "(unset: wrangler.toml's api.twilio.com)"}, ` +
        `so texts will not reach the simulator at ${SIM_URL}.`,
    );
  }
  return vars;
}

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
  if (!has(DEMO_BANDWIDTH_NUMBER)) {
    const { accountId, applicationId, username, password, callbackUsername, callbackPassword } = DEMO_BANDWIDTH_ACCOUNT;
    const credentials = { accountId, applicationId, username, password, callbackUsername, callbackPassword };
    await add({ e164: DEMO_BANDWIDTH_NUMBER, carrier: "bandwidth", credentials, mode: "forward" });
  }
  // What an owner does next: "Configure for me" points each new number's URLs at this worker in
  // the simulator's carrier APIs, so the numbers page's check shows the demo set up as it works.
  for (const number of added) {
    await admin("POST", `/businesses/${business.id}/numbers/${number.id}/configure`).catch((e) => {
      console.warn(`Note: could not configure ${number.e164} at the simulator (${String(e?.message ?? e)}); the numbers page's check will say what is not set.`);
    });
  }
  return { business, created: !existing };
}

/** The demo Vonage application, with the key kept from the first run (made and kept now if there is none). */
function vonageDemoApplication() {
  if (existsSync(VONAGE_DEMO_KEY)) return demoVonageApplication(readFileSync(VONAGE_DEMO_KEY, "utf8"));
  const app = demoVonageApplication();
  writeFileSync(VONAGE_DEMO_KEY, app.privateKeyPem, { mode: 0o600 });
  return app;
}

function banner({ token, business, created }) {
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
    "      npm run call",
    `      npm run call -- --to ${DEMO_TELNYX_NUMBER}     (the same through Telnyx)`,
    `      npm run call -- --carrier vonage         (the same through Vonage, to ${DEMO_VONAGE_NUMBER})`,
    `      npm run call -- --carrier plivo           (the same through Plivo; or --carrier bandwidth)`,
    "",
    "  (npm run call -- --outcome busy | answered | voicemail …  ·  --from +14152345678)",
    "  Ctrl-C stops everything.",
    "",
  ];
  console.log(lines.join("\n"));
}

async function main() {
  const vars = ensureDevVars();

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

  const worker = spawnWranglerDev(ROOT, ["--ip", HOST, "--port", String(WORKER_PORT), "--show-interactive-dev-session=false"], {
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
