/**
 * A Twilio (or SignalWire Compatibility API) number's webhook settings: the IncomingPhoneNumber
 * resource by phone number, and for Twilio the Messaging Service that may take its texts over.
 */
import type { SetupName, SetupValues } from "../rules/number-setup";
import { registrationKind, registrationWords, type Registration } from "../rules/registration";
import { setupFetch, SetupError } from "./setup-error";
import { escapeXml } from "../rules/xml-escape";

export interface TwilioSetupAccess {
  carrier: "Twilio" | "SignalWire";
  /** The Compatibility API root, up to and excluding `/2010-04-01`. */
  apiRoot: string;
  /** Twilio's Messaging API origin; SignalWire has no Messaging Services. */
  messagingRoot: string | null;
  user: string;
  password: string;
  e164: string;
}

interface IncomingNumber {
  sid: string;
  voice_url: string | null;
  sms_url: string | null;
  status_callback: string | null;
  voice_application_sid: string | null;
  sms_application_sid: string | null;
}

/** The form fields each setting is written with; POST is always the method. */
const FIELDS: Partial<Record<SetupName, Record<string, string>>> = {
  voiceUrl: { VoiceMethod: "POST", VoiceApplicationSid: "" },
  smsUrl: { SmsMethod: "POST", SmsApplicationSid: "" },
  statusCallback: { StatusCallbackMethod: "POST" },
};
const PARAM: Partial<Record<SetupName, string>> = { voiceUrl: "VoiceUrl", smsUrl: "SmsUrl", statusCallback: "StatusCallback" };

function auth(a: TwilioSetupAccess) {
  return { authorization: `Basic ${btoa(`${a.user}:${a.password}`)}` };
}

async function incomingNumber(a: TwilioSetupAccess): Promise<IncomingNumber> {
  const url = `${a.apiRoot}/2010-04-01/Accounts/${encodeURIComponent(a.user)}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(a.e164)}`;
  const body = (await (await setupFetch(a.carrier, url, { headers: auth(a) })).json()) as { incoming_phone_numbers?: IncomingNumber[] };
  const found = body.incoming_phone_numbers?.[0];
  if (!found) throw new SetupError(404, `${a.carrier} has no number ${a.e164} in this account: check the number and the account.`);
  return found;
}

/** The number's settings; an application SID in place of a URL is reported as what answers instead. */
export async function readTwilioSetup(a: TwilioSetupAccess): Promise<SetupValues> {
  const n = await incomingNumber(a);
  return {
    voiceUrl: n.voice_application_sid ? `TwiML App ${n.voice_application_sid}` : n.voice_url,
    smsUrl: n.sms_application_sid ? `TwiML App ${n.sms_application_sid}` : n.sms_url,
    statusCallback: n.status_callback,
    messagingService: a.messagingRoot ? await overridingService(a) : null,
  };
}

/** Write the given settings to the number (only those). */
export async function writeTwilioSetup(a: TwilioSetupAccess, values: Partial<Record<SetupName, string | null>>): Promise<void> {
  const n = await incomingNumber(a);
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(values) as Array<[SetupName, string | null]>) {
    const param = PARAM[name];
    if (!param) continue;
    form.set(param, value ?? "");
    for (const [k, v] of Object.entries(FIELDS[name] ?? {})) form.set(k, v);
  }
  if ([...form.keys()].length === 0) return;
  const url = `${a.apiRoot}/2010-04-01/Accounts/${encodeURIComponent(a.user)}/IncomingPhoneNumbers/${encodeURIComponent(n.sid)}.json`;
  await setupFetch(a.carrier, url, { method: "POST", headers: { ...auth(a), "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
}

interface MessagingService {
  sid: string;
  friendly_name: string;
  use_inbound_webhook_on_number: boolean;
  inbound_request_url: string | null;
}

/** The Messaging Services holding this number (one page of each: small businesses have a handful). */
async function servicesHolding(a: TwilioSetupAccess): Promise<MessagingService[]> {
  const list = (await (await setupFetch(a.carrier, `${a.messagingRoot}/v1/Services?PageSize=50`, { headers: auth(a) })).json()) as { services?: MessagingService[] };
  const holding: MessagingService[] = [];
  for (const s of list.services ?? []) {
    const url = `${a.messagingRoot}/v1/Services/${encodeURIComponent(s.sid)}/PhoneNumbers?PageSize=1000`;
    const numbers = (await (await setupFetch(a.carrier, url, { headers: auth(a) })).json()) as { phone_numbers?: Array<{ phone_number: string }> };
    if (numbers.phone_numbers?.some((p) => p.phone_number === a.e164)) holding.push(s);
  }
  return holding;
}

/** The Messaging Service holding this number that answers its texts itself, in words; null when none does. */
async function overridingService(a: TwilioSetupAccess): Promise<string | null> {
  const s = (await servicesHolding(a)).find((x) => !x.use_inbound_webhook_on_number);
  return s ? `${s.friendly_name} (${s.sid}) sends incoming texts to ${s.inbound_request_url || "no URL"}` : null;
}

/**
 * A US number's registration at Twilio: toll-free verification by the number's SID, or the A2P
 * campaign of a Messaging Service holding it (none: unregistered). Null where neither applies.
 */
export async function readTwilioRegistration(a: TwilioSetupAccess): Promise<Registration | null> {
  const kind = registrationKind(a.e164);
  if (!kind || !a.messagingRoot) return null;
  if (kind === "tollfree") {
    const n = await incomingNumber(a);
    const url = `${a.messagingRoot}/v1/Tollfree/Verifications?TollfreePhoneNumberSid=${encodeURIComponent(n.sid)}`;
    const body = (await (await setupFetch(a.carrier, url, { headers: auth(a) })).json()) as { verifications?: Array<{ status: string }> };
    return registrationWords(kind, body.verifications?.[0]?.status ?? null);
  }
  for (const s of await servicesHolding(a)) {
    const url = `${a.messagingRoot}/v1/Services/${encodeURIComponent(s.sid)}/Compliance/Usa2p`;
    const body = (await (await setupFetch(a.carrier, url, { headers: auth(a) })).json()) as { compliance?: Array<{ campaign_status: string }> };
    const status = body.compliance?.[0]?.campaign_status;
    if (status) return registrationWords(kind, status);
  }
  return registrationWords(kind, null);
}

/**
 * A test call from the number to the business's own phone, to watch the forwarding work: when
 * nobody answers, the business's carrier forwards it back to this number. Answered, it says so.
 */
export async function placeTwilioTestCall(a: TwilioSetupAccess, to: string, words: string): Promise<void> {
  const twiml = `<Response><Say>${escapeXml(words)}</Say></Response>`;
  const form = new URLSearchParams({ To: to, From: a.e164, Twiml: twiml, Timeout: "30" });
  const url = `${a.apiRoot}/2010-04-01/Accounts/${encodeURIComponent(a.user)}/Calls.json`;
  await setupFetch(a.carrier, url, { method: "POST", headers: { ...auth(a), "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
}
