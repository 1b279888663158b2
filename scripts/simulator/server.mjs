// @ts-check
/** The simulator's HTTP server: the carriers' APIs and its own control endpoints on one port. */
import { createServer } from "node:http";
import { CONTROL_ROUTES } from "./control.mjs";
import { BANDWIDTH_SEND_PATH, createBandwidthMessage } from "./bandwidth.mjs";
import { BANDWIDTH_TOKEN_PATH, issueBandwidthToken } from "./bandwidth-auth.mjs";
import { DEMO_ACCOUNT, DEMO_BANDWIDTH_ACCOUNT, DEMO_PLIVO_ACCOUNT, DEMO_TELNYX_ACCOUNT, demoVonageApplication } from "./demo.mjs";
import { placeCallAs, sendSmsAs } from "./dispatch.mjs";
import { readBody, sendJson } from "./http.mjs";
import { randomUsNumber } from "./calls.mjs";
import { numberSettingsRoute } from "./number-settings.mjs";
import { createPlivoMessage, PLIVO_SEND_PATH } from "./plivo.mjs";
import { createStore } from "./store.mjs";
import { createTelnyxMessage, telnyxErrors, TELNYX_TRANSFER_PATH, transferTelnyxCall } from "./telnyx-api.mjs";
import { telnyxKeyPair } from "./telnyx-keys.mjs";
import {
  BANDWIDTH_LOOKUP_PATH,
  bandwidthLookup,
  PLIVO_LOOKUP_PATH,
  plivoLookup,
  telnyxLookup,
  TELNYX_LOOKUP_PATH,
  TWILIO_LOOKUP_PATH,
  twilioLookup,
  VONAGE_INSIGHTS_PATH,
  vonageIdentityInsights,
} from "./lookup-api.mjs";
import { createTwilioMessage, MESSAGES_PATH, twilioError } from "./twilio-api.mjs";
import { createVonageMessage, VONAGE_MESSAGES_PATH } from "./vonage-api.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { AddressInfo } from "node:net" */
/** @import { SimContext } from "./context.mjs" */
/** @import { Simulator, SimulatorOptions } from "./types.mjs" */

/**
 * The carriers' send APIs and number lookups; undefined when the request is for none of them.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} method
 * @param {URL} url
 * @returns {Promise<string | undefined>}
 */
async function carrierRoute(ctx, req, res, method, url) {
  const p = url.pathname;
  if (method === "GET") {
    const twilio = TWILIO_LOOKUP_PATH.exec(p);
    if (twilio) return twilioLookup(ctx, req, res, decodeURIComponent(twilio[1] ?? ""));
    const telnyx = TELNYX_LOOKUP_PATH.exec(p);
    if (telnyx) return telnyxLookup(ctx, req, res, decodeURIComponent(telnyx[1] ?? ""));
    const plivo = PLIVO_LOOKUP_PATH.exec(p);
    if (plivo) return plivoLookup(ctx, req, res, decodeURIComponent(plivo[1] ?? ""));
  }
  const settings = await numberSettingsRoute(ctx, req, res, method, url);
  if (settings !== undefined) return settings;
  if (method !== "POST") return undefined;
  if (p === BANDWIDTH_TOKEN_PATH) return issueBandwidthToken(ctx, req, res, await readBody(req));
  const bandwidthAsk = BANDWIDTH_LOOKUP_PATH.exec(p);
  if (bandwidthAsk) return bandwidthLookup(ctx, req, res, decodeURIComponent(bandwidthAsk[1] ?? ""), await readBody(req));
  if (p === VONAGE_INSIGHTS_PATH) return vonageIdentityInsights(ctx, req, res, await readBody(req));
  const twilioSend = MESSAGES_PATH.exec(p);
  if (twilioSend) return createTwilioMessage(ctx, req, res, decodeURIComponent(twilioSend[1] ?? ""), await readBody(req));
  const plivoSend = PLIVO_SEND_PATH.exec(p);
  if (plivoSend) return createPlivoMessage(ctx, req, res, decodeURIComponent(plivoSend[1] ?? ""), await readBody(req));
  const bandwidthSend = BANDWIDTH_SEND_PATH.exec(p);
  if (bandwidthSend) return createBandwidthMessage(ctx, req, res, decodeURIComponent(bandwidthSend[1] ?? ""), await readBody(req));
  if (p === "/v2/messages") return createTelnyxMessage(ctx, req, res, await readBody(req));
  if (p === VONAGE_MESSAGES_PATH) return createVonageMessage(ctx, req, res, await readBody(req));
  const transfer = TELNYX_TRANSFER_PATH.exec(p);
  if (transfer) return transferTelnyxCall(ctx, req, res, decodeURIComponent(transfer[1] ?? ""), await readBody(req));
  return undefined;
}

