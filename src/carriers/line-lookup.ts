/**
 * Each carrier's number lookup, for what kind of line a phone is (setting `lookupLineType`): Twilio
 * Lookup v2 with `line_type_intelligence`, Telnyx's number lookup with `type=carrier`, SignalWire's
 * lookup with `include=carrier`. Null when the carrier did not answer one (an error, a timeout, a
 * shape we do not know): the caller is texted as if nobody had asked.
 */
import { signalwireLineType, telnyxLineType, twilioLineType, LINE_LOOKUP_TIMEOUT_MS } from "../rules/line-type";
import type { LineType } from "../vocabulary";
import * as z from "../zod";
import { signalwireCredentialsSchema, signalwireOrigin } from "./signalwire";
import { telnyxCredentialsSchema } from "./telnyx";
import { twilioCredentialsSchema } from "./twilio";
import type { CarrierName } from "./types";

/** The origins the lookups go to (a local stand-in in tests); SignalWire's is the number's Space. */
export interface LookupEnv {
  TWILIO_LOOKUP_BASE?: string;
  TELNYX_API_BASE: string;
}

const TWILIO_LOOKUP_DEFAULT = "https://lookups.twilio.com";

/** `{ line_type_intelligence: { type, carrier_name, error_code, … }, phone_number, … }` */
const twilioAnswer = z.object({ line_type_intelligence: z.nullish(z.object({ type: z.nullish(z.string()) })) });
/** `{ data: { carrier: { type, name, … }, phone_number, … } }` */
const telnyxAnswer = z.object({ data: z.object({ carrier: z.nullish(z.object({ type: z.nullish(z.string()) })) }) });
/** `{ carrier: { linetype, lec, … }, … }` */
const signalwireAnswer = z.object({ carrier: z.nullish(z.object({ linetype: z.nullish(z.string()) })) });

const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`;

interface LookupRequest {
  url: string;
  authorization: string;
  read: (json: unknown) => LineType | null;
}

function requestFor(env: LookupEnv, carrier: CarrierName, credentials: unknown, phone: string): LookupRequest | null {
  const n = encodeURIComponent(phone);
  if (carrier === "twilio") {
    const c = twilioCredentialsSchema.safeParse(credentials);
    if (!c.success) return null;
    const base = (env.TWILIO_LOOKUP_BASE || TWILIO_LOOKUP_DEFAULT).replace(/\/$/, "");
    return {
      url: `${base}/v2/PhoneNumbers/${n}?Fields=line_type_intelligence`,
      authorization: basic(c.data.accountSid, c.data.authToken),
      read: (json) => {
        const a = twilioAnswer.safeParse(json);
        return a.success && a.data.line_type_intelligence?.type ? twilioLineType(a.data.line_type_intelligence.type) : null;
      },
    };
  }
  if (carrier === "telnyx") {
    const c = telnyxCredentialsSchema.safeParse(credentials);
    if (!c.success) return null;
    return {
      url: `${env.TELNYX_API_BASE.replace(/\/$/, "")}/v2/number_lookup/${n}?type=carrier`,
      authorization: `Bearer ${c.data.apiKey}`,
      read: (json) => {
        const a = telnyxAnswer.safeParse(json);
        return a.success && a.data.data.carrier?.type ? telnyxLineType(a.data.data.carrier.type) : null;
      },
    };
  }
  const c = signalwireCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  return {
    url: `${signalwireOrigin(c.data.spaceUrl)}/api/relay/rest/lookup/phone_number/${n}?include=carrier`,
    authorization: basic(c.data.projectId, c.data.apiToken),
    read: (json) => {
      const a = signalwireAnswer.safeParse(json);
      return a.success && a.data.carrier?.linetype ? signalwireLineType(a.data.carrier.linetype) : null;
    },
  };
}

/**
 * What kind of line `phone` is, asked of the number's carrier with its (decrypted) credentials;
 * null on any failure or after LINE_LOOKUP_TIMEOUT_MS.
 *
 * @example await lookupLineType(env, "twilio", { accountSid, authToken }, "+14155550123") // "mobile"
 */
export async function lookupLineType(env: LookupEnv, carrier: CarrierName, credentials: unknown, phone: string): Promise<LineType | null> {
  const req = requestFor(env, carrier, credentials, phone);
  if (!req) return null;
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The timer, not only the signal, ends the wait: the answer's body may stall after its headers.
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve(null);
    }, LINE_LOOKUP_TIMEOUT_MS);
  });
  const ask = async (): Promise<LineType | null> => {
    const res = await fetch(req.url, { headers: { authorization: req.authorization, accept: "application/json" }, signal: abort.signal });
    if (!res.ok) return null;
    return req.read(await res.json());
  };
  try {
    return await Promise.race([ask(), timeout]);
  } catch {
    return null;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
