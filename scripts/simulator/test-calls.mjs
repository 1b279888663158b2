// @ts-check
/**
 * The call-create APIs of Plivo (Make a Call), Vonage (Voice API create call) and Bandwidth (Create
 * Call), as the worker's "Place a test call" uses them: authenticated as each carrier does, the
 * fields each requires checked, then accepted and placed nowhere (the demo has no phone to ring), as
 * Twilio's and Telnyx's are in number-settings.mjs. A fault scripted for the called number answers
 * instead, in the carrier's error format.
 */
import { randomUUID } from "node:crypto";
import { BANDWIDTH_VOICE_APP } from "./app-settings.mjs";
import { basicAuth, parseJson, readBody, sameSecret, sendJson } from "./http.mjs";
import { bandwidthAccountOfToken } from "./bandwidth-auth.mjs";
import { vonageAppOfToken } from "./vonage-api.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */

const PLIVO_CALL = /^\/v1\/Account\/([^/]+)\/Call\/$/;
const VONAGE_CALLS = "/v1/calls";
const BANDWIDTH_CALLS = /^\/api\/v2\/accounts\/(\d+)\/calls$/;
const URL_LIKE = /^https?:\/\/\S+$/;

/**
 * A test call's create request; undefined when the request is for none of these APIs.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} method
 * @param {URL} url
 * @returns {Promise<string | undefined>}
 */
export async function testCallRoute(ctx, req, res, method, url) {
  if (method !== "POST") return undefined;
  const plivo = PLIVO_CALL.exec(url.pathname);
  if (plivo) return plivoCall(ctx, req, res, decodeURIComponent(plivo[1] ?? ""), parseJson(await readBody(req)));
  if (url.pathname === VONAGE_CALLS) return vonageCall(ctx, req, res, parseJson(await readBody(req)));
  const bandwidth = BANDWIDTH_CALLS.exec(url.pathname);
  if (bandwidth) return bandwidthCall(ctx, req, res, bandwidth[1] ?? "", parseJson(await readBody(req)));
  return undefined;
}

/** @param {SimContext} ctx @param {IncomingMessage} req @param {ServerResponse} res @param {string} authId @param {any} body */
function plivoCall(ctx, req, res, authId, body) {
  const answer = (/** @type {number} */ status, /** @type {object} */ payload) => reply(res, "plivo", status, { api_id: randomUUID(), ...payload }, body?.to);
  const creds = basicAuth(req.headers.authorization);
  const account = creds ? ctx.plivoAccounts.find((a) => a.authId === creds.user && sameSecret(a.authToken, creds.password)) : undefined;
  if (!account || account.authId !== authId) return answer(401, { error: "Authentication failed" });
  if (!/^\d{8,15}$/.test(body?.from ?? "") || !/^\d{8,15}$/.test(body?.to ?? "")) return answer(400, { error: "from and to must be numbers with the country code, without the +" });
  if (!URL_LIKE.test(body.answer_url ?? "")) return answer(400, { error: "answer_url is required" });
  const fault = ctx.store.takeFault(`+${body.to}`);
  if (fault) return answer(fault.status, { error: fault.message ?? "Simulated failure" });
  return answer(201, { message: "call fired", request_uuid: randomUUID() });
}

/** @param {SimContext} ctx @param {IncomingMessage} req @param {ServerResponse} res @param {any} body */
function vonageCall(ctx, req, res, body) {
  const problem = (/** @type {number} */ status, /** @type {string} */ code, /** @type {string} */ title, /** @type {string} */ detail) =>
    reply(res, "vonage", status, { type: `https://developer.nexmo.com/api-errors#${code}`, title, detail, instance: randomUUID() }, to);
  const to = body?.to?.[0]?.number;
  // The Voice API takes the application's token only, never the account's key and secret.
  if (!vonageAppOfToken(ctx, req)) return problem(401, "unauthorized", "Unauthorized", "You did not provide correct credentials.");
  const phone = (/** @type {any} */ e) => e?.type === "phone" && /^[1-9]\d{6,14}$/.test(e.number ?? "");
  if (!Array.isArray(body?.to) || !phone(body.to[0]) || !phone(body.from)) return problem(400, "validation", "Bad Request", "to and from must be phone endpoints with E.164 numbers without the +.");
  if (!Array.isArray(body.ncco) && !Array.isArray(body.answer_url)) return problem(400, "validation", "Bad Request", "An ncco or an answer_url is required.");
  const fault = ctx.store.takeFault(`+${to}`);
  if (fault) return problem(fault.status, String(fault.code ?? "simulated"), "Simulated failure", fault.message ?? "Simulated failure");
  return reply(res, "vonage", 201, { uuid: randomUUID(), status: "started", direction: "outbound", conversation_uuid: `CON-${randomUUID()}` }, to);
}

/** @param {SimContext} ctx @param {IncomingMessage} req @param {ServerResponse} res @param {string} accountId @param {any} body */
function bandwidthCall(ctx, req, res, accountId, body) {
  const error = (/** @type {number} */ status, /** @type {string} */ type, /** @type {string} */ description) => reply(res, "bandwidth", status, { type, description, id: null }, body?.to);
  const account = bandwidthAccountOfToken(ctx, req);
  if (!account || account.accountId !== accountId) return error(401, "authentication-error", "The credentials provided were invalid");
  const e164 = /^\+[1-9]\d{6,14}$/;
  if (!e164.test(body?.to ?? "") || !e164.test(body?.from ?? "")) return error(400, "validation", "Invalid to or from: must be an E164 telephone number");
  if (body.applicationId !== BANDWIDTH_VOICE_APP) return error(400, "validation", "applicationId must be the Voice application of the from number's location");
  if (!URL_LIKE.test(body.answerUrl ?? "")) return error(400, "validation", "answerUrl is required");
  const fault = ctx.store.takeFault(body.to);
  if (fault) return error(fault.status, "simulated", fault.message ?? "Simulated failure");
  const callId = `c-${randomUUID()}`;
  return reply(res, "bandwidth", 201, { callId, accountId, applicationId: body.applicationId, to: body.to, from: body.from, answerUrl: body.answerUrl, callTimeout: body.callTimeout ?? 30 }, body.to);
}

/** @param {ServerResponse} res @param {string} carrier @param {number} status @param {unknown} payload @param {unknown} to */
function reply(res, carrier, status, payload, to) {
  sendJson(res, status, payload);
  return `${status} ${carrier} test call to=${typeof to === "string" ? to : "-"}${status < 300 ? " (placed nowhere)" : ""}`;
}
