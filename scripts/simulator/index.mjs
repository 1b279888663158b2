// @ts-check
/**
 * A local stand-in for Twilio, Telnyx, Vonage, Plivo and Bandwidth, so Textback runs end to end with
 * no account and no network. It plays both sides of each carrier: the APIs the worker calls
 * (twilio-api.mjs, telnyx-api.mjs, vonage-api.mjs; plivo.mjs and bandwidth.mjs hold both sides) and the
 * webhooks the carrier sends it (twilio-webhooks.mjs, telnyx-webhooks.mjs, vonage-webhooks.mjs),
 * signed as each carrier signs them. Which carrier a simulated call or text goes through is chosen
 * per business number (dispatch.mjs). Node built-ins only.
 */
export { CALL_OUTCOMES, randomUsNumber } from "./calls.mjs";
export { DEMO_ACCOUNT, DEMO_BANDWIDTH_ACCOUNT, DEMO_BANDWIDTH_NUMBER, DEMO_PLIVO_ACCOUNT, DEMO_PLIVO_NUMBER, DEMO_TELNYX_ACCOUNT, DEMO_TELNYX_KEY_SEED, DEMO_TELNYX_NUMBER, DEMO_VONAGE_NUMBER, demoVonageApplication } from "./demo.mjs";
export { placePlivoCall, sendInboundPlivoSms } from "./plivo.mjs";
export { placeBandwidthCall, sendInboundBandwidthSms } from "./bandwidth.mjs";
export { BANDWIDTH_TOKEN_PATH } from "./bandwidth-auth.mjs";
export { segmentCount } from "./encoding.mjs";
export { startSimulator } from "./server.mjs";
export { telnyxKeyPair, telnyxSignature } from "./telnyx-keys.mjs";
export { placeTelnyxCall, sendInboundTelnyxSms } from "./telnyx-webhooks.mjs";
export { placeVonageCall, sendInboundVonageSms, vonageSignedAuthorization } from "./vonage-webhooks.mjs";
export { dialResult, inboundCallParams, newTwilioAccount, placeCall, sendInboundSms, twilioSid } from "./twilio-webhooks.mjs";

// The shapes callers see (JSDoc types; nothing at run time).
export * from "./types.mjs";
