// @ts-check
/** HTTP plumbing both carriers share: reading requests, answering JSON, and posting webhooks. */
import { createHmac, timingSafeEqual } from "node:crypto";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { WebhookResult } from "./types.mjs" */

/** Twilio gives a webhook 15 s before it counts as failed (error 11200); Telnyx's get the same here. */
const WEBHOOK_TIMEOUT_MS = 15_000;
const MAX_REQUEST_BYTES = 64 * 1024;

/** An Error that carries the HTTP status the simulator answers it with. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @param {string} message */
export const badRequest = (message) => new HttpError(400, message);

/**
 * @param {IncomingMessage} req
 * @returns {Promise<string>}
 */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on("data", (/** @type {Buffer} */ c) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new HttpError(413, "body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, value, headers = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(value, null, 2));
}

/**
 * The `retry-after` a scripted fault asks for, if any.
 *
 * @param {{ retryAfter?: number }} fault
 * @returns {Record<string, string>}
 */
export function retryAfterHeaders(fault) {
  return fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
}

/**
 * A control request's JSON body (an empty body is `{}`).
 *
 * @param {string} text
 * @returns {any}
 */
export function parseJson(text) {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw badRequest("body must be JSON");
  }
}

/**
 * Compares as fixed-length digests so neither length nor content leaks through timing.
 *
 * @param {string} a
 * @param {string} b
 */
export function sameSecret(a, b) {
  const h = (/** @type {string} */ s) => createHmac("sha256", "textback-sim").update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/**
 * @param {string | undefined} header
 * @returns {{ user: string, password: string } | null}
 */
export function basicAuth(header) {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * @param {string | undefined} header
 * @returns {string | undefined}
 */
export function bearerToken(header) {
  return /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
}

/**
 * `pathname` on the worker, whether or not its URL ends in a slash.
 *
 * @param {string} workerUrl
 * @param {string} pathname
 */
export function workerEndpoint(workerUrl, pathname) {
  return `${workerUrl.replace(/\/$/, "")}${pathname}`;
}

/**
 * POST a webhook to the worker. Never throws for HTTP or network errors: like a carrier, the
 * simulator records what happened (status 0 when the worker could not be reached) and carries on.
 *
 * @param {string} name
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {string} body
 * @returns {Promise<WebhookResult>}
 */
export async function postWebhook(name, url, headers, body) {
  const started = Date.now();
  try {
    const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    return { name, url, status: res.status, body: await res.text(), ms: Date.now() - started };
  } catch (e) {
    const err = /** @type {{ message?: string, cause?: { message?: string } } | undefined} */ (e);
    return { name, url, status: 0, body: "", error: String(err?.cause?.message ?? err?.message ?? e), ms: Date.now() - started };
  }
}

/** @param {number} ms */
export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
