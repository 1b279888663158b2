// @ts-check
/**
 * A call or text from a caller to a business number, through whichever carrier has that number:
 * `carrier` if given, Telnyx, Vonage, Plivo or Bandwidth for the simulator's numbers there, Twilio otherwise.
 */
import { isCallOutcome, OUTCOME_HINT, randomUsNumber } from "./calls.mjs";
import { badRequest, HttpError } from "./http.mjs";
import { placeBandwidthCall, sendInboundBandwidthSms } from "./bandwidth.mjs";
import { placePlivoCall, sendInboundPlivoSms } from "./plivo.mjs";
import { placeTelnyxCall, sendInboundTelnyxSms } from "./telnyx-webhooks.mjs";
import { placeCall, sendInboundSms } from "./twilio-webhooks.mjs";
import { placeVonageCall, sendInboundVonageSms } from "./vonage-webhooks.mjs";

/** @import { SimContext } from "./context.mjs" */
/** @import { CallRequest, CallResult, SimAccount, SimCarrier, SmsRequest, SmsResult } from "./types.mjs" */

/**
 * @param {SimContext} ctx
 * @param {string} number
 * @param {unknown} explicit
 * @returns {SimCarrier}
 */
function carrierOf(ctx, number, explicit) {
  if (explicit !== undefined && !["twilio", "telnyx", "vonage", "plivo", "bandwidth"].includes(String(explicit))) {
    throw badRequest("carrier must be twilio, telnyx, vonage, plivo or bandwidth");
  }
  if (explicit !== undefined) return /** @type {SimCarrier} */ (explicit);
  if (ctx.vonageNumbers.has(number)) return "vonage";
  return ctx.telnyxNumbers.has(number) ? "telnyx" : ctx.plivoNumbers.has(number) ? "plivo" : ctx.bandwidthNumbers.has(number) ? "bandwidth" : "twilio";
}

/** @param {SimContext} ctx */
function requireWorkerUrl(ctx) {
  if (!ctx.workerUrl) throw new HttpError(409, "the simulator was started without a worker URL");
  return ctx.workerUrl;
}

/**
 * @param {SimContext} ctx
 * @param {string | undefined} accountSid the first account when absent
 * @returns {SimAccount}
 */
function requireAccount(ctx, accountSid) {
  const account = accountSid === undefined ? ctx.accounts[0] : ctx.accounts.find((a) => a.accountSid === accountSid);
  if (!account) throw badRequest(`unknown accountSid ${accountSid}`);
  return account;
}

/**
 * @param {SimContext} ctx
 * @param {CallRequest} request
 * @returns {Promise<CallResult>}
 */
export async function placeCallAs(ctx, { from = randomUsNumber(), to, outcome = "no-answer", accountSid, carrier } = /** @type {CallRequest} */ ({})) {
  if (!to) throw badRequest("needs `to`, the business number");
  if (!isCallOutcome(outcome)) throw badRequest(OUTCOME_HINT);
  ctx.callers.add(from);
  const through = carrierOf(ctx, to, carrier);
  if (through === "vonage") return placeVonageCall({ workerUrl: requireWorkerUrl(ctx), from, to, outcome, app: vonageApp(ctx) });
  if (through === "plivo") return placePlivoCall({ workerUrl: requireWorkerUrl(ctx), from, to, outcome, account: ctx.plivoAccounts[0] });
  if (through === "bandwidth") return placeBandwidthCall({ workerUrl: requireWorkerUrl(ctx), from, to, outcome, account: ctx.bandwidthAccounts[0] });
  if (through === "telnyx") {
    return placeTelnyxCall({
      workerUrl: requireWorkerUrl(ctx),
      from,
      to,
      outcome,
      privateKey: ctx.telnyxKeys.privateKey,
      // The first transfer of the caller's leg (a repeated command_id is the same transfer).
      transferOf: (callControlId) => ctx.store.transfers.find((t) => t.callControlId === callControlId),
    });
  }
  const workerUrl = requireWorkerUrl(ctx);
  return { carrier: "twilio", ...(await placeCall({ workerUrl, from, to, outcome, account: requireAccount(ctx, accountSid) })) };
}

/**
 * @param {SimContext} ctx
 * @param {SmsRequest} request
 * @returns {Promise<SmsResult>}
 */
export async function sendSmsAs(ctx, { from, to, body, accountSid, carrier } = /** @type {SmsRequest} */ ({})) {
  if (!from || !to || typeof body !== "string") throw badRequest("needs { from, to, body }");
  if (!ctx.owners.has(from)) ctx.callers.add(from);
  const through = carrierOf(ctx, to, carrier);
  if (through === "vonage") return sendInboundVonageSms({ workerUrl: requireWorkerUrl(ctx), from, to, body, app: vonageApp(ctx) });
  if (through === "plivo") return sendInboundPlivoSms({ workerUrl: requireWorkerUrl(ctx), from, to, body, account: ctx.plivoAccounts[0] });
  if (through === "bandwidth") return sendInboundBandwidthSms({ workerUrl: requireWorkerUrl(ctx), from, to, body, account: ctx.bandwidthAccounts[0] });
  if (through === "telnyx") {
    return sendInboundTelnyxSms({ workerUrl: requireWorkerUrl(ctx), from, to, body, privateKey: ctx.telnyxKeys.privateKey });
  }
  const workerUrl = requireWorkerUrl(ctx);
  return { carrier: "twilio", ...(await sendInboundSms({ workerUrl, from, to, body, account: requireAccount(ctx, accountSid) })) };
}

/**
 * The Vonage application calls and texts come through (the first: one per simulator in practice).
 *
 * @param {SimContext} ctx
 */
function vonageApp(ctx) {
  const app = ctx.vonageApplications[0];
  if (!app) throw badRequest("the simulator has no Vonage application");
  return app;
}
