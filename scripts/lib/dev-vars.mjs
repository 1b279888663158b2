// @ts-check
/**
 * `.dev.vars` for `npm start`: written once with fresh secrets and every carrier API pointed at the
 * simulator; on later runs read back, and completed with any carrier base added since it was written.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { BANDWIDTH_TOKEN_PATH } from "../simulator/bandwidth-auth.mjs";
import { generateAdminToken, WORKER_MIN_ADMIN_TOKEN_LENGTH } from "./admin-token.mjs";

/** The worker's carrier API bases that the simulator stands in for, each with its path there (Bandwidth's token URL has one). */
const SIMULATED = {
  TWILIO_API_BASE: "",
  TWILIO_LOOKUP_BASE: "",
  TELNYX_API_BASE: "",
  VONAGE_API_BASE: "",
  PLIVO_API_BASE: "",
  BANDWIDTH_API_BASE: "",
  PLIVO_LOOKUP_BASE: "",
  BANDWIDTH_LOOKUP_BASE: "",
  BANDWIDTH_VOICE_API_BASE: "",
  BANDWIDTH_TOKEN_URL: BANDWIDTH_TOKEN_PATH,
  VONAGE_LOOKUP_BASE: "",
};

/**
 * Each simulated var's value for the simulator at `simUrl`.
 *
 * @param {string} simUrl
 * @returns {Array<[string, string]>}
 */
export function simulatedVars(simUrl) {
  return Object.entries(SIMULATED).map(([key, path]) => [key, `${simUrl}${path}`]);
}

/**
 * KEY=VALUE lines, `#` comments, optional quotes: the subset of dotenv that .dev.vars uses.
 *
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseDevVars(text) {
  /** @type {Record<string, string>} */
  const vars = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const raw = m[2] ?? "";
    vars[m[1] ?? ""] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw.replace(/\s+#.*$/, "");
  }
  return vars;
}

/**
 * First run: fresh secrets. Later runs: the same ones, or the local database's credentials stop
 * decrypting; a base missing from a file written before its carrier is added, pointing at `simUrl`.
 *
 * @param {string} file
 * @param {string} simUrl
 * @returns {Record<string, string>}
 */
export function ensureDevVars(file, simUrl) {
  if (!existsSync(file)) {
    const vars = { ADMIN_TOKEN: generateAdminToken(), DATA_KEY: randomBytes(32).toString("base64"), ...Object.fromEntries(simulatedVars(simUrl)) };
    const text =
      "# Written by `npm start` for local development only. Never commit; never reuse in production.\n" +
      Object.entries(vars).map(([k, v]) => `${k}=${v}`).join("\n") +
      "\n";
    writeFileSync(file, text, { mode: 0o600 });
    console.log("Wrote .dev.vars (new admin token and data key).");
    return vars;
  }
  const vars = parseDevVars(readFileSync(file, "utf8"));
  for (const key of ["ADMIN_TOKEN", "DATA_KEY"]) {
    if (!vars[key]) throw new Error(`.dev.vars has no ${key}; add it, or delete .dev.vars to have one generated`);
  }
  if ((vars.ADMIN_TOKEN ?? "").length < WORKER_MIN_ADMIN_TOKEN_LENGTH) {
    throw new Error(
      `.dev.vars has an ADMIN_TOKEN of ${vars.ADMIN_TOKEN?.length} characters, and the worker keeps its admin off below ` +
        `${WORKER_MIN_ADMIN_TOKEN_LENGTH}: replace it with a generated one (openssl rand -hex 32)`,
    );
  }
  // TWILIO_API_BASE unset means api.twilio.com on purpose (someone testing a real account).
  for (const [key, value] of simulatedVars(simUrl).filter(([k]) => k !== "TWILIO_API_BASE" && k !== "TWILIO_LOOKUP_BASE")) {
    if (vars[key] !== undefined) continue;
    appendFileSync(file, `${key}=${value}\n`);
    vars[key] = value;
    console.log(`Added ${key} to .dev.vars (the simulator).`);
  }
  for (const key of ["TWILIO_API_BASE", "TELNYX_API_BASE"]) {
    if (vars[key] === simUrl) continue;
    const carrier = key.startsWith("TWILIO") ? "Twilio" : "Telnyx";
    console.warn(`Note: .dev.vars sets ${key}=${vars[key] ?? "(unset: wrangler.toml's default)"}, so ${carrier} texts will not reach the simulator at ${simUrl}.`);
  }
  return vars;
}
