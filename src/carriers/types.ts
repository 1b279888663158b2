import type * as z from "../zod";

import type { CarrierName } from "../vocabulary";

export { CARRIERS, type CarrierName } from "../vocabulary";

export interface OutgoingText {
  from: string;
  to: string;
  body: string;
  /**
   * Our public origin; each carrier builds its own delivery-report URL from it (Twilio and SignalWire
   * report to /webhooks/twilio/sms-status, Telnyx to /webhooks/telnyx).
   */
  callbackOrigin?: string;
}

/** What the outbox does with a send attempt. */
export type SendResult =
  | { ok: true; carrierMessageId: string; status: string }
  | {
      ok: false;
      /** retry: try again later; permanent: never succeeds as is; opted_out: the recipient unsubscribed. */
      kind: "retry" | "permanent" | "opted_out";
      code: string;
      message: string;
      retryAfterSeconds?: number;
    };

export type FailureKind = Extract<SendResult, { ok: false }>["kind"];

/**
 * What the outbox needs from a carrier. Webhook parsing stays with each carrier's route, since the
 * wire formats (signed forms vs signed JSON events) have nothing in common worth abstracting.
 */
export interface Carrier<Creds> {
  name: CarrierName;
  credentialsSchema: z.ZodMiniType<Creds>;
  /** The failure for stored credentials of a kind the carrier no longer accepts (Bandwidth's API users); null for any other. */
  refuseStored?(stored: unknown): SendResult | null;
  sendText(env: CarrierEnv, creds: Creds, text: OutgoingText): Promise<SendResult>;
}

/** The part of the Worker's env carriers read: their API origins (a local stand-in in development). */
export interface CarrierEnv {
  TWILIO_API_BASE: string;
  TELNYX_API_BASE: string;
  VONAGE_API_BASE: string;
  PLIVO_API_BASE: string;
  BANDWIDTH_API_BASE: string;
  /** Bandwidth's OAuth 2.0 token endpoint: its APIs take a bearer token, not the credentials themselves. */
  BANDWIDTH_TOKEN_URL: string;
}
