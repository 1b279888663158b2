// @ts-check
/**
 * The simulator's own endpoints, for tests, `npm run call` and a person with a browser:
 *   GET  /_sim/messages[?to=+1…]   texts received            POST /_sim/reset     forget everything
 *   GET  /_sim/requests            every send attempt        GET  /_sim/transfers Telnyx transfers
 *   GET  /_sim/telnyx              the Telnyx public key and numbers
 *   POST /_sim/faults {to,responses:[{status,code?,message?,retryAfter?}]}   DELETE /_sim/faults[?to=]
 *   POST /_sim/call {from,to,outcome,accountSid?,carrier?}   POST /_sim/sms {from,to,body,accountSid?,carrier?}
 *   GET  /                          the page: buttons to call and text, and the texts received
 *   POST /_sim/form/call | caller | owner   the page's buttons (forms.mjs)
 */
import { placeCallAs, sendSmsAs } from "./dispatch.mjs";
import { parseJson, readBody, sendJson } from "./http.mjs";
import { DONE, formPost, page } from "./forms.mjs";

import { SIM_CARRIERS } from "./number-carrier.mjs";
/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */

/**
 * A control endpoint: answers, and returns the outcome for the log line.
 *
 * @typedef {(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL) => string | Promise<string>} ControlHandler
 */

/** @type {ControlHandler} */
function inbox(ctx, _req, res, url) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  const done = url.searchParams.get("done") ?? "";
  const via = url.searchParams.get("via") ?? "";
  const through = Object.hasOwn(SIM_CARRIERS, via) ? ` It went through ${SIM_CARRIERS[/** @type {keyof typeof SIM_CARRIERS} */ (via)]}.` : "";
  res.end(page(ctx, { notice: Object.hasOwn(DONE, done) ? `${DONE[done]}${through}` : undefined }));
  return "200";
}

/**
 * A read-only endpoint answering `value(ctx, url)` as JSON.
 *
 * @param {(ctx: SimContext, url: URL) => unknown} value
 * @returns {ControlHandler}
 */
const json = (value) => (ctx, _req, res, url) => {
  sendJson(res, 200, value(ctx, url));
  return "200";
};

/** @type {ControlHandler} */
function reset(ctx, _req, res) {
  ctx.store.reset();
  sendJson(res, 200, { ok: true });
  return "200";
}

/** @type {ControlHandler} */
function clearFaults(ctx, _req, res, url) {
  ctx.store.clearFaults(url.searchParams.get("to") ?? undefined);
  sendJson(res, 200, { ok: true });
  return "200";
}

/** @type {ControlHandler} */
async function setFaults(ctx, req, res) {
  const { to, responses } = parseJson(await readBody(req));
  ctx.store.setFaults(to, responses);
  sendJson(res, 200, { to, pending: ctx.store.pendingFaults(to) });
  return `200 to=${to} faults=${responses.map((/** @type {{ status: number }} */ r) => r.status).join(",")}`;
}

/** @type {ControlHandler} */
async function call(ctx, req, res) {
  const { from, to, outcome = "no-answer", accountSid, carrier } = parseJson(await readBody(req));
  const result = await placeCallAs(ctx, { from, to, outcome, accountSid, carrier });
  sendJson(res, 200, result);
  const webhooks = result.webhooks.map((w) => `${w.name}:${w.status || "unreachable"}`).join(" ");
  return `200 ${result.carrier} ${result.outcome} ${result.from}→${result.to} ${webhooks}`;
}

/** @type {ControlHandler} */
async function sms(ctx, req, res) {
  const { from, to, body, accountSid, carrier } = parseJson(await readBody(req));
  const result = await sendSmsAs(ctx, { from, to, body, accountSid, carrier });
  sendJson(res, 200, result);
  return `200 ${result.carrier} sms ${from}→${to} ${result.webhooks[0]?.status || "unreachable"}`;
}

/** By `METHOD /path`. */
export const CONTROL_ROUTES = /** @type {Record<string, ControlHandler>} */ ({
  "GET /": inbox,
  "GET /_sim/messages": json(({ store, callers, owners }, url) => {
    const to = url.searchParams.get("to");
    return { messages: to ? store.messages.filter((m) => m.to === to) : store.messages, callers: [...callers], owners: [...owners] };
  }),
  "GET /_sim/requests": json(({ store }) => ({ requests: store.requests })),
  "GET /_sim/transfers": json(({ store }) => ({ transfers: store.transfers })),
  "GET /_sim/telnyx": json((ctx) => ({ publicKey: ctx.telnyxKeys.publicKeyB64, numbers: [...ctx.telnyxNumbers] })),
  "POST /_sim/reset": reset,
  "POST /_sim/faults": setFaults,
  "DELETE /_sim/faults": clearFaults,
  "POST /_sim/call": call,
  "POST /_sim/sms": sms,
  "POST /_sim/form/call": formPost,
  "POST /_sim/form/caller": formPost,
  "POST /_sim/form/owner": formPost,
});