/**
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {URL} url
 * @returns {Promise<string>} the outcome, for the log line
 */
async function route(ctx, req, res, url) {
  const method = req.method ?? "GET";
  const p = url.pathname;
  const carrier = await carrierRoute(ctx, req, res, method, url);
  if (carrier !== undefined) return carrier;
  const control = CONTROL_ROUTES[`${method} ${p}`];
  if (control) return control(ctx, req, res, url);
  if (p.startsWith("/v2/")) sendJson(res, 404, telnyxErrors("10005", "Resource not found", `${method} ${p} is not simulated`));
  else sendJson(res, 404, twilioError(404, 20404, "The requested resource was not found"));
  return "404";
}

/**
 * @param {SimContext} ctx
 * @returns {import("node:http").Server}
 */
function simulatorServer(ctx) {
  return createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://sim.local");
    let outcome;
    try {
      outcome = await route(ctx, req, res, url);
    } catch (e) {
      const err = /** @type {{ status?: number, message?: string }} */ (e);
      const status = err.status ?? 500;
      if (!res.headersSent) sendJson(res, status, { error: err.message });
      outcome = `${status} ${err.message}`;
    }
    // One line per request; never headers (they carry Basic auth) and never bodies (they carry texts).
    ctx.say(`[sim] ${req.method} ${url.pathname} ${outcome} ${Date.now() - started}ms`);
  });
}

/**
 * Start the simulator. `port: 0` picks a free port (tests).
 *
 * @example
 * const sim = await startSimulator({ port: 0, workerUrl: "http://127.0.0.1:8787", telnyxNumbers: ["+15122345679"] });
 * await sim.placeCall({ from: "+14152345678", to: "+15122345678", outcome: "no-answer" }); // Twilio
 * await sim.placeCall({ from: "+14152345678", to: "+15122345679" }); // Telnyx, signed with sim.telnyxPublicKey's pair
 * sim.messages; // texts the worker sent, through either
 * await sim.close();
 * @param {SimulatorOptions} [options]
 * @returns {Promise<Simulator>}
 */
export async function startSimulator({
  port = 8788,
  host = "127.0.0.1",
  workerUrl,
  adminToken,
  accounts = [DEMO_ACCOUNT],
  telnyxAccounts = [DEMO_TELNYX_ACCOUNT],
  telnyxNumbers = [],
  telnyxKeySeed,
  vonageApplications,
  vonageNumbers = [],
  plivoAccounts = [DEMO_PLIVO_ACCOUNT],
  plivoNumbers = [],
  bandwidthAccounts = [DEMO_BANDWIDTH_ACCOUNT],
  bandwidthNumbers = [],
  log = (line) => console.log(line),
  businessNumbers = [],
  ownerPhone,
} = {}) {
  if (accounts.length === 0) throw new Error("the simulator needs at least one account");
  // The demo application's RSA key is made only when something speaks Vonage (it takes a moment).
  let apps = vonageApplications;
  /** @type {SimContext} */
  const ctx = {
    store: createStore(),
    accounts,
    telnyxAccounts,
    telnyxKeys: telnyxKeyPair(telnyxKeySeed),
    telnyxNumbers: new Set(telnyxNumbers),
    get vonageApplications() {
      return (apps ??= [demoVonageApplication()]);
    },
    vonageNumbers: new Set(vonageNumbers),
    plivoAccounts,
    plivoNumbers: new Set(plivoNumbers),
    bandwidthAccounts,
    bandwidthTokens: new Map(),
    bandwidthNumbers: new Set(bandwidthNumbers),
    workerUrl,
    adminToken,
    say: log || (() => {}),
    businessNumbers: [...new Set([...businessNumbers, ...telnyxNumbers, ...vonageNumbers, ...plivoNumbers, ...bandwidthNumbers])],
    ownerPhone,
    caller: randomUsNumber(),
    callers: new Set(),
    owners: new Set(ownerPhone ? [ownerPhone] : []),
  };
  const server = simulatorServer(ctx);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(undefined);
    });
  });
  const bound = /** @type {AddressInfo} */ (server.address()).port;
  const { store } = ctx;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    messages: store.messages,
    requests: store.requests,
    transfers: store.transfers,
    telnyxPublicKey: ctx.telnyxKeys.publicKeyB64,
    addTelnyxNumber: (number) => void ctx.telnyxNumbers.add(number),
    get vonageApplication() {
      return /** @type {import("./types.mjs").SimVonageApplication} */ (ctx.vonageApplications[0]);
    },
    addVonageNumber: (number) => void ctx.vonageNumbers.add(number),
    reset: store.reset,
    setFaults: store.setFaults,
    clearFaults: store.clearFaults,
    placeCall: (request) => placeCallAs(ctx, request),
    sendSms: (request) => sendSmsAs(ctx, request),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
