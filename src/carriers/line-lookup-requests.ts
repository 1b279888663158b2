/**
 * Each carrier's number lookup as one request (setting `lookupLineType`), and how to read its
 * answer: Twilio Lookup v2 `line_type_intelligence`, Telnyx number lookup `type=carrier`,
 * SignalWire's lookup `include=carrier`, Plivo's Lookup API `type=carrier`, Vonage's Identity
 * Insights Current Carrier (vonage-insights.ts), Bandwidth's synchronous phone number lookup (with
 * its bearer token). Null when the credentials are not the carrier's (nothing to ask with); `read`
 * says why when an answer gives no line type.
 */
import {
  bandwidthLineType,
  lineTypeOf,
  plivoLineType,
  signalwireLineType,
  telnyxLineType,
  twilioLineType,
  type LineTypeAnswer,
} from "../rules/line-type";
import * as z from "../zod";
import { bandwidthCredentialsSchema, isBandwidthApiUser } from "./bandwidth";
import { bandwidthFetch, type BandwidthInit } from "./bandwidth-token";
import { plivoCredentialsSchema } from "./plivo";
import { signalwireCredentialsSchema, signalwireOrigin } from "./signalwire";
import { telnyxCredentialsSchema } from "./telnyx";
import { twilioCredentialsSchema } from "./twilio";
import type { CarrierName } from "./types";
import { VONAGE_INSIGHTS_ORIGIN, vonageInsightsRequest } from "./vonage-insights";

/** The origins the lookups go to (a local stand-in in tests); SignalWire's is the number's Space. */
export interface LookupEnv {
  TWILIO_LOOKUP_BASE?: string;
  TELNYX_API_BASE: string;
  VONAGE_LOOKUP_BASE?: string;
  PLIVO_LOOKUP_BASE?: string;
  BANDWIDTH_LOOKUP_BASE?: string;
  BANDWIDTH_TOKEN_URL?: string;
}

export interface LookupRequest {
  url: string;
  /** The request's own Authorization; none where `send` gets one (Bandwidth's bearer token). */
  authorization?: string;
  /** Makes the request instead of a plain fetch: Bandwidth's, with a token fetched first. */
  send?: (url: string, init: BandwidthInit) => Promise<Response>;
  /** A JSON body to POST; a GET without one. */
  body?: unknown;
  read: (json: unknown) => LineTypeAnswer;
}

/** No lookup to make, and why (the number's credentials are of a kind the carrier no longer takes). */
export type NotAsked = { why: string };

const DEFAULT_ORIGIN = {
  twilio: "https://lookups.twilio.com",
  plivo: "https://lookup.plivo.com",
  bandwidth: "https://api.bandwidth.com",
  bandwidthToken: "https://api.bandwidth.com/api/v1/oauth2/token",
  vonage: VONAGE_INSIGHTS_ORIGIN,
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
/** `{ links, data: { requestId, status, results: [{ phoneNumber, lineType, … }] }, errors }` */
const bandwidthAnswer = z.object({
  data: z.object({ results: z.nullish(z.array(z.object({ phoneNumber: z.nullish(z.string()), lineType: z.nullish(z.string()) }))) }),
});

type Builder = (env: LookupEnv, credentials: unknown, phone: string) => LookupRequest | NotAsked | null | Promise<LookupRequest | null>;

const UNKNOWN_SHAPE: LineTypeAnswer = { why: "an answer of an unknown shape" };

const twilio: Builder = (env, credentials, phone) => {
  const c = twilioCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  return {
    url: `${origin(env.TWILIO_LOOKUP_BASE, DEFAULT_ORIGIN.twilio)}/v2/PhoneNumbers/${encodeURIComponent(phone)}?Fields=line_type_intelligence`,
    authorization: basic(c.data.accountSid, c.data.authToken),
    read: (json) => {
      const a = twilioAnswer.safeParse(json);
      return a.success ? lineTypeOf(a.data.line_type_intelligence?.type, twilioLineType) : UNKNOWN_SHAPE;
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
      const a = telnyxAnswer.safeParse(json);
      return a.success ? lineTypeOf(a.data.data.carrier?.type, telnyxLineType) : UNKNOWN_SHAPE;
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
      const a = signalwireAnswer.safeParse(json);
      return a.success ? lineTypeOf(a.data.carrier?.linetype, signalwireLineType) : UNKNOWN_SHAPE;
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
      const a = plivoAnswer.safeParse(json);
      return a.success ? lineTypeOf(a.data.carrier?.type, plivoLineType) : UNKNOWN_SHAPE;
    },
  };
};

const vonage: Builder = (env, credentials, phone) =>
  vonageInsightsRequest(origin(env.VONAGE_LOOKUP_BASE, DEFAULT_ORIGIN.vonage), credentials, phone, Math.floor(Date.now() / 1000));

/** The synchronous ("fast") lookup: one POST answers with the result, no request to poll. */
const bandwidth: Builder = (env, credentials, phone) => {
  if (isBandwidthApiUser(credentials)) return { why: "the number's Bandwidth API user is retired (it needs an API credential)" };
  const c = bandwidthCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  return {
    url: `${origin(env.BANDWIDTH_LOOKUP_BASE, DEFAULT_ORIGIN.bandwidth)}/v2/accounts/${encodeURIComponent(c.data.accountId)}/phoneNumberLookup`,
    send: (url, init) => bandwidthFetch(env.BANDWIDTH_TOKEN_URL || DEFAULT_ORIGIN.bandwidthToken, c.data, url, init),
    body: { phoneNumbers: [phone] },
    read: (json) => {
      const a = bandwidthAnswer.safeParse(json);
      if (!a.success) return UNKNOWN_SHAPE;
      const results = a.data.data.results ?? [];
      return lineTypeOf((results.find((r) => r.phoneNumber === phone) ?? (results.length === 1 ? results[0] : undefined))?.lineType, bandwidthLineType);
    },
  };
};

const BUILDERS: Record<CarrierName, Builder> = { twilio, telnyx, signalwire, plivo, vonage, bandwidth };

/** The lookup to make for `phone` on a `carrier` number with these (decrypted) credentials, or why there is none. */
export async function lookupRequest(env: LookupEnv, carrier: CarrierName, credentials: unknown, phone: string): Promise<LookupRequest | NotAsked | null> {
  return BUILDERS[carrier](env, credentials, phone);
}
