// @ts-check
/**
 * Telnyx's APIs as the worker calls them: messaging (`POST /v2/messages`, Bearer API key, JSON,
 * `{errors:[…]}` on failure, then `message.sent` / `message.finalized` events) and Call Control's
 * `POST /v2/calls/:id/actions/transfer`.
 */
import { randomUUID } from "node:crypto";
import { segmentCount, textEncoding } from "./encoding.mjs";
import { bearerToken, delay, retryAfterHeaders, sameSecret, sendJson } from "./http.mjs";
import { telnyxPost } from "./telnyx-webhooks.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */
/** @import { SimTelnyxAccount } from "./types.mjs" */

export const TELNYX_TRANSFER_PATH = /^\/v2\/calls\/([^/]+)\/actions\/transfer$/;

/** As with Twilio's callbacks, the events come after the sender has stored the message id. */
const STATUS_EVENT_DELAY_MS = 250;

/** Defaults for a scripted fault on a Telnyx send that names only an HTTP status. */
const TELNYX_FAULT_DEFAULTS = /** @type {Record<number, [string, string]>} */ ({
  400: ["40310", "Invalid 'to' address"],
  401: ["10009", "Authentication failed"],
  403: ["10010", "Authorization failed"],
  404: ["10005", "Resource not found"],
  422: ["10015", "Bad Request"],
  429: ["10011", "Too many requests"],
  500: ["10007", "Unexpected error"],
  503: ["10007", "Unexpected error"],
});

/**
 * Telnyx's error body: a list of `{code, title, detail}`, codes as strings.
 *
 * @param {number | string} code
 * @param {string} title
 * @param {string} [detail]
 */
export function telnyxErrors(code, title, detail) {
  return { errors: [{ code: String(code), title, ...(detail ? { detail } : {}) }] };
}

const AUTH_FAILED = telnyxErrors("10009", "Authentication failed", "The API key is missing, invalid or revoked.");
const NOT_JSON = telnyxErrors("10015", "Bad Request", "The request body is not valid JSON.");

/**
 * An outbound message as `POST /v2/messages` returns it (and its later events carry it).
 *
 * @param {{ to: string, from: string, text: string, messaging_profile_id?: string, webhook_url?: string, webhook_failover_url?: string }} json
 * @param {string} status
 * @param {Date} now
 */
function telnyxOutboundMessage(json, status, now) {
  const text = json.text ?? "";
  return {
    record_type: "message",
    direction: "outbound",
    id: randomUUID(),
    type: "SMS",
    messaging_profile_id: json.messaging_profile_id ?? null,
    organization_id: "00000000-0000-4000-8000-00000000d3f0",
    from: { phone_number: json.from, carrier: "Telnyx", line_type: "Wireless" },
    to: [{ phone_number: json.to, status, carrier: "Simulated Wireless", line_type: "Wireless" }],
    text,
    media: [],
    webhook_url: json.webhook_url ?? null,
    webhook_failover_url: json.webhook_failover_url ?? null,
    encoding: textEncoding(text),
    parts: segmentCount(text),
    tags: [],
    cost: null,
    received_at: now.toISOString(),
    sent_at: /** @type {string | null} */ (null),
    completed_at: /** @type {string | null} */ (null),
    valid_until: new Date(now.getTime() + 4 * 3600_000).toISOString(),
    errors: [],
  };
}

/**
 * The Telnyx account whose API key is the request's Bearer token, if any.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @returns {SimTelnyxAccount | undefined}
 */
function telnyxAccountOf(ctx, req) {
  const token = bearerToken(req.headers.authorization);
  return token ? ctx.telnyxAccounts.find((a) => sameSecret(a.apiKey, token)) : undefined;
}

/**
 * @param {string} raw
 * @returns {any} undefined when the body is not JSON
 */
function jsonOrUndefined(raw) {
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return undefined;
  }
}

/**
 * Why Telnyx would refuse this message body, if it would: `[status, error body]`.
 *
 * @param {any} json
 * @returns {[number, ReturnType<typeof telnyxErrors>] | undefined}
 */
function invalidMessage(json) {
  if (json === undefined || typeof json !== "object" || Array.isArray(json)) return [400, NOT_JSON];
  if (typeof json.to !== "string" || !/^\+?[0-9]{3,15}$/.test(json.to)) {
    return [400, telnyxErrors("40310", "Invalid 'to' address", "The 'to' address should be in E.164 format.")];
  }
  if (typeof json.from !== "string" || !json.from) {
    return [400, telnyxErrors("40305", "Invalid 'from' address", "A 'from' address or a messaging_profile_id is required.")];
  }
  if (typeof json.text !== "string" || !json.text) return [400, telnyxErrors("10015", "Bad Request", "The 'text' field is required.")];
  if (json.text.length > 1600) return [400, telnyxErrors("40009", "Invalid message body", "The text exceeds 1600 characters.")];
  return undefined;
}

