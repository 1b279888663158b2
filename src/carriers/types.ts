import type { z } from "zod";
import type { Env } from "../env";

export const CARRIERS = ["twilio", "signalwire", "telnyx"] as const;
export type CarrierName = (typeof CARRIERS)[number];

export interface OutgoingText {
  from: string;
  to: string;
  body: string;
  /** Where the carrier should report delivery (Twilio-style StatusCallback / Telnyx webhook_url). */
  statusCallback?: string;
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
  credentialsSchema: z.ZodType<Creds>;
  sendText(env: Env, creds: Creds, text: OutgoingText): Promise<SendResult>;
}
