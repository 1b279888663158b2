/**
 * Each carrier's number lookup as one request (setting `lookupLineType`), and how to read its
 * answer: Twilio Lookup v2 `line_type_intelligence`, Telnyx number lookup `type=carrier`,
 * SignalWire's lookup `include=carrier`, Plivo's Lookup API `type=carrier`, Vonage Number Insight
 * Standard, Bandwidth's synchronous phone number lookup. Null when the credentials are not the
 * carrier's (nothing to ask with); `read` gives null for a shape it does not know.
 */
import {
  bandwidthLineType,
  plivoLineType,
  signalwireLineType,
  telnyxLineType,
  twilioLineType,
  vonageLineType,
} from "../rules/line-type";
import type { LineType } from "../vocabulary";
import * as z from "../zod";
import { bandwidthCredentialsSchema } from "./bandwidth";
import { plivoCredentialsSchema } from "./plivo";
import { signalwireCredentialsSchema, signalwireOrigin } from "./signalwire";
import { telnyxCredentialsSchema } from "./telnyx";
import { twilioCredentialsSchema } from "./twilio";
import type { CarrierName } from "./types";
import { toVonageNumber, vonageCredentialsSchema } from "./vonage";

/** The origins the lookups go to (a local stand-in in tests); SignalWire's is the number's Space. */
export interface LookupEnv {
  TWILIO_LOOKUP_BASE?: string;
  TELNYX_API_BASE: string;
  VONAGE_API_BASE: string;
  PLIVO_LOOKUP_BASE?: string;
  BANDWIDTH_LOOKUP_BASE?: string;
}

export interface LookupRequest {
  url: string;
  authorization: string;
  /** A JSON body to POST; a GET without one. */
  body?: unknown;
  read: (json: unknown) => LineType | null;
}

const DEFAULT_ORIGIN = {
  twilio: "https://lookups.twilio.com",
  plivo: "https://lookup.plivo.com",
  bandwidth: "https://api.bandwidth.com",
};

const origin = (configured: string | undefined, fallback: string) => (configured || fallback).replace(/\/$/, "");
const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`;

/** `{ line_type_intelligence: { type, carrier_name, error_code, … }, phone_number, … }` */
const twilioAnswer = z.object({ line_type_intelligence: z.nullish(z.object({ type: z.nullish(z.string()) })) });
/** `{ data: { carrier: { type, name, … }, phone_number, … } }` */
const telnyxAnswer = z.object({ data: z.object({ carrier: z.nullish(z.object({ type: z.nullish(z.string()) })) }) });
/** `{ carrier: { linetype, lec, … }, … }` */
const signalwireAnswer = z.object({ carrier: z.nullish(z.object({ linetype: z.nullish(z.string()) })) });
/** `{ api_id, phone_number, country, format, carrier: { type, name, ported, … }, resource_uri }` */
const plivoAnswer = z.object({ carrier: z.nullish(z.object({ type: z.nullish(z.string()) })) });
/** `{ status: 0, status_message, current_carrier: { network_type, name, … }, … }`: a non-zero status is an error, over HTTP 200. */
const vonageAnswer = z.object({ status: z.number(), current_carrier: z.nullish(z.object({ network_type: z.nullish(z.string()) })) });
/** `{ links, data: { requestId, status, results: [{ phoneNumber, lineType, … }] }, errors }` */
const bandwidthAnswer = z.object({
  data: z.object({ results: z.nullish(z.array(z.object({ phoneNumber: z.nullish(z.string()), lineType: z.nullish(z.string()) }))) }),
});

type Builder = (env: LookupEnv, credentials: unknown, phone: string) => LookupRequest | null;

const twilio: Builder = (env, credentials, phone) => {
  const c = twilioCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  return {
    url: `${origin(env.TWILIO_LOOKUP_BASE, DEFAULT_ORIGIN.twilio)}/v2/PhoneNumbers/${encodeURIComponent(phone)}?Fields=line_type_intelligence`,
    authorization: basic(c.data.accountSid, c.data.authToken),
    read: (json) => {
      const type = twilioAnswer.safeParse(json).data?.line_type_intelligence?.type;
      return type ? twilioLineType(type) : null;
    },
  };
};

const telnyx: Builder = (env, credentials, phone) => {
  const c = telnyxCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  return {
    url: `${origin(env.TELNYX_API_BASE, "")}/v2/number_lookup/${encodeURIComponent(phone)}?type=carrier`,
    authorization: `Bearer ${c.data.apiKey}`,
    read: (json) => {
      const type = telnyxAnswer.safeParse(json).data?.data.carrier?.type;
      return type ? telnyxLineType(type) : null;
    },
  };
};

const signalwire: Builder = (_env, credentials, phone) => {
  const c = signalwireCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  return {
    url: `${signalwireOrigin(c.data.spaceUrl)}/api/relay/rest/lookup/phone_number/${encodeURIComponent(phone)}?include=carrier`,
    authorization: basic(c.data.projectId, c.data.apiToken),
    read: (json) => {
      const type = signalwireAnswer.safeParse(json).data?.carrier?.linetype;
      return type ? signalwireLineType(type) : null;
    },
  };
};

const plivo: Builder = (env, credentials, phone) => {
  const c = plivoCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  return {
    url: `${origin(env.PLIVO_LOOKUP_BASE, DEFAULT_ORIGIN.plivo)}/v1/Number/${encodeURIComponent(phone)}?type=carrier`,
    authorization: basic(c.data.authId, c.data.authToken),
    read: (json) => {
      const type = plivoAnswer.safeParse(json).data?.carrier?.type;
      return type ? plivoLineType(type) : null;
    },
  };
};

/** Number Insight takes the account's API key and secret (the application's JWT is for the Messages API). */
const vonage: Builder = (env, credentials, phone) => {
  const c = vonageCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  return {
    url: `${origin(env.VONAGE_API_BASE, "")}/ni/standard/json?number=${encodeURIComponent(toVonageNumber(phone))}`,
    authorization: basic(c.data.apiKey, c.data.apiSecret),
    read: (json) => {
      const a = vonageAnswer.safeParse(json).data;
      return a?.status === 0 && a.current_carrier?.network_type ? vonageLineType(a.current_carrier.network_type) : null;
    },
  };
};

/** The synchronous ("fast") lookup: one POST answers with the result, no request to poll. */
const bandwidth: Builder = (env, credentials, phone) => {
  const c = bandwidthCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  return {
    url: `${origin(env.BANDWIDTH_LOOKUP_BASE, DEFAULT_ORIGIN.bandwidth)}/v2/accounts/${encodeURIComponent(c.data.accountId)}/phoneNumberLookup`,
    authorization: basic(c.data.username, c.data.password),
    body: { phoneNumbers: [phone] },
    read: (json) => {
      const results = bandwidthAnswer.safeParse(json).data?.data.results ?? [];
      const type = (results.find((r) => r.phoneNumber === phone) ?? (results.length === 1 ? results[0] : undefined))?.lineType;
      return type ? bandwidthLineType(type) : null;
    },
  };
};

const BUILDERS: Record<CarrierName, Builder> = { twilio, telnyx, signalwire, plivo, vonage, bandwidth };

/** The lookup to make for `phone` on a `carrier` number with these (decrypted) credentials. */
export function lookupRequest(env: LookupEnv, carrier: CarrierName, credentials: unknown, phone: string): LookupRequest | null {
  return BUILDERS[carrier](env, credentials, phone);
}
