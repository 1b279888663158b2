/**
 * A Plivo number's webhook settings: those of the XML application the number is assigned to (its
 * answer, hangup and message URLs), shared by every number on that application.
 */
import { urlFieldsToWrite, type SetupName, type SetupValues } from "../rules/number-setup";
import { setupFetch, SetupError, testCallFetch } from "./setup-error";

export interface PlivoSetupAccess {
  apiBase: string;
  authId: string;
  authToken: string;
  e164: string;
}

interface PlivoNumber {
  app_id?: string | null;
  /** The assigned application's URI, `/v1/Account/{authId}/Application/{appId}/` (a trunk's for Zentrunk numbers). */
  application?: string | null;
}

interface PlivoApplication {
  answer_url?: string | null;
  hangup_url?: string | null;
  message_url?: string | null;
}

const CARRIER = "Plivo";
const NO_APPLICATION = "This Plivo number has no XML application: assign it one (Phone Numbers → your number → Application Type XML), then try again.";

/** Each setting's field on the application and the field of its HTTP method, always POST. */
const FIELDS: Partial<Record<SetupName, [url: keyof PlivoApplication, method: string]>> = {
  answerUrl: ["answer_url", "answer_method"],
  hangupUrl: ["hangup_url", "hangup_method"],
  messageUrl: ["message_url", "message_method"],
};

const headers = (a: PlivoSetupAccess) => ({ authorization: `Basic ${btoa(`${a.authId}:${a.authToken}`)}`, accept: "application/json", "content-type": "application/json" });
const accountUrl = (a: PlivoSetupAccess, path: string) => `${a.apiBase.replace(/\/$/, "")}/v1/Account/${encodeURIComponent(a.authId)}${path}`;

function request(a: PlivoSetupAccess, path: string, init: RequestInit = {}) {
  return setupFetch(CARRIER, accountUrl(a, path), { ...init, headers: headers(a) });
}

/**
 * The id of the XML application a number is assigned to, from `app_id` or its `application` URI;
 * null when none (or a Zentrunk trunk, which has no URLs).
 *
 * @example plivoApplicationId({ application: "/v1/Account/MA1/Application/2998/" }) // "2998"
 */
export function plivoApplicationId(n: PlivoNumber): string | null {
  if (n.app_id) return n.app_id;
  return /\/Application\/([^/]+)\/?$/.exec(n.application ?? "")?.[1] ?? null;
}

/** Plivo names numbers by their digits, without the plus. */
async function applicationOf(a: PlivoSetupAccess): Promise<string | null> {
  const res = await request(a, `/Number/${encodeURIComponent(a.e164.replace(/^\+/, ""))}/`);
  return plivoApplicationId((await res.json()) as PlivoNumber);
}

export async function readPlivoSetup(a: PlivoSetupAccess): Promise<SetupValues> {
  const appId = await applicationOf(a);
  if (!appId) return { answerUrl: null, hangupUrl: null, messageUrl: null };
  const app = (await (await request(a, `/Application/${encodeURIComponent(appId)}/`)).json()) as PlivoApplication;
  return { answerUrl: app.answer_url ?? null, hangupUrl: app.hangup_url ?? null, messageUrl: app.message_url ?? null };
}

/** Write the given settings to the number's application (only those; null clears one). */
export async function writePlivoSetup(a: PlivoSetupAccess, values: Partial<Record<SetupName, string | null>>): Promise<void> {
  const body = urlFieldsToWrite(values, FIELDS);
  if (Object.keys(body).length === 0) return;
  const appId = await applicationOf(a);
  if (!appId) throw new SetupError(409, NO_APPLICATION);
  await request(a, `/Application/${encodeURIComponent(appId)}/`, { method: "POST", body: JSON.stringify(body) });
}

/** What usually stops Plivo placing a call it does not refuse for credentials or load. */
function plivoCallAdvice(status: number): string | null {
  if (status === 401 || status === 404 || status === 429 || status >= 500) return null;
  return "Check that the number is voice-enabled at Plivo (Phone Numbers → your number) and that the account may call the business's phone (a trial account calls only its verified sandbox numbers).";
}

/**
 * A test call from the number to the business's own phone (Make a Call: `POST …/Call/`, numbers
 * without the plus). Answered, Plivo fetches what to say from `answerUrl` (our test-call route,
 * also its hangup URL by default); unanswered, it rings 30 s.
 */
export async function placePlivoTestCall(a: PlivoSetupAccess, to: string, answerUrl: string): Promise<void> {
  const body = { from: a.e164.replace(/^\+/, ""), to: to.replace(/^\+/, ""), answer_url: answerUrl, answer_method: "POST", ring_timeout: 30 };
  await testCallFetch(CARRIER, accountUrl(a, "/Call/"), { method: "POST", headers: headers(a), body: JSON.stringify(body) }, plivoCallAdvice);
}
