import { bandwidthCarrier } from "./bandwidth";
import { plivoCarrier } from "./plivo";
import { signalwireCarrier } from "./signalwire";
import { telnyxCarrier } from "./telnyx";
import { twilioCarrier } from "./twilio";
import { vonageCarrier } from "./vonage";
import type { Carrier, CarrierName, OutgoingText, SendResult } from "./types";
import type { Env } from "../env";
import { describeIssues } from "../input";

/** Every carrier the outbox can send through, by the name stored on a number. */
const registry = {
  twilio: twilioCarrier,
  signalwire: signalwireCarrier,
  telnyx: telnyxCarrier,
  vonage: vonageCarrier,
  plivo: plivoCarrier,
  bandwidth: bandwidthCarrier,
};

/**
 * Stored credentials are checked again before they leave: ones saved before a rule existed (a
 * SignalWire Space on a private address), of a kind the carrier has since retired (a Bandwidth API
 * user) or edited in D1 by hand fail once, with a code the admin sees, and no request is made with them.
 */
async function sendWith<C>(carrier: Carrier<C>, env: Env, credentials: unknown, text: OutgoingText): Promise<SendResult> {
  const retired = carrier.refuseStored?.(credentials);
  if (retired) return retired;
  const creds = carrier.credentialsSchema.safeParse(credentials);
  if (!creds.success) {
    const fields = describeIssues(creds.error.issues);
    return { ok: false, kind: "permanent", code: "invalid_credentials", message: `the number's stored credentials are invalid: ${fields}` };
  }
  return carrier.sendText(env, creds.data, text);
}

/** Send through the carrier a number belongs to, with its (decrypted) credentials. */
export function sendText(env: Env, carrier: CarrierName, credentials: unknown, text: OutgoingText): Promise<SendResult> {
  const c = registry[carrier];
  if (c.name === "vonage") return sendWith(vonageCarrier, env, credentials, text);
  return c.name === "twilio"
    ? sendWith(twilioCarrier, env, credentials, text)
    : c.name === "signalwire"
      ? sendWith(signalwireCarrier, env, credentials, text)
      : c.name === "plivo"
        ? sendWith(plivoCarrier, env, credentials, text)
        : c.name === "bandwidth"
          ? sendWith(bandwidthCarrier, env, credentials, text)
          : sendWith(telnyxCarrier, env, credentials, text);
}

export function isCarrierName(name: string): name is CarrierName {
  return name in registry;
}
