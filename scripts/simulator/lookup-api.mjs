// @ts-check
/**
 * The carriers' number lookups as the worker asks them before a first text (setting
 * `lookupLineType`): Twilio Lookup v2 (`GET /v2/PhoneNumbers/:n?Fields=line_type_intelligence`,
 * Basic auth, at TWILIO_LOOKUP_BASE) and Telnyx (`GET /v2/number_lookup/:n?type=carrier`, Bearer).
 * A number whose last four digits are 0000 is a landline; every other one a mobile.
 */
import { basicAuth, bearerToken, sameSecret, sendJson } from "./http.mjs";
import { telnyxErrors } from "./telnyx-api.mjs";
import { twilioError } from "./twilio-api.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */

export const TWILIO_LOOKUP_PATH = /^\/v2\/PhoneNumbers\/([^/]+)$/;
export const TELNYX_LOOKUP_PATH = /^\/v2\/number_lookup\/([^/]+)$/;

/** @param {string} phone */
const isLandline = (phone) => phone.endsWith("0000");

/** @param {string} phone */
const national = (phone) => (/^\+1\d{10}$/.test(phone) ? `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}` : phone);

/**
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} phone
 * @returns {string} the outcome, for the log line
 */
export function twilioLookup(ctx, req, res, phone) {
  const creds = basicAuth(req.headers.authorization);
  const account = creds ? ctx.accounts.find((a) => a.accountSid === creds.user) : undefined;
  if (!creds || !account || !sameSecret(account.authToken, creds.password)) {
    sendJson(res, 401, twilioError(401, 20003, "Authenticate"));
    return "401";
  }
  const type = isLandline(phone) ? "landline" : "mobile";
  sendJson(res, 200, {
    calling_country_code: "1",
    country_code: "US",
    phone_number: phone,
    national_format: national(phone),
    valid: true,
    validation_errors: [],
    caller_name: null,
    line_type_intelligence: {
      error_code: null,
      mobile_country_code: type === "mobile" ? "310" : null,
      mobile_network_code: type === "mobile" ? "456" : null,
      carrier_name: type === "mobile" ? "Simulated Wireless" : "Simulated Local Exchange",
      type,
    },
    url: `https://lookups.twilio.com/v2/PhoneNumbers/${phone}`,
  });
  return `200 ${type}`;
}

/**
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} phone
 * @returns {string} the outcome, for the log line
 */
export function telnyxLookup(ctx, req, res, phone) {
  const token = bearerToken(req.headers.authorization);
  if (!token || !ctx.telnyxAccounts.some((a) => sameSecret(a.apiKey, token))) {
    sendJson(res, 401, telnyxErrors("10009", "Authentication failed", "The API key is not valid"));
    return "401";
  }
  const type = isLandline(phone) ? "fixed line" : "mobile";
  sendJson(res, 200, {
    data: {
      caller_name: null,
      carrier: { error_code: null, mobile_country_code: null, mobile_network_code: null, name: "Simulated", normalized_carrier: "Simulated", type },
      country_code: "US",
      fraud: null,
      national_format: national(phone),
      phone_number: phone,
      record_type: "number_lookup",
      valid_number: true,
    },
  });
  return `200 ${type}`;
}
