// @ts-check
/**
 * Vonage's Messages API as the worker calls it: `POST /v1/messages` (JSON, SMS channel) with an
 * application JWT (RS256, checked with the application's public key) or Basic key:secret, answered
 * 202 `{message_uuid}` or a problem document (RFC 7807), then status callbacks (submitted, delivered).
 */
import { createPublicKey, createVerify, randomUUID } from "node:crypto";
import { basicAuth, bearerToken, delay, retryAfterHeaders, sameSecret, sendJson, workerEndpoint } from "./http.mjs";
import { vonagePost } from "./vonage-webhooks.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */
/** @import { SimVonageApplication } from "./types.mjs" */

export const VONAGE_MESSAGES_PATH = "/v1/messages";

const STATUS_EVENT_DELAY_MS = 250;

/**
 * @param {string} code
 * @param {string} title
 * @param {string} detail
 */
export function vonageProblem(code, title, detail) {
  return { type: `https://developer.nexmo.com/api-errors/messages-olympus#${code}`, title, detail, instance: randomUUID() };
}

export const UNAUTHORIZED = { type: "https://developer.vonage.com/api-errors#unauthorized", title: "Unauthorized", detail: "You did not provide correct credentials.", instance: randomUUID() };

/** Defaults for a scripted fault that names only an HTTP status. */
const FAULT_DEFAULTS = /** @type {Record<number, [string, string]>} */ ({
  401: ["unauthorized", "Unauthorized"],
  402: ["low-balance", "Low balance"],
  422: ["1020", "Invalid params"],
  429: ["1000", "Throttled"],
  500: ["1030", "Internal error"],
  503: ["1030", "Internal error"],
});

/**
 * The application an RS256 application token names, if the token verifies with that application's
 * public key and is unexpired.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @returns {SimVonageApplication | undefined}
 */
export function vonageAppOfToken(ctx, req) {
  const token = bearerToken(req.headers.authorization);
  const [h, p, s] = token?.split(".") ?? [];
  if (!h || !p || !s) return undefined;
  try {
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
    const app = ctx.vonageApplications.find((a) => a.applicationId === claims.application_id);
    if (!app || header.alg !== "RS256" || !(claims.exp > Date.now() / 1000)) return undefined;
    const ok = createVerify("RSA-SHA256").update(`${h}.${p}`).verify(createPublicKey(app.privateKeyPem), Buffer.from(s, "base64url"));
    return ok ? app : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The application (or account) the request authenticates as, if any: an application token
 * (vonageAppOfToken), or Basic with an API key and secret.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @returns {SimVonageApplication | undefined}
 */
function vonageAppOf(ctx, req) {
  const basic = basicAuth(req.headers.authorization);
  if (basic) return ctx.vonageApplications.find((a) => a.apiKey === basic.user && sameSecret(a.apiSecret, basic.password));
  return vonageAppOfToken(ctx, req);
}

/**
 * Why Vonage would refuse this body: `[status, problem]`.
 *
 * @param {any} json
 * @returns {[number, object] | undefined}
 */
function invalidMessage(json) {
  if (!json || typeof json !== "object") return [422, vonageProblem("1010", "Missing params", "The request body is not JSON.")];
  if (json.channel !== "sms" || json.message_type !== "text") return [422, vonageProblem("1020", "Invalid params", "channel must be sms and message_type text.")];
  if (typeof json.to !== "string" || !/^[1-9][0-9]{6,14}$/.test(json.to)) return [422, vonageProblem("1020", "Invalid params", "to must be E.164 digits without + or 00.")];
  if (typeof json.from !== "string" || !json.from) return [422, vonageProblem("1010", "Missing params", "from is required.")];
  if (typeof json.text !== "string" || !json.text || json.text.length > 1000) return [422, vonageProblem("1020", "Invalid params", "text must be 1 to 1000 characters.")];
  return undefined;
}

/**
 * `POST /v1/messages`: auth, validation, scripted faults, then 202 `{message_uuid}` like Vonage.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} raw
 * @returns {string} the outcome, for the log line
 */
export function createVonageMessage(ctx, req, res, raw) {
  let json;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const to = typeof json?.to === "string" ? `+${json.to}` : undefined;
  const from = typeof json?.from === "string" ? `+${json.from}` : undefined;
  const record = { at: new Date().toISOString(), carrier: /** @type {const} */ ("vonage"), accountSid: "", to, from, body: json?.text };
  /** @type {(status: number, payload: any, headers?: Record<string, string>) => string} */
  const answer = (status, payload, headers) => {
    const code = payload.type ? String(payload.type).split("#")[1] ?? null : null;
    ctx.store.requests.push({ ...record, status, code });
    sendJson(res, status, payload, headers);
    return `${status} vonage to=${to ?? "-"}${code ? ` code=${code}` : ""}`;
  };

  const app = vonageAppOf(ctx, req);
  if (!app) return answer(401, UNAUTHORIZED);
  record.accountSid = app.applicationId;
  const invalid = invalidMessage(json);
  if (invalid) return answer(...invalid);

  const fault = ctx.store.takeFault(to);
  if (fault) {
    const [code, title] = FAULT_DEFAULTS[fault.status] ?? [String(fault.status), "Simulated failure"];
    return answer(fault.status, vonageProblem(String(fault.code ?? code), title, fault.message ?? title), retryAfterHeaders(fault));
  }
  const id = randomUUID();
  ctx.store.messages.push({ carrier: "vonage", to: to ?? "", from: from ?? "", body: json.text, sid: id, accountSid: app.applicationId, at: record.at });
  const line = answer(202, { message_uuid: id });
  const statusUrl = typeof json.webhook_url === "string" && json.webhook_url ? json.webhook_url : ctx.workerUrl ? workerEndpoint(ctx.workerUrl, "/webhooks/vonage/status") : null;
  if (statusUrl) void reportVonageDelivery(ctx, statusUrl, app, { message_uuid: id, to: json.to, from: json.from });
  return `${line} id=${id}`;
}

/**
 * Like Vonage, follow an accepted message with `submitted` then `delivered` status callbacks.
 *
 * @param {SimContext} ctx
 * @param {string} url
 * @param {SimVonageApplication} app
 * @param {{ message_uuid: string, to: string, from: string }} message
 */
async function reportVonageDelivery(ctx, url, app, message) {
  for (const status of ["submitted", "delivered"]) {
    await delay(STATUS_EVENT_DELAY_MS);
    const r = await vonagePost(status, url, app, { ...message, status, channel: "sms", timestamp: new Date().toISOString(), usage: { currency: "EUR", price: "0.0333" } });
    ctx.say(`[sim] → vonage ${status} ${message.message_uuid} ${r.status || r.error}`);
  }
}