/**
 * `POST /v2/messages`: auth, validation, scripted faults, then 200 `{data: message}` like Telnyx.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} raw
 * @returns {string} the outcome, for the log line
 */
export function createTelnyxMessage(ctx, req, res, raw) {
  const json = jsonOrUndefined(raw);
  const record = { at: new Date().toISOString(), carrier: /** @type {const} */ ("telnyx"), accountSid: "", to: json?.to, from: json?.from, body: json?.text };
  /** @type {(status: number, payload: any, headers?: Record<string, string>) => string} */
  const answer = (status, payload, headers) => {
    ctx.store.requests.push({ ...record, status, code: payload.errors?.[0]?.code ?? null });
    sendJson(res, status, payload, headers);
    return `${status} telnyx to=${record.to ?? "-"}${payload.errors ? ` code=${payload.errors[0].code}` : ""}`;
  };

  const account = telnyxAccountOf(ctx, req);
  if (!account) return answer(401, AUTH_FAILED, { "www-authenticate": "Bearer" });
  record.accountSid = account.name ?? "telnyx";
  const invalid = invalidMessage(json);
  if (invalid) return answer(...invalid);

  const fault = ctx.store.takeFault(json.to);
  if (fault) {
    const [code, title] = TELNYX_FAULT_DEFAULTS[fault.status] ?? [String(fault.status * 100), "Simulated failure"];
    return answer(fault.status, telnyxErrors(fault.code ?? code, title, fault.message), retryAfterHeaders(fault));
  }

  const message = telnyxOutboundMessage(json, "queued", new Date());
  ctx.store.messages.push({ carrier: "telnyx", to: json.to, from: json.from, body: json.text, sid: message.id, accountSid: record.accountSid, at: record.at });
  const line = answer(200, { data: message });
  if (typeof json.webhook_url === "string" && json.webhook_url) void reportTelnyxDelivery(ctx, json.webhook_url, message);
  return `${line} id=${message.id}`;
}

/**
 * Like Telnyx, follow an accepted message with `message.sent` then `message.finalized` (delivered).
 *
 * @param {SimContext} ctx
 * @param {string} webhookUrl
 * @param {ReturnType<typeof telnyxOutboundMessage>} message
 */
async function reportTelnyxDelivery(ctx, webhookUrl, message) {
  /** @type {[string, string][]} */
  const steps = [["message.sent", "sent"], ["message.finalized", "delivered"]];
  for (const [event, status] of steps) {
    await delay(STATUS_EVENT_DELAY_MS);
    const now = new Date().toISOString();
    const payload = {
      ...message,
      to: message.to.map((t) => ({ ...t, status })),
      sent_at: now,
      completed_at: status === "delivered" ? now : null,
    };
    const r = await telnyxPost(webhookUrl, ctx.telnyxKeys.privateKey, event, payload);
    ctx.say(`[sim] → telnyx ${event} ${message.id} ${r.status || r.error}`);
  }
}

/**
 * Call Control `actions/transfer`: recorded for the call simulation to pick up; answers like Telnyx.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} callControlId
 * @param {string} raw
 * @returns {string} the outcome, for the log line
 */
export function transferTelnyxCall(ctx, req, res, callControlId, raw) {
  const account = telnyxAccountOf(ctx, req);
  if (!account) {
    sendJson(res, 401, AUTH_FAILED);
    return "401 transfer";
  }
  const json = jsonOrUndefined(raw);
  if (json === undefined) {
    sendJson(res, 400, NOT_JSON);
    return "400 transfer";
  }
  if (typeof json.to !== "string" || !json.to) {
    sendJson(res, 422, telnyxErrors("10015", "Bad Request", "The 'to' parameter is required."));
    return "422 transfer";
  }
  const { transfers } = ctx.store;
  const repeat = json.command_id !== undefined && transfers.some((t) => t.callControlId === callControlId && t.command_id === json.command_id);
  transfers.push({ at: new Date().toISOString(), callControlId, account: account.name ?? "telnyx", duplicate: repeat, ...json });
  sendJson(res, 200, { data: { result: "ok" } });
  return `200 transfer to=${json.to}${repeat ? " (repeated command_id)" : ""}`;
}
