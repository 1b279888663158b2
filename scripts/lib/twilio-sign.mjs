// @ts-check
/**
 * Twilio's webhook signature, for everything here that posts as Twilio: the simulator, the soak run
 * and the benchmark's load. Node crypto, synchronous (the worker's own verifier is WebCrypto).
 */
import { createHmac } from "node:crypto";

/**
 * X-Twilio-Signature: base64 HMAC-SHA1 keyed with the auth token over the full URL followed by
 * every `name + value`, names sorted by code unit (JS default sort, as Twilio does). The URL is the
 * one requested, without its fragment.
 *
 * @example twilioSignature("12345", "https://example.com/hook", { From: "+14155550100" })
 * @param {string} authToken
 * @param {string} url
 * @param {Record<string, string>} params
 * @returns {string}
 */
export function twilioSignature(authToken, url, params) {
  // A connection-override fragment (#rc=…) is Twilio's own instruction: never sent, never signed.
  let data = url.split("#")[0] ?? url;
  for (const name of Object.keys(params).sort()) data += name + params[name];
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/**
 * A form POST to `url` as Twilio sends one: the urlencoded body and the headers that sign it.
 *
 * @param {string} authToken
 * @param {string} url
 * @param {Record<string, string>} params
 * @returns {{ headers: Record<string, string>, body: string }}
 */
export function signedTwilioForm(authToken, url, params) {
  return {
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}
