// @ts-check
/**
 * Which carrier the page speaks for a business number, and why the worker refused it, in words. The
 * page's select picks one; "Automatic" takes the simulator's own numbers' carrier, else asks the
 * worker (its admin API, with the admin token `npm start` already has) which carrier the number was
 * added with, else Twilio.
 */

/** @import { SimContext } from "./context.mjs" */
/** @import { SimCarrier, WebhookResult } from "./types.mjs" */

/** The carriers the simulator speaks, as the page names them. */
export const SIM_CARRIERS = /** @type {Record<SimCarrier, string>} */ ({ twilio: "Twilio", telnyx: "Telnyx", vonage: "Vonage", plivo: "Plivo", bandwidth: "Bandwidth" });

/** @param {string} value @returns {value is SimCarrier} */
const isSimCarrier = (value) => Object.hasOwn(SIM_CARRIERS, value);

/**
 * The simulator's own number's carrier, if it is one.
 *
 * @param {SimContext} ctx
 * @param {string} number
 * @returns {SimCarrier | undefined}
 */
function ownCarrier(ctx, number) {
  if (ctx.vonageNumbers.has(number)) return "vonage";
  if (ctx.telnyxNumbers.has(number)) return "telnyx";
  if (ctx.plivoNumbers.has(number)) return "plivo";
  if (ctx.bandwidthNumbers.has(number)) return "bandwidth";
  return undefined;
}

/**
 * The carrier the worker has `number` on, through its admin API; undefined when it cannot tell (no
 * token, not running, no such number, a carrier the simulator does not speak).
 *
 * @param {SimContext} ctx
 * @param {string} number
 * @returns {Promise<SimCarrier | undefined>}
 */
export async function workerCarrier(ctx, number) {
  if (!ctx.workerUrl || !ctx.adminToken) return undefined;
  const headers = { authorization: `Bearer ${ctx.adminToken}` };
  const get = async (/** @type {string} */ path) => {
    const res = await fetch(`${ctx.workerUrl}/api${path}`, { headers, signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  };
  try {
    const { businesses } = /** @type {{ businesses: { id: string }[] }} */ (await get("/businesses"));
    const lists = await Promise.all(businesses.map((b) => get(`/businesses/${encodeURIComponent(b.id)}/numbers`)));
    const found = lists.flatMap((l) => /** @type {{ numbers: { e164: string, carrier: string }[] }} */ (l).numbers).find((n) => n.e164 === number);
    return found && isSimCarrier(found.carrier) ? found.carrier : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The carrier a form's call or text goes through: the one picked, else (Automatic) the number's.
 * Undefined leaves it to the dispatcher (Twilio).
 *
 * @param {SimContext} ctx
 * @param {string | undefined} picked the select's value: a carrier, or "auto" / empty
 * @param {string} number
 * @returns {Promise<SimCarrier | undefined>}
 */
export async function chosenCarrier(ctx, picked, number) {
  if (picked && picked !== "auto") {
    if (!isSimCarrier(picked)) throw new Error(`Carrier: "${picked}" is not one the simulator speaks (${Object.values(SIM_CARRIERS).join(", ")})`);
    return picked;
  }
  return ownCarrier(ctx, number) ?? (await workerCarrier(ctx, number));
}

/**
 * Whose credentials the simulator signs or authenticates `carrier`'s webhooks with.
 *
 * @param {SimContext} ctx
 * @param {SimCarrier} carrier
 */
function signsAs(ctx, carrier) {
  switch (carrier) {
    case "twilio":
      return `Twilio account ${ctx.accounts[0]?.accountSid} and its auth token`;
    case "telnyx":
      return `Telnyx public key ${ctx.telnyxKeys.publicKeyB64}`;
    case "vonage":
      return "Vonage application and signature secret (scripts/simulator/demo.mjs)";
    case "plivo":
      return `Plivo Auth ID ${ctx.plivoAccounts[0]?.authId} and its auth token`;
    case "bandwidth":
      return `Bandwidth callback username ${ctx.bandwidthAccounts[0]?.callbackUsername} and its password`;
  }
}

/**
 * The worker's answers that were not a success, in words that say what happened: not running, a
 * refused signature (the number's credentials are not the simulator's, or no business has the
 * number), or another status. Null when every webhook was taken.
 *
 * @param {SimContext} ctx
 * @param {"call" | "text"} what
 * @param {SimCarrier} carrier
 * @param {string} to
 * @param {WebhookResult[]} webhooks
 */
export function refusalWords(ctx, what, carrier, to, webhooks) {
  const bad = webhooks.find((w) => !(w.status >= 200 && w.status < 300));
  if (!bad) return null;
  const name = SIM_CARRIERS[carrier];
  if (!bad.status) return `The worker did not answer the ${what} (${bad.error ?? "unreachable"}): is it running at ${ctx.workerUrl}?`;
  if (bad.status === 403) {
    return (
      `The worker refused the ${what}: 403 (signature) on ${name}'s ${bad.name} webhook. It checks each ${name} webhook with the number's own credentials, ` +
      `and refuses a number no business has alike: is ${to} added to a business as a ${name} number, with the simulator's ${signsAs(ctx, carrier)}? ` +
      `If the number is on another carrier, pick it under Carrier.`
    );
  }
  return `The worker refused the ${what}: ${bad.status} on ${name}'s ${bad.name} webhook${bad.body ? ` (${bad.body.slice(0, 200)})` : ""}.`;
}
