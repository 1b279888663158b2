/** Twilio-shaped webhook requests for the benchmark: unique calls, signed like Twilio signs them. */
import { randomBytes } from "node:crypto";
import { signedTwilioForm } from "../../scripts/lib/twilio-sign.mjs";

// Exchanges 200-999 that are valid NANP and not 555 (fiction / directory) or N11.
const EXCHANGES = [];
for (let x = 200; x <= 999; x++) if (x % 100 !== 11 && x !== 555) EXCHANGES.push(x);

/** Real geographic US area codes; callers and business numbers never share one. */
const CALLER_NPAS = ["415", "212", "312", "617", "206", "303", "404", "602", "713", "305"];
const BUSINESS_NPAS = ["512", "737"];
const PER_NPA = EXCHANGES.length * 10_000;

function nanp(npas, n) {
  const npa = npas[Math.floor(n / PER_NPA) % npas.length];
  const r = n % PER_NPA;
  return `+1${npa}${EXCHANGES[Math.floor(r / 10_000)]}${String(r % 10_000).padStart(4, "0")}`;
}

/** The n-th business number (distinct for n < 15 million). */
export const businessNumber = (n) => nanp(BUSINESS_NPAS, n);

/** A forward-to phone for business n (the owner's cell), in an area code no caller uses. */
export const forwardPhone = (n) => nanp(["210"], n);

/**
 * Unique callers and CallSids for one run. Calls are distinct across runs too: the CallSid carries
 * a random run prefix, and callers start at a random offset.
 */
export function callFactory() {
  const run = randomBytes(4).toString("hex");
  let n = Math.floor(Math.random() * 1_000_000);
  let calls = 0;
  return {
    next() {
      calls++;
      n++;
      return { callSid: `CA${run}${calls.toString(16).padStart(24, "0")}`, from: nanp(CALLER_NPAS, n) };
    },
  };
}

/**
 * The address a webhook comes from. Carriers post from pools of addresses and the app rate-limits
 * webhooks per `cf-connecting-ip` (600/min), which Cloudflare's edge sets; locally Miniflare would
 * set it to 127.0.0.1 for every request. Rotating over 512 addresses keeps each far below the limit
 * (the limiter check itself stays on the measured path).
 */
let ipSeq = 0;
function carrierAddress() {
  const n = ipSeq++ % 512;
  return n < 256 ? `198.51.100.${n}` : `203.0.113.${n - 256}`;
}

/** A signed dial-status webhook (the `<Dial action>` Twilio posts when the forwarded leg ends). */
export function dialStatusRequest(workerUrl, line, call, dialCallStatus = "no-answer") {
  const url = `${workerUrl}/webhooks/twilio/dial-status`;
  const params = {
    AccountSid: line.accountSid,
    ApiVersion: "2010-04-01",
    CallSid: call.callSid,
    CallStatus: "in-progress",
    Called: line.e164,
    Caller: call.from,
    DialCallSid: `CA${call.callSid.slice(2, 10)}d${call.callSid.slice(11)}`,
    DialCallStatus: dialCallStatus,
    Direction: "inbound",
    From: call.from,
    To: line.e164,
  };
  const { headers, body } = signedTwilioForm(line.authToken, url, params);
  return { path: "/webhooks/twilio/dial-status", body, headers: { ...headers, "cf-connecting-ip": carrierAddress() } };
}

/** A signed inbound text (`/webhooks/twilio/sms`) from `from` to the business number `line`. */
export function inboundSmsRequest(workerUrl, line, from, body) {
  const url = `${workerUrl}/webhooks/twilio/sms`;
  const params = { AccountSid: line.accountSid, MessageSid: `SM${randomBytes(16).toString("hex")}`, From: from, To: line.e164, Body: body, NumMedia: "0" };
  const { headers, body: form } = signedTwilioForm(line.authToken, url, params);
  return { path: "/webhooks/twilio/sms", body: form, headers: { ...headers, "cf-connecting-ip": carrierAddress() } };
}
