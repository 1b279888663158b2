/**
 * A Bandwidth number's callback URLs, through the Dashboard (Numbers) API (XML, the API credential's
 * bearer token): the Messaging application in the credentials, and the Voice application of the
 * location (SIP peer) the number is in. Both are shared by every number they serve.
 */
import { urlFieldsToWrite, type SetupName, type SetupValues } from "../rules/number-setup";
import { xmlField, xmlRecord } from "./bandwidth-xml";
import { bandwidthFetch } from "./bandwidth-token";
import { SetupError, setupFailure, testCallAnswer } from "./setup-error";

export interface BandwidthSetupAccess {
  /** The Messaging API origin (`BANDWIDTH_API_BASE`); the Dashboard API's is derived from it. */
  apiBase: string;
  /** `BANDWIDTH_TOKEN_URL`. */
  tokenUrl: string;
  accountId: string;
  /** The Messaging application's id. */
  applicationId: string;
  clientId: string;
  clientSecret: string;
  e164: string;
}

const CARRIER = "Bandwidth";
const NO_VOICE_APPLICATION =
  "This Bandwidth number's location has no Voice application: in the Bandwidth App, link one to the location (Locations → the number's location → Voice), then try again.";

/** Each voice setting's element on the Voice application, and its method's. */
const VOICE: Partial<Record<SetupName, [url: string, method: string]>> = {
  callInitiatedUrl: ["CallInitiatedCallbackUrl", "CallInitiatedMethod"],
  callStatusUrl: ["CallStatusCallbackUrl", "CallStatusMethod"],
};
/** A Messaging application names its one callback URL one of these ways, by its age. */
const MESSAGING_URL = ["MsgCallbackUrl", "InboundCallbackUrl", "CallbackUrl"];

/**
 * The Dashboard (Numbers) API lives on its own origin, `api.bandwidth.com/api` (the one that takes
 * bearer tokens); a stand-in (the simulator, a test) serves it beside the Messaging API on the one
 * origin it was given.
 */
export function bandwidthDashboardRoot(apiBase: string): string {
  const base = apiBase.replace(/\/$/, "");
  return base === "https://messaging.bandwidth.com" ? "https://api.bandwidth.com" : base;
}

