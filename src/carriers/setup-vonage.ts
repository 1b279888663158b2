/**
 * A Vonage number's settings: which application the number is linked to (the Numbers API), and the
 * webhook URLs of the application in its credentials (the Application API: Voice's answer and event
 * URLs, Messages' inbound and status URLs), shared by every number linked to that application.
 */
import type { SetupName, SetupValues } from "../rules/number-setup";
import { setupFetch, SetupError, testCallFetch } from "./setup-error";
import { toVonageNumber } from "./vonage";
import { vonageApplicationToken } from "./vonage-jwt";

export interface VonageSetupAccess {
  /** The API origin (`VONAGE_API_BASE`): the Application API is there. */
  apiBase: string;
  apiKey: string;
  apiSecret: string;
  applicationId: string;
  e164: string;
}

interface OwnedNumber {
  msisdn: string;
  app_id?: string | null;
  voiceCallbackType?: string | null;
  voiceCallbackValue?: string | null;
  messagesCallbackType?: string | null;
  messagesCallbackValue?: string | null;
}

type Webhook = { address?: string; http_method?: string } & Record<string, unknown>;
type Capability = { webhooks?: Record<string, Webhook | undefined> } & Record<string, unknown>;
interface VonageApplication {
  name: string;
  capabilities?: Record<string, Capability | undefined>;
  keys?: { public_key?: string };
  privacy?: unknown;
}

const CARRIER = "Vonage";

/** Each setting's capability and webhook in the application. */
const WEBHOOKS: Partial<Record<SetupName, [capability: string, webhook: string]>> = {
  answerUrl: ["voice", "answer_url"],
  eventUrl: ["voice", "event_url"],
  inboundUrl: ["messages", "inbound_url"],
  statusUrl: ["messages", "status_url"],
};

/**
 * The Numbers API lives on its own origin; a stand-in (the simulator, a test) serves it beside the
 * Application API on the one origin it was given.
 */
export function vonageNumbersRoot(apiBase: string): string {
  const base = apiBase.replace(/\/$/, "");
  return base === "https://api.nexmo.com" ? "https://rest.nexmo.com" : base;
}

function request(a: VonageSetupAccess, url: string, init: RequestInit = {}) {
  const headers = { authorization: `Basic ${btoa(`${a.apiKey}:${a.apiSecret}`)}`, accept: "application/json", "content-type": "application/json" };
  return setupFetch(CARRIER, url, { ...init, headers });
}

/** The application a number is linked to (older numbers name it as their voice or messages callback). */
function linkedApplication(n: OwnedNumber): string | null {
  const id = n.app_id || (n.voiceCallbackType === "app" ? n.voiceCallbackValue : null) || (n.messagesCallbackType === "app" ? n.messagesCallbackValue : null);
  return id ? id.toLowerCase() : null;
}

async function ownedNumber(a: VonageSetupAccess): Promise<OwnedNumber> {
  const msisdn = toVonageNumber(a.e164);
  const url = `${vonageNumbersRoot(a.apiBase)}/account/numbers?pattern=${encodeURIComponent(msisdn)}&search_pattern=0&size=100`;
  const body = (await (await request(a, url)).json()) as { numbers?: OwnedNumber[] };
  const found = body.numbers?.find((n) => n.msisdn === msisdn);
  if (!found) throw new SetupError(404, `Vonage has no number ${a.e164} in this account: check the number and the API key.`);
  return found;
}

function applicationUrl(a: VonageSetupAccess): string {
  return `${a.apiBase.replace(/\/$/, "")}/v2/applications/${encodeURIComponent(a.applicationId)}`;
}

async function application(a: VonageSetupAccess): Promise<VonageApplication> {
  return (await (await request(a, applicationUrl(a))).json()) as VonageApplication;
}

export async function readVonageSetup(a: VonageSetupAccess): Promise<SetupValues> {
  const [n, app] = await Promise.all([ownedNumber(a), application(a)]);
  const values: SetupValues = { linkedApplication: linkedApplication(n) };
  for (const [name, [capability, webhook]] of Object.entries(WEBHOOKS) as Array<[SetupName, [string, string]]>) {
    values[name] = app.capabilities?.[capability]?.webhooks?.[webhook]?.address || null;
  }
  return values;
}

/**
 * Write the given webhook URLs to the application. The Application API replaces a whole
 * application, so the rest of it (name, other capabilities and webhooks, public key, privacy) goes
 * back as it was read. Null removes a webhook, and a capability left with nothing else (undoing
 * one this added).
 */
export async function writeVonageSetup(a: VonageSetupAccess, values: Partial<Record<SetupName, string | null>>): Promise<void> {
  const changes = (Object.entries(values) as Array<[SetupName, string | null]>).filter(([name]) => WEBHOOKS[name]);
  if (changes.length === 0) return;
  const app = await application(a);
  const capabilities = structuredClone(app.capabilities ?? {});
  for (const [name, value] of changes) {
    const [capability, webhook] = WEBHOOKS[name]!;
    const cap = (capabilities[capability] ??= {});
    const hooks = (cap.webhooks ??= {});
    if (value === null) delete hooks[webhook];
    else hooks[webhook] = { ...hooks[webhook], address: value, http_method: "POST" };
    if (Object.keys(hooks).length === 0 && Object.keys(cap).every((k) => k === "webhooks")) delete capabilities[capability];
  }
  const body = { name: app.name, capabilities, ...(app.keys?.public_key ? { keys: { public_key: app.keys.public_key } } : {}), ...(app.privacy === undefined ? {} : { privacy: app.privacy }) };
  await request(a, applicationUrl(a), { method: "PUT", body: JSON.stringify(body) });
}

/** What a test call through the Voice API takes: the application's own key signs it. */
export interface VonageCallAccess {
  apiBase: string;
  applicationId: string;
  privateKey: string;
  e164: string;
}

/**
 * What usually stops Vonage placing a call. Its 401 is also its answer to an application without
 * the Voice capability, whose token is otherwise good.
 */
function vonageCallAdvice(status: number): string | null {
  if (status === 401) return "Turn on the application's Voice capability in the Vonage dashboard (Applications → the application → Edit → Voice); if it is on, replace the application ID and private key below.";
  if (status === 404 || status === 429 || status >= 500) return null;
  return "Check that the number is linked to the application and that the account may call the business's phone (a trial account calls only the numbers verified on it).";
}

/**
 * A test call from the number to the business's own phone (Voice API create call, the application's
 * JWT). Answered, it speaks `words` from the inline NCCO, so no answer URL is fetched; unanswered,
 * it rings 30 s. Its events go to the application's event URL, which ignores them outside status mode.
 */
export async function placeVonageTestCall(a: VonageCallAccess, to: string, words: string): Promise<void> {
  let token: string;
  try {
    token = await vonageApplicationToken(a.applicationId, a.privateKey, Math.floor(Date.now() / 1000));
  } catch {
    throw new SetupError(401, "The application's private key saved for this number cannot sign a request to Vonage: replace the credentials below.");
  }
  const body = {
    to: [{ type: "phone", number: toVonageNumber(to) }],
    from: { type: "phone", number: toVonageNumber(a.e164) },
    ncco: [{ action: "talk", text: words }],
    ringing_timer: 30,
  };
  const headers = { authorization: `Bearer ${token}`, accept: "application/json", "content-type": "application/json" };
  await testCallFetch(CARRIER, `${a.apiBase.replace(/\/$/, "")}/v1/calls`, { method: "POST", headers, body: JSON.stringify(body) }, vonageCallAdvice);
}
