// @ts-check
/**
 * The carriers' number lookups as the worker asks them before a first text (setting
 * `lookupLineType`): Twilio Lookup v2 (`GET /v2/PhoneNumbers/:n?Fields=line_type_intelligence`,
 * Basic auth, at TWILIO_LOOKUP_BASE), Telnyx (`GET /v2/number_lookup/:n?type=carrier`, Bearer),
 * Plivo (`GET /v1/Number/:n?type=carrier`, Basic, at PLIVO_LOOKUP_BASE), Vonage Identity
 * Insights (`POST /identity-insights/v1/requests`, the application's token, at VONAGE_LOOKUP_BASE)
 * and Bandwidth's synchronous lookup (`POST /v2/accounts/:id/phoneNumberLookup`, bearer token, at
 * BANDWIDTH_LOOKUP_BASE). A number whose last four digits are 0000 is a landline; every other one a
 * mobile.
 */
import { basicAuth, bearerToken, parseJson, sameSecret, sendJson } from "./http.mjs";
import { bandwidthAccountOfToken } from "./bandwidth-auth.mjs";
import { telnyxErrors } from "./telnyx-api.mjs";
import { twilioError } from "./twilio-api.mjs";
import { UNAUTHORIZED, vonageAppOfToken } from "./vonage-api.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */

export const TWILIO_LOOKUP_PATH = /^\/v2\/PhoneNumbers\/([^/]+)$/;
export const TELNYX_LOOKUP_PATH = /^\/v2\/number_lookup\/([^/]+)$/;
export const PLIVO_LOOKUP_PATH = /^\/v1\/Number\/([^/]+)$/;
export const VONAGE_INSIGHTS_PATH = "/identity-insights/v1/requests";
export const BANDWIDTH_LOOKUP_PATH = /^\/v2\/accounts\/([^/]+)\/phoneNumberLookup$/;

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

/**
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} phone
 * @returns {string} the outcome, for the log line
 */
export function plivoLookup(ctx, req, res, phone) {
  const creds = basicAuth(req.headers.authorization);
  const account = creds ? ctx.plivoAccounts.find((a) => a.authId === creds.user) : undefined;
  if (!creds || !account || !sameSecret(account.authToken, creds.password)) {
    sendJson(res, 401, { api_id: crypto.randomUUID(), error: "authentication failed" });
    return "401";
  }
  const type = isLandline(phone) ? "fixed" : "mobile";
  sendJson(res, 200, {
    api_id: crypto.randomUUID(),
    phone_number: phone,
    country: { name: "United States", iso2: "US", iso3: "USA" },
    format: { e164: phone, national: national(phone), international: phone, rfc3966: `tel:${phone}` },
    carrier: { mobile_country_code: "310", mobile_network_code: "160", name: "Simulated", type, ported: "no" },
    resource_uri: `/v1/Number/${phone}?type=carrier`,
  });
  return `200 ${type}`;
}

/** A problem document (RFC 7807) as Identity Insights answers a request it refuses. */
const insightsProblem = (/** @type {string} */ type, /** @type {string} */ title, /** @type {string} */ detail) => ({
  type: `https://developer.vonage.com/api-errors#${type}`,
  title,
  detail,
  instance: crypto.randomUUID(),
});

/**
 * Identity Insights: each requested insight answered with its own status inside an HTTP 200; the
 * carrier insights (current and original) as a mobile or a landline, any other one `NO_COVERAGE`.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} raw the request's body
 * @returns {string} the outcome, for the log line
 */
export function vonageIdentityInsights(ctx, req, res, raw) {
  if (!vonageAppOfToken(ctx, req)) {
    sendJson(res, 401, UNAUTHORIZED);
    return "401";
  }
  let json;
  try {
    json = parseJson(raw);
  } catch {
    sendJson(res, 400, insightsProblem("invalid-json", "Malformed JSON", "Malformed JSON payload"));
    return "400";
  }
  const digits = String(json?.phone_number ?? "").replace(/^\+/, "");
  const asked = json?.insights && typeof json.insights === "object" ? Object.keys(json.insights) : [];
  if (!/^[1-9]\d{6,14}$/.test(digits) || asked.length === 0) {
    sendJson(res, 400, insightsProblem("invalid-params", "Invalid params", "phone_number and at least one insight are required"));
    return "400";
  }
  const phone = `+${digits}`;
  const type = isLandline(phone) ? "LANDLINE" : "MOBILE";
  const ok = { code: "OK", message: "Success" };
  const carrier = { name: type === "MOBILE" ? "Simulated Wireless" : "Simulated Local Exchange", network_type: type, country_code: "US", network_code: type === "MOBILE" ? "310090" : null, status: ok };
  /** @type {Record<string, unknown>} */
  const insights = {};
  for (const name of asked) {
    insights[name] = name === "current_carrier" || name === "original_carrier" ? carrier : { status: { code: "NO_COVERAGE", message: "Not simulated" } };
  }
  sendJson(res, 200, { request_id: crypto.randomUUID(), insights });
  return `200 ${type}`;
}

/**
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} accountId
 * @param {string} raw the request's body
 * @returns {string} the outcome, for the log line
 */
export function bandwidthLookup(ctx, req, res, accountId, raw) {
  const account = bandwidthAccountOfToken(ctx, req);
  if (!account || account.accountId !== accountId) {
    sendJson(res, 401, { type: "unauthorized", description: "Authentication failed" });
    return "401";
  }
  const phones = parseJson(raw).phoneNumbers;
  if (!Array.isArray(phones) || phones.length === 0) {
    sendJson(res, 400, { links: [], data: null, errors: [{ type: "request-validation", description: "phoneNumbers is required" }] });
    return "400";
  }
  const results = phones.map((phone) => ({
    phoneNumber: String(phone),
    lineType: isLandline(String(phone)) ? "FIXED" : "MOBILE",
    messagingProvider: "Simulated",
    voiceProvider: "Simulated",
    countryCodeA3: "USA",
  }));
  sendJson(res, 200, { links: [], data: { requestId: crypto.randomUUID(), status: "COMPLETE", results }, errors: [] });
  return `200 ${results.map((r) => r.lineType).join(",")}`;
}