/** A request with the number's API credential, its network failures and timeouts said like any refusal. */
async function reach(a: BandwidthSetupAccess, url: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<Response> {
  try {
    return await bandwidthFetch(a.tokenUrl, a, url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new SetupError(0, `${CARRIER} could not be reached: try again later.`);
  }
}

async function request(a: BandwidthSetupAccess, path: string, init: { method?: string; body?: string } = {}): Promise<string> {
  const headers = { accept: "application/xml", "content-type": "application/xml; charset=utf-8" };
  const res = await reach(a, `${bandwidthDashboardRoot(a.apiBase)}/api${path}`, { ...init, headers });
  // The credential may send texts yet not read applications: that takes a role, not new credentials.
  if (res.status === 403) throw new SetupError(403, "Bandwidth refused the API credential (HTTP 403): give it the Numbers (Configuration) role in the Bandwidth App (Account → API Credentials → the credential → Roles).");
  if (!res.ok) throw setupFailure(CARRIER, res.status);
  return res.text();
}

const application = (a: BandwidthSetupAccess, id: string) => request(a, `/accounts/${encodeURIComponent(a.accountId)}/applications/${encodeURIComponent(id)}`);

/** Bandwidth names North American numbers by their ten digits. */
function tn(e164: string): string {
  return e164.replace(/^\+1(?=\d{10}$)/, "").replace(/^\+/, "");
}

/** The Voice application of the location holding the number; null when the location has none. */
async function voiceApplicationId(a: BandwidthSetupAccess): Promise<string | null> {
  const details = await request(a, `/tns/${encodeURIComponent(tn(a.e164))}/tndetails`);
  const site = xmlField(details, "Site", "Id");
  const peer = xmlField(details, "SipPeer", "PeerId");
  if (!site || !peer) throw new SetupError(404, `Bandwidth shows no location for ${a.e164}: check the number and the account.`);
  const path = `/accounts/${encodeURIComponent(a.accountId)}/sites/${encodeURIComponent(site)}/sippeers/${encodeURIComponent(peer)}/products/origination/settings`;
  return xmlField(await request(a, path), "HttpVoiceV2AppId");
}

function messagingUrlElement(app: string): string {
  return MESSAGING_URL.find((name) => xmlField(app, name) !== null) ?? MESSAGING_URL[0]!;
}

export async function readBandwidthSetup(a: BandwidthSetupAccess): Promise<SetupValues> {
  const [messaging, voiceId] = await Promise.all([application(a, a.applicationId), voiceApplicationId(a)]);
  const voice = voiceId ? await application(a, voiceId) : "";
  return {
    callInitiatedUrl: xmlField(voice, "CallInitiatedCallbackUrl"),
    callStatusUrl: xmlField(voice, "CallStatusCallbackUrl"),
    messagingCallbackUrl: xmlField(messaging, messagingUrlElement(messaging)),
  };
}

/**
 * Write the given settings with the Dashboard API's partial update (PATCH changes only the elements
 * sent, so the applications' callback credentials and the rest stay as they are).
 */
export async function writeBandwidthSetup(a: BandwidthSetupAccess, values: Partial<Record<SetupName, string | null>>): Promise<void> {
  const voice = urlFieldsToWrite(values, VOICE);
  if (Object.keys(voice).length > 0) {
    const voiceId = await voiceApplicationId(a);
    if (!voiceId) throw new SetupError(409, NO_VOICE_APPLICATION);
    await patchApplication(a, voiceId, voice);
  }
  if ("messagingCallbackUrl" in values) {
    const element = messagingUrlElement(await application(a, a.applicationId));
    await patchApplication(a, a.applicationId, { [element]: values.messagingCallbackUrl ?? "" });
  }
}

async function patchApplication(a: BandwidthSetupAccess, id: string, fields: Record<string, string>): Promise<void> {
  const path = `/accounts/${encodeURIComponent(a.accountId)}/applications/${encodeURIComponent(id)}`;
  await request(a, path, { method: "PATCH", body: xmlRecord("Application", fields) });
}

/** What a test call takes besides the settings' access: the Voice API's origin, and the callback credentials its answer carries. */
export interface BandwidthCallAccess extends BandwidthSetupAccess {
  voiceApiBase: string;
  callbackUsername: string;
  callbackPassword: string;
}

/** What usually stops Bandwidth placing a call it does not refuse for credentials or load. */
function bandwidthCallAdvice(status: number): string | null {
  if (status === 403) return "Give the API credential the Voice role in the Bandwidth App (Account → API Credentials → the credential → Roles).";
  if (status === 401 || status === 404 || status === 429 || status >= 500) return null;
  return "Check that the number's location has a Voice application and that the business's phone is a number the account can call.";
}

/**
 * A test call from the number to the business's own phone (Voice API Create Call, on the Voice
 * application of the number's location). Answered, Bandwidth posts the `answer` event to
 * `answerUrl` (our test-call route) with the number's callback credentials and speaks its BXML;
 * unanswered, it rings 30 s.
 */
export async function placeBandwidthTestCall(a: BandwidthCallAccess, to: string, answerUrl: string): Promise<void> {
  const applicationId = await voiceApplicationId(a);
  if (!applicationId) throw new SetupError(409, NO_VOICE_APPLICATION);
  const body = { from: a.e164, to, applicationId, answerUrl, answerMethod: "POST", username: a.callbackUsername, password: a.callbackPassword, callTimeout: 30 };
  const url = `${a.voiceApiBase.replace(/\/$/, "")}/api/v2/accounts/${encodeURIComponent(a.accountId)}/calls`;
  const headers = { accept: "application/json", "content-type": "application/json" };
  await testCallAnswer(CARRIER, await reach(a, url, { method: "POST", headers, body: JSON.stringify(body) }), bandwidthCallAdvice);
}
