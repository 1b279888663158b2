// @ts-check
import { generateKeyPairSync } from "node:crypto";

/**
 * What `npm start` registers for its demo business. Local only: none of it is a secret.
 */

/** The Twilio account of the demo number +15122345678. */
export const DEMO_ACCOUNT = Object.freeze({ accountSid: "AC" + "de".repeat(16), authToken: "demo_auth_token_local_only" });

/** The second demo number, on Telnyx. */
export const DEMO_TELNYX_NUMBER = "+15122345679";

/** The Telnyx account of the Telnyx demo number. */
export const DEMO_TELNYX_ACCOUNT = Object.freeze({ apiKey: "KEYdemo_telnyx_api_key_local_only", name: "telnyx-demo" });

/**
 * Seed of the Ed25519 key Telnyx events are signed with: fixed, so the public key registered for
 * the demo number on the first run still verifies on the next.
 */
export const DEMO_TELNYX_KEY_SEED = "7e1e5ead0000000000000000000000000000000000000000000000000000d3f0";

/** The third demo number, on Vonage. */
export const DEMO_VONAGE_NUMBER = "+15122345680";

/**
 * The Vonage application of the Vonage demo number. Its RSA key is made here unless given: `npm start`
 * keeps one in a git-ignored file, so the number registered on the first run still sends on the next.
 *
 * @param {string} [privateKeyPem] PKCS#8 PEM
 * @returns {import("./types.mjs").SimVonageApplication}
 */
export function demoVonageApplication(privateKeyPem) {
  const pem = privateKeyPem ?? generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  return Object.freeze({
    apiKey: "demo1234",
    apiSecret: "demo_vonage_api_secret_local_only",
    applicationId: "de000000-0000-4000-8000-00000000d3f0",
    signatureSecret: "demo_vonage_signature_secret_local_only",
    privateKeyPem: pem,
  });
}

/** The fourth demo number, on Plivo. */
export const DEMO_PLIVO_NUMBER = "+15122345682";

/** The Plivo account of the Plivo demo number (its token signs the simulated webhooks). */
export const DEMO_PLIVO_ACCOUNT = Object.freeze({ authId: "MADEMOPLIVO000000001", authToken: "demo_plivo_token_local_only" });

/** The fifth demo number, on Bandwidth. */
export const DEMO_BANDWIDTH_NUMBER = "+15122345683";

/** The Bandwidth account of the Bandwidth demo number (its callback credentials authenticate the simulated callbacks). */
export const DEMO_BANDWIDTH_ACCOUNT = Object.freeze({
  accountId: "9900000",
  clientId: "demo-bandwidth-client",
  clientSecret: "demo_bandwidth_client_secret_local_only",
  applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
  callbackUsername: "textback-demo",
  callbackPassword: "demo_callback_password_local_only",
});
