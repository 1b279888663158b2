// @ts-check
/**
 * The settings APIs of the carriers that keep a number's URLs on an application, so "Check setup"
 * and "Configure for me" work in the demo: Plivo's numbers and XML applications, Vonage's Numbers
 * API and Application API, Bandwidth's Dashboard API (number details, a location's origination
 * settings, applications in XML). Every number an authenticated account asks about exists, on one
 * application per account with no URL set, as a fresh setup has.
 */
import { basicAuth, readBody, sameSecret, sendJson } from "./http.mjs";
import { bandwidthAccountOfToken } from "./bandwidth-auth.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */

const PLIVO_NUMBER = /^\/v1\/Account\/([^/]+)\/Number\/(\d+)\/$/;
const PLIVO_APP = /^\/v1\/Account\/([^/]+)\/Application\/([^/]+)\/$/;
const VONAGE_APP = /^\/v2\/applications\/([^/]+)$/;
const BANDWIDTH_TN = /^\/api\/tns\/(\d+)\/tndetails$/;
const BANDWIDTH_ORIGINATION = /^\/api\/accounts\/(\d+)\/sites\/1\/sippeers\/1\/products\/origination\/settings$/;
const BANDWIDTH_APP = /^\/api\/accounts\/(\d+)\/applications\/([^/]+)$/;
/** The demo location's Voice application (the Messaging application is the account's own). */
export const BANDWIDTH_VOICE_APP = "00000000-0000-4000-8000-00000000b01c";

/** Settings by application, per simulator. @type {WeakMap<SimContext, Map<string, Record<string, any>>>} */
const state = new WeakMap();

/** @param {SimContext} ctx @param {string} id @param {() => Record<string, any>} fresh */
function appOf(ctx, id, fresh) {
  let apps = state.get(ctx);
  if (!apps) state.set(ctx, (apps = new Map()));
  let app = apps.get(id);
  if (!app) apps.set(id, (app = fresh()));
  return app;
}

/**
 * The settings routes of Plivo, Vonage and Bandwidth; undefined when the request is for none of them.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} method
 * @param {URL} url
 * @returns {Promise<string | undefined>}
 */
export async function appSettingsRoute(ctx, req, res, method, url) {
  const p = url.pathname;
  if (PLIVO_NUMBER.test(p) || PLIVO_APP.test(p)) return plivoSettings(ctx, req, res, method, p);
  if (p === "/account/numbers" || VONAGE_APP.test(p)) return vonageSettings(ctx, req, res, method, url);
  if (BANDWIDTH_TN.test(p) || BANDWIDTH_ORIGINATION.test(p) || BANDWIDTH_APP.test(p)) return bandwidthSettings(ctx, req, res, method, p);
  return undefined;
}

/** @param {SimContext} ctx @param {IncomingMessage} req @param {ServerResponse} res @param {string} method @param {string} p */
async function plivoSettings(ctx, req, res, method, p) {
  const creds = basicAuth(req.headers.authorization);
  const account = creds ? ctx.plivoAccounts.find((a) => a.authId === creds.user && sameSecret(a.authToken, creds.password)) : undefined;
  if (!account) return json(res, 401, { api_id: "sim", error: "authentication failed" });
  const appId = `${account.authId}-app`;
  const number = PLIVO_NUMBER.exec(p);
  if (number) return json(res, 200, { api_id: "sim", number: number[2], application: `/v1/Account/${account.authId}/Application/${appId}/` });
  const [, , id] = /** @type {RegExpExecArray} */ (PLIVO_APP.exec(p));
  if (id !== appId) return json(res, 404, { api_id: "sim", error: "not found" });
  const app = appOf(ctx, appId, () => ({ app_id: appId, app_name: "Textback demo", answer_url: null, hangup_url: null, message_url: null }));
  if (method === "GET") return json(res, 200, { api_id: "sim", ...app });
  Object.assign(app, JSON.parse((await readBody(req)) || "{}"));
  return json(res, 202, { api_id: "sim", message: "changed" });
}

