import { signalwireCarrier } from "./signalwire";
import { telnyxCarrier } from "./telnyx";
import { twilioCarrier } from "./twilio";
import type { Carrier, CarrierName, OutgoingText, SendResult } from "./types";
import type { Env } from "../env";

/** Every carrier the outbox can send through, by the name stored on a number. */
const registry = { twilio: twilioCarrier, signalwire: signalwireCarrier, telnyx: telnyxCarrier };

function sendWith<C>(carrier: Carrier<C>, env: Env, credentials: unknown, text: OutgoingText): Promise<SendResult> {
  return carrier.sendText(env, carrier.credentialsSchema.parse(credentials), text);
}

/** Send through the carrier a number belongs to, with its (decrypted) credentials. */
export function sendText(env: Env, carrier: CarrierName, credentials: unknown, text: OutgoingText): Promise<SendResult> {
  const c = registry[carrier];
  return c.name === "twilio"
    ? sendWith(twilioCarrier, env, credentials, text)
    : c.name === "signalwire"
      ? sendWith(signalwireCarrier, env, credentials, text)
      : sendWith(telnyxCarrier, env, credentials, text);
}

export function isCarrierName(name: string): name is CarrierName {
  return name in registry;
}
