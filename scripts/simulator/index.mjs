// @ts-check
/**
 * A local stand-in for Twilio, Telnyx and Vonage, so Textback runs end to end with no account and no
 * network. It plays both sides of each carrier: the APIs the worker calls (twilio-api.mjs,
 * telnyx-api.mjs, vonage-api.mjs) and the webhooks the carrier sends it (twilio-webhooks.mjs,
 * telnyx-webhooks.mjs, vonage-webhooks.mjs),
 * signed as each carrier signs them. Which carrier a simulated call or text goes through is chosen
 * per business number (dispatch.mjs). Node built-ins only.
 */
export { CALL_OUTCOMES, randomUsNumber } from "./calls.mjs";
export { DEMO_ACCOUNT, DEMO_TELNYX_ACCOUNT, DEMO_TELNYX_KEY_SEED, DEMO_TELNYX_NUMBER, DEMO_VONAGE_NUMBER, demoVonageApplication } from "./demo.mjs";
export { segmentCount } from "./encoding.mjs";
export { startSimulator } from "./server.mjs";
export { telnyxKeyPair, telnyxSignature } from "./telnyx-keys.mjs";
export { placeTelnyxCall, sendInboundTelnyxSms } from "./telnyx-webhooks.mjs";
export { placeVonageCall, sendInboundVonageSms, vonageSignedAuthorization } from "./vonage-webhooks.mjs";
export { dialResult, inboundCallParams, newTwilioAccount, placeCall, sendInboundSms, twilioSid } from "./twilio-webhooks.mjs";

// The shapes callers see (JSDoc types; nothing at run time).
export * from "./types.mjs";