/** @param {SimContext} ctx @param {IncomingMessage} req @param {ServerResponse} res @param {string} method @param {URL} url */
async function vonageSettings(ctx, req, res, method, url) {
  const creds = basicAuth(req.headers.authorization);
  const app = creds ? ctx.vonageApplications.find((a) => a.apiKey === creds.user && sameSecret(a.apiSecret, creds.password)) : undefined;
  if (!app) return json(res, 401, { type: "https://developer.vonage.com/api-errors#unauthorized", title: "Unauthorized" });
  if (url.pathname === "/account/numbers") {
    const pattern = url.searchParams.get("pattern") ?? "";
    const numbers = [...ctx.vonageNumbers].map((n) => n.replace(/^\+/, "")).filter((n) => n.startsWith(pattern));
    return json(res, 200, { count: numbers.length, numbers: numbers.map((msisdn) => ({ country: "US", msisdn, type: "mobile-lvn", app_id: app.applicationId })) });
  }
  const [, id = ""] = /** @type {RegExpExecArray} */ (VONAGE_APP.exec(url.pathname));
  if (id !== app.applicationId) return json(res, 404, { type: "https://developer.vonage.com/api-errors#not-found", title: "Not Found" });
  const current = appOf(ctx, id, () => ({ name: "Textback demo", capabilities: {} }));
  if (method === "PUT") {
    const { name, capabilities } = JSON.parse((await readBody(req)) || "{}");
    Object.assign(current, { name, capabilities });
  }
  return json(res, 200, { id, ...current });
}

/** @param {SimContext} ctx @param {IncomingMessage} req @param {ServerResponse} res @param {string} method @param {string} p */
async function bandwidthSettings(ctx, req, res, method, p) {
  const account = bandwidthAccountOfToken(ctx, req);
  if (!account) return xml(res, 401, "<ResponseStatus><ErrorCode>401</ErrorCode><Description>Unauthorized</Description></ResponseStatus>");
  if (BANDWIDTH_TN.test(p)) return xml(res, 200, "<TelephoneNumberResponse><TelephoneNumberDetails><Site><Id>1</Id></Site><SipPeer><PeerId>1</PeerId></SipPeer></TelephoneNumberDetails></TelephoneNumberResponse>");
  if (BANDWIDTH_ORIGINATION.test(p)) {
    return xml(res, 200, `<SipPeerOriginationSettingsResponse><SipPeerOriginationSettings><VoiceProtocol>HTTP</VoiceProtocol><HttpSettings><HttpVoiceV2AppId>${BANDWIDTH_VOICE_APP}</HttpVoiceV2AppId></HttpSettings></SipPeerOriginationSettings></SipPeerOriginationSettingsResponse>`);
  }
  const [, , id = ""] = /** @type {RegExpExecArray} */ (BANDWIDTH_APP.exec(p));
  if (id !== BANDWIDTH_VOICE_APP && id !== account.applicationId) return xml(res, 404, "<ResponseStatus><ErrorCode>404</ErrorCode><Description>not found</Description></ResponseStatus>");
  const voice = id === BANDWIDTH_VOICE_APP;
  const app = appOf(ctx, `bandwidth-${account.accountId}-${id}`, () => (voice ? { ServiceType: "Voice-V2", AppName: "Textback calls" } : { ServiceType: "Messaging-V2", AppName: "Textback texts" }));
  if (method === "PATCH") {
    for (const [, name, value] of (await readBody(req)).matchAll(/<(\w+)>([^<]*)<\/\1>/g)) app[name ?? ""] = (value ?? "").replace(/&amp;/g, "&");
  }
  const fields = Object.entries(app)
    .map(([k, v]) => `<${k}>${String(v).replace(/&/g, "&amp;")}</${k}>`)
    .join("");
  return xml(res, 200, `<ApplicationProvisioningResponse><Application><ApplicationId>${id}</ApplicationId>${fields}</Application></ApplicationProvisioningResponse>`);
}

/** @param {ServerResponse} res @param {number} status @param {unknown} body */
function json(res, status, body) {
  sendJson(res, status, body);
  return String(status);
}

/** @param {ServerResponse} res @param {number} status @param {string} body */
function xml(res, status, body) {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`);
  return String(status);
}
