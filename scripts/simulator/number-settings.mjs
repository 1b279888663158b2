// @ts-check
/**
 * The carriers' number-settings APIs, so "Check setup" and "Configure for me" work in the demo:
 * Twilio's IncomingPhoneNumbers (and an empty list of Messaging Services), Telnyx's phone numbers,
 * Call Control applications and messaging profiles (Plivo's, Vonage's and Bandwidth's in
 * app-settings.mjs, and their test calls in test-calls.mjs). Every number an authenticated account
 * asks about exists, with nothing set, as a freshly bought number has.
 */
import { appSettingsRoute } from "./app-settings.mjs";
import { testCallRoute } from "./test-calls.mjs";
import { basicAuth, bearerToken, readBody, sameSecret, sendJson } from "./http.mjs";
import { twilioError } from "./twilio-api.mjs";
import { telnyxErrors } from "./telnyx-api.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */

const TWILIO_LIST = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/;
const TWILIO_ONE = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\/([^/]+)\.json$/;
const TELNYX_ITEM = /^\/v2\/(call_control_applications|messaging_profiles)\/([^/]+)$/;
const TWILIO_CALLS = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/;
const TWILIO_FIELDS = /** @type {const} */ ({ VoiceUrl: "voice_url", SmsUrl: "sms_url", StatusCallback: "status_callback" });

/**
 * @typedef {{ sid: string, phone_number: string, voice_url: string | null, sms_url: string | null, status_callback: string | null, voice_application_sid: null, sms_application_sid: null }} TwilioNumber
 * @typedef {{ twilio: Map<string, TwilioNumber>, telnyx: Map<string, string | null> }} Settings
 */

const DEMO_SERVICE = { sid: "MG00000000000000000000000000000001", friendly_name: "Textback demo", use_inbound_webhook_on_number: true, inbound_request_url: null };

/** @type {WeakMap<SimContext, Settings>} */
const state = new WeakMap();

/** @param {SimContext} ctx */
function settingsOf(ctx) {
  let s = state.get(ctx);
  if (!s) state.set(ctx, (s = { twilio: new Map(), telnyx: new Map() }));
  return s;
}

/** @param {Settings} s @param {string} e164 */
function twilioNumber(s, e164) {
  let n = s.twilio.get(e164);
  if (!n) {
    n = { sid: `PN${e164.replace(/\D/g, "").padStart(32, "0")}`, phone_number: e164, voice_url: null, sms_url: null, status_callback: null, voice_application_sid: null, sms_application_sid: null };
    s.twilio.set(e164, n);
  }
  return n;
}

/**
 * The settings routes; undefined when the request is for none of them.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} method
 * @param {URL} url
 * @returns {Promise<string | undefined>}
 */
export async function numberSettingsRoute(ctx, req, res, method, url) {
  const p = url.pathname;
  if (TWILIO_LIST.test(p) || TWILIO_ONE.test(p) || p.startsWith("/v1/Services") || p === "/v1/Tollfree/Verifications" || (method === "POST" && TWILIO_CALLS.test(p))) {
    return twilioSettings(ctx, req, res, method, url);
  }
  if (p === "/v2/phone_numbers" || TELNYX_ITEM.test(p) || (method === "POST" && p === "/v2/calls")) return telnyxSettings(ctx, req, res, method, url);
  return (await testCallRoute(ctx, req, res, method, url)) ?? appSettingsRoute(ctx, req, res, method, url);
}

/** @param {SimContext} ctx @param {IncomingMessage} req @param {ServerResponse} res @param {string} method @param {URL} url */
async function twilioSettings(ctx, req, res, method, url) {
  const creds = basicAuth(req.headers.authorization);
  const account = creds ? ctx.accounts.find((a) => a.accountSid === creds.user && sameSecret(a.authToken, creds.password)) : undefined;
  if (!account) return answer(res, 401, twilioError(401, 20003, "Authenticate"));
  const s = settingsOf(ctx);
  // One registered Messaging Service holding every number, deferring texts to the number's own URL.
  if (url.pathname === "/v1/Services") return answer(res, 200, { services: [DEMO_SERVICE] });
  if (url.pathname === `/v1/Services/${DEMO_SERVICE.sid}/PhoneNumbers`) return answer(res, 200, { phone_numbers: [...s.twilio.keys()].map((phone_number) => ({ phone_number })) });
  if (url.pathname === `/v1/Services/${DEMO_SERVICE.sid}/Compliance/Usa2p`) return answer(res, 200, { compliance: [{ campaign_status: "VERIFIED" }] });
  if (url.pathname === "/v1/Tollfree/Verifications") return answer(res, 200, { verifications: [{ status: "TWILIO_APPROVED" }] });
  // A test call: accepted and placed nowhere (the demo has no phone to ring).
  if (TWILIO_CALLS.test(url.pathname)) return answer(res, 201, { sid: `CA${Date.now().toString(16).padStart(32, "0")}`, status: "queued" });
  if (method === "GET" && TWILIO_LIST.test(url.pathname)) {
    const e164 = url.searchParams.get("PhoneNumber") ?? "";
    return answer(res, 200, { incoming_phone_numbers: /^\+\d{8,15}$/.test(e164) ? [twilioNumber(s, e164)] : [] });
  }
  const one = TWILIO_ONE.exec(url.pathname);
  const n = one ? [...s.twilio.values()].find((x) => x.sid === one[2]) : undefined;
  if (method !== "POST" || !n) return answer(res, 404, twilioError(404, 20404, "The requested resource was not found"));
  const form = new URLSearchParams(await readBody(req));
  for (const [param, field] of Object.entries(TWILIO_FIELDS)) if (form.has(param)) n[field] = form.get(param) || null;
  return answer(res, 200, n);
}

/** @param {SimContext} ctx @param {IncomingMessage} req @param {ServerResponse} res @param {string} method @param {URL} url */
async function telnyxSettings(ctx, req, res, method, url) {
  const token = bearerToken(req.headers.authorization);
  if (!token || !ctx.telnyxAccounts.some((a) => sameSecret(a.apiKey, token))) return answer(res, 401, telnyxErrors("10009", "Authentication failed"));
  const s = settingsOf(ctx);
  if (url.pathname === "/v2/calls") return answer(res, 200, { data: { call_control_id: `v3:test-${Date.now()}`, record_type: "call" } });
  if (url.pathname === "/v2/phone_numbers") {
    const e164 = url.searchParams.get("filter[phone_number]") ?? "";
    const data = /^\+\d{8,15}$/.test(e164) ? [{ id: `pn-${e164.slice(1)}`, phone_number: e164, connection_id: `app-${e164.slice(1)}`, messaging_profile_id: `mp-${e164.slice(1)}` }] : [];
    return answer(res, 200, { data });
  }
  const [, kind, id] = /** @type {RegExpExecArray} */ (TELNYX_ITEM.exec(url.pathname));
  const field = kind === "call_control_applications" ? "webhook_event_url" : "webhook_url";
  const key = `${kind}/${id}`;
  if (method === "PATCH") s.telnyx.set(key, JSON.parse((await readBody(req)) || "{}")[field] ?? null);
  return answer(res, 200, { data: { id, [field]: s.telnyx.get(key) ?? null } });
}

/** @param {ServerResponse} res @param {number} status @param {unknown} body */
function answer(res, status, body) {
  sendJson(res, status, body);
  return String(status);
}
