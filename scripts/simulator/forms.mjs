// @ts-check
/**
 * The page's three buttons (inbox.mjs): place a call, text as the caller, text as the owner. Each
 * is a plain form post that does what `POST /_sim/call` or `POST /_sim/sms` does, then sends the
 * browser back to the page (303) with what it did and through which carrier; a refusal (a bad
 * number, the worker refusing the webhook, in words: number-carrier.mjs) shows the page again with
 * the form as typed.
 */
import { placeCallAs, sendSmsAs } from "./dispatch.mjs";
import { readBody } from "./http.mjs";
import { DONE, inboxPage } from "./inbox.mjs";
import { chosenCarrier, refusalWords } from "./number-carrier.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */
/** @import { SimCarrier, WebhookResult } from "./types.mjs" */

/**
 * A phone as people type it: E.164, or ten US digits in any punctuation.
 *
 * @param {string | undefined} raw
 * @param {string} field
 * @returns {string}
 */
function phoneField(raw, field) {
  const typed = (raw ?? "").trim();
  const digits = typed.replace(/[\s().-]/g, "");
  const e164 = /^\+[1-9]\d{7,14}$/.test(digits) ? digits : /^\d{10}$/.test(digits) ? `+1${digits}` : /^1\d{10}$/.test(digits) ? `+${digits}` : null;
  if (!e164) throw new Error(`${field}: "${typed}" is not a phone number (like +14155550100 or (415) 555-0100)`);
  return e164;
}

/**
 * Does what the form asks, through the carrier picked (or the number's: number-carrier.mjs).
 *
 * @param {SimContext} ctx
 * @param {string} form
 * @param {Record<string, string>} f
 * @returns {Promise<{ to: string, carrier: SimCarrier, webhooks: WebhookResult[] }>}
 */
async function act(ctx, form, f) {
  const to = phoneField(f.to, "To");
  const carrier = await chosenCarrier(ctx, f.carrier, to);
  if (form === "call") {
    const from = phoneField(f.from, "From");
    const result = await placeCallAs(ctx, { from, to, carrier, outcome: /** @type {import("./types.mjs").CallOutcome} */ (f.outcome || "no-answer") });
    ctx.caller = from;
    return { to, carrier: result.carrier, webhooks: result.webhooks };
  }
  const body = (f.body ?? "").trim();
  if (!body) throw new Error("Text: write something to send");
  if (form === "caller") {
    const from = phoneField(f.from, "From");
    ctx.caller = from;
    const result = await sendSmsAs(ctx, { from, to, body, carrier });
    return { to, carrier: result.carrier, webhooks: result.webhooks };
  }
  // The demo business's owner unless the page names another business's notify phone.
  const owner = f.from?.trim() ? phoneField(f.from, "From the owner's phone") : ctx.ownerPhone;
  if (!owner) throw new Error("From the owner's phone: enter the business's notify phone");
  // A business of the user's own has its own owner's phone: texts to it are the owner's from now on.
  ctx.owners.add(owner);
  ctx.callers.delete(owner);
  // "+1… text" is how an owner answers one caller by text (src/line/plan-staff.ts).
  const caller = f.caller?.trim() ? phoneField(f.caller, "Answer the caller") : null;
  const result = await sendSmsAs(ctx, { from: owner, to, body: caller ? `${caller} ${body}` : body, carrier });
  return { to, carrier: result.carrier, webhooks: result.webhooks };
}

/**
 * `POST /_sim/form/<call|caller|owner>`.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {URL} url
 * @returns {Promise<string>}
 */
export async function formPost(ctx, req, res, url) {
  const form = url.pathname.slice("/_sim/form/".length);
  const f = Object.fromEntries(new URLSearchParams(await readBody(req)));
  let error;
  let via = "";
  try {
    const done = await act(ctx, form, f);
    via = done.carrier;
    error = refusalWords(ctx, form === "call" ? "call" : "text", done.carrier, done.to, done.webhooks);
  } catch (e) {
    error = /** @type {Error} */ (e).message;
  }
  if (error) {
    res.writeHead(400, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(page(ctx, { error, values: { ...f, form } }));
    return `400 ${form}`;
  }
  res.writeHead(303, { location: `/?done=${form}&via=${via}` });
  res.end();
  return `303 ${form}`;
}

/**
 * The page as it stands, with what the last button did.
 *
 * @param {SimContext} ctx
 * @param {{ notice?: string, error?: string, values?: Record<string, string> }} [extra]
 */
export function page(ctx, extra = {}) {
  return inboxPage({ messages: ctx.store.messages, workerUrl: ctx.workerUrl, businessNumbers: ctx.businessNumbers, ownerPhone: ctx.ownerPhone, owners: ctx.owners, caller: ctx.caller, callers: ctx.callers, ...extra });
}

export { DONE };
