// @ts-check
/**
 * Twilio's Messages API as the worker calls it to send a text: Basic auth, Twilio-shaped answers
 * and errors, scripted faults per destination, then the status callbacks Twilio sends.
 */
import { API_VERSION, twilioPost, twilioSid } from "./twilio-webhooks.mjs";
import { segmentCount } from "./encoding.mjs";
import { basicAuth, delay, retryAfterHeaders, sameSecret, sendJson } from "./http.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */
/** @import { SimAccount } from "./types.mjs" */

/** `POST /2010-04-01/Accounts/:sid/Messages.json` */
export const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

/** Twilio's callbacks arrive hundreds of ms after the send, once the sender has stored the SID. */
const STATUS_CALLBACK_DELAY_MS = 250;

/** Defaults for a scripted fault that names only an HTTP status. */
const FAULT_DEFAULTS = /** @type {Record<number, [number, string]>} */ ({
  400: [21211, "The 'To' number is not a valid phone number."],
  401: [20003, "Authenticate"],
  404: [20404, "The requested resource was not found"],
  429: [20429, "Too Many Requests"],
  500: [20500, "Internal Server Error"],
  503: [20503, "Service Unavailable"],
});

/**
 * Twilio's error body.
 *
 * @param {number} status
 * @param {number | string} code
 * @param {string} message
 */
export function twilioError(status, code, message) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/**
 * A message as the Messages API returns it on create.
 *
 * @param {string} accountSid
 * @param {Record<string, string | undefined>} form
 * @param {Date} now
 */
function messageResource(accountSid, form, now) {
  const sid = twilioSid("SM");
  const date = now.toUTCString().replace("GMT", "+0000"); // RFC 2822, as Twilio writes it
  const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: form.Body ?? "",
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: form.From,
    messaging_service_sid: null,
    num_media: "0",
    num_segments: String(segmentCount(form.Body ?? "")),
    price: null,
    price_unit: "USD",
    sid,
    status: "queued",
    subresource_uris: { media: `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    to: form.To,
    uri,
  };
}

/**
 * Why Twilio would refuse this send before looking at the destination, if it would.
 *
 * @param {SimAccount[]} accounts
 * @param {string | undefined} authorization
 * @param {string} urlSid
 * @param {Record<string, string | undefined>} form
 * @returns {{ account: SimAccount, refusal?: undefined } | { account?: undefined, refusal: [number, object, Record<string, string>?] }}
 */
function checkSend(accounts, authorization, urlSid, form) {
  const creds = basicAuth(authorization);
  const account = creds ? accounts.find((a) => a.accountSid === creds.user) : undefined;
  if (!creds || !account || !sameSecret(account.authToken, creds.password)) {
    return { refusal: [401, twilioError(401, 20003, "Authenticate"), { "www-authenticate": 'Basic realm="Twilio API"' }] };
  }
  const invalid = (/** @type {number} */ code, /** @type {string} */ message) => ({ refusal: /** @type {[number, object]} */ ([400, twilioError(400, code, message)]) });
  if (account.accountSid !== urlSid) {
    return { refusal: [404, twilioError(404, 20404, `The requested resource /${API_VERSION}/Accounts/${urlSid}/Messages.json was not found`)] };
  }
  if (!form.To) return invalid(21604, "A 'To' phone number is required.");
  if (!form.From && !form.MessagingServiceSid) return invalid(21603, "A 'From' phone number is required.");
  if (!form.Body && !form.MediaUrl) return invalid(21602, "Message body is required.");
  if ((form.Body ?? "").length > 1600) return invalid(21617, "The concatenated message body exceeds the 1600 character limit.");
  return { account };
}

/**
 * The Messages API: auth, validation, scripted faults, then a 201 like Twilio's.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} urlSid
 * @param {string} raw
 * @returns {string} the outcome, for the log line
 */
export function createTwilioMessage(ctx, req, res, urlSid, raw) {
  const form = Object.fromEntries(new URLSearchParams(raw));
  const record = { at: new Date().toISOString(), carrier: /** @type {const} */ ("twilio"), accountSid: urlSid, to: form.To, from: form.From, body: form.Body };
  /** @type {(status: number, payload: any, headers?: Record<string, string>) => string} */
  const answer = (status, payload, headers) => {
    ctx.store.requests.push({ ...record, status, code: payload.code ?? null });
    sendJson(res, status, payload, headers);
    return `${status} to=${form.To ?? "-"}${payload.code ? ` code=${payload.code}` : ""}`;
  };

  const { account, refusal } = checkSend(ctx.accounts, req.headers.authorization, urlSid, form);
  if (refusal) return answer(...refusal);

  const fault = ctx.store.takeFault(form.To);
  if (fault) {
    const [code, message] = FAULT_DEFAULTS[fault.status] ?? [fault.status * 100, "Simulated failure"];
    return answer(fault.status, twilioError(fault.status, fault.code ?? code, fault.message ?? message), retryAfterHeaders(fault));
  }

  const resource = messageResource(account.accountSid, form, new Date());
  // To is checked above; From and Body are absent only with MessagingServiceSid or MediaUrl, which the worker never sends.
  const sent = /** @type {{ To: string, From: string, Body: string }} */ (form);
  ctx.store.messages.push({ carrier: "twilio", to: sent.To, from: sent.From, body: sent.Body, sid: resource.sid, accountSid: account.accountSid, at: record.at });
  const line = answer(201, resource);
  if (form.StatusCallback) void reportDelivery(ctx, form.StatusCallback, resource, account);
  return `${line} sid=${resource.sid}`;
}

/**
 * Like Twilio, follow an accepted message with `sent` then `delivered` status callbacks.
 *
 * @param {SimContext} ctx
 * @param {string} callbackUrl
 * @param {{ sid: string, from: string | undefined, to: string | undefined }} resource
 * @param {SimAccount} account
 */
async function reportDelivery(ctx, callbackUrl, resource, account) {
  for (const status of ["sent", "delivered"]) {
    await delay(STATUS_CALLBACK_DELAY_MS);
    const params = {
      AccountSid: account.accountSid,
      ApiVersion: API_VERSION,
      From: /** @type {string} */ (resource.from),
      MessageSid: resource.sid,
      MessageStatus: status,
      SmsSid: resource.sid,
      SmsStatus: status,
      To: /** @type {string} */ (resource.to),
    };
    const r = await twilioPost("status", callbackUrl, params, account.authToken);
    ctx.say(`[sim] → status callback ${status} ${resource.sid} ${r.status || r.error}`);
  }
}
