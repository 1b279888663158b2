/**
 * A number's settings at its carrier, through the carrier's API: read and compared with what its
 * mode needs (the numbers page and the nightly check), written by the admin's "Configure for me"
 * (admin/number-setup.ts), whose old values in the audit log are what "Undo" restores.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { BANDWIDTH_API_USER_RETIRED, bandwidthCredentialsSchema, isBandwidthApiUser } from "../carriers/bandwidth";
import { plivoCredentialsSchema } from "../carriers/plivo";
import { signalwireCredentialsSchema, signalwireOrigin } from "../carriers/signalwire";
import { placeBandwidthTestCall, readBandwidthSetup, writeBandwidthSetup } from "../carriers/setup-bandwidth";
import { SetupError } from "../carriers/setup-error";
import { placePlivoTestCall, readPlivoSetup, writePlivoSetup } from "../carriers/setup-plivo";
import { placeVonageTestCall, readVonageSetup, writeVonageSetup } from "../carriers/setup-vonage";
import { placeTelnyxTestCall, readTelnyxSetup, writeTelnyxSetup } from "../carriers/setup-telnyx";
import { placeTwilioTestCall, readTwilioRegistration, readTwilioSetup, writeTwilioSetup, type TwilioSetupAccess } from "../carriers/setup-twilio";
import type { Registration } from "../rules/registration";
import { telnyxCredentialsSchema } from "../carriers/telnyx";
import { twilioCredentialsSchema } from "../carriers/twilio";
import { vonageCredentialsSchema } from "../carriers/vonage";
import { decryptCredentials } from "../crypto/credentials";
import { auditLog, numbers } from "../db/schema";
import type { Env } from "../env";
import { compareSetup, expectedSetup, type SetupCheck, type SetupName, type SetupValues } from "../rules/number-setup";
import type { NumberRow } from "../db/schema";

type SetupNumber = Pick<NumberRow, "id" | "e164" | "carrier" | "mode">;

export type Changes = Partial<Record<SetupName, string | null>>;

export interface SetupApi {
  read(): Promise<SetupValues>;
  write(values: Changes): Promise<void>;
  /**
   * Ring `to` from the number; answered, it says `words`. Carriers that fetch what a call says ask
   * our test-call route at `base` (it says the same words, from the number's own business).
   */
  call(to: string, words: string, base: string): Promise<void>;
  /** US registration (10DLC, toll-free), where the carrier's API tells it. */
  registration(): Promise<Registration | null>;
  /** The application the number must be linked to, where its credentials name one that way (Vonage). */
  applicationId?: string;
}

/**
 * Twilio's Messaging Services live on their own origin; a stand-in (the simulator, a test) serves
 * them beside the Compatibility API on the one origin it was given.
 */
export function twilioMessagingRoot(apiBase: string): string {
  return apiBase.replace(/\/$/, "") === "https://api.twilio.com" ? "https://messaging.twilio.com" : apiBase.replace(/\/$/, "");
}

export async function setupApi(env: Env, number: SetupNumber): Promise<SetupApi> {
  const [row] = await drizzle(env.DB).select({ credentials: numbers.credentials }).from(numbers).where(eq(numbers.id, number.id));
  const stored = await decryptCredentials(env.DATA_KEY, row!.credentials);
  if (number.carrier === "telnyx") {
    const a = { apiBase: env.TELNYX_API_BASE, apiKey: telnyxCredentialsSchema.parse(stored).apiKey, e164: number.e164 };
    return { read: () => readTelnyxSetup(a), write: (v) => writeTelnyxSetup(a, v), call: (to) => placeTelnyxTestCall(a, to), registration: async () => null };
  }
  if (number.carrier === "plivo" || number.carrier === "vonage" || number.carrier === "bandwidth") return applicationSetupApi(env, number, stored);
  let a: TwilioSetupAccess;
  if (number.carrier === "signalwire") {
    const c = signalwireCredentialsSchema.parse(stored);
    a = { carrier: "SignalWire", apiRoot: `${signalwireOrigin(c.spaceUrl)}/api/laml`, messagingRoot: null, user: c.projectId, password: c.apiToken, e164: number.e164 };
  } else {
    const c = twilioCredentialsSchema.parse(stored);
    const root = env.TWILIO_API_BASE.replace(/\/$/, "");
    a = { carrier: "Twilio", apiRoot: root, messagingRoot: twilioMessagingRoot(root), user: c.accountSid, password: c.authToken, e164: number.e164 };
  }
  return { read: () => readTwilioSetup(a), write: (v) => writeTwilioSetup(a, v), call: (to, words) => placeTwilioTestCall(a, to, words), registration: () => readTwilioRegistration(a) };
}

/**
 * Plivo, Vonage and Bandwidth keep a number's URLs on applications. Plivo's and Bandwidth's test
 * calls fetch what they say from our test-call routes; Vonage's carries it inline.
 */
function applicationSetupApi(env: Env, number: SetupNumber, stored: unknown): SetupApi {
  const registration = async () => null;
  if (number.carrier === "plivo") {
    const c = plivoCredentialsSchema.parse(stored);
    const a = { apiBase: env.PLIVO_API_BASE, authId: c.authId, authToken: c.authToken, e164: number.e164 };
    const call = (to: string, _words: string, base: string) => placePlivoTestCall(a, to, `${base}/webhooks/plivo/test-call`);
    return { read: () => readPlivoSetup(a), write: (v) => writePlivoSetup(a, v), call, registration };
  }
  if (number.carrier === "vonage") {
    const c = vonageCredentialsSchema.parse(stored);
    const a = { apiBase: env.VONAGE_API_BASE, apiKey: c.apiKey, apiSecret: c.apiSecret, applicationId: c.applicationId, e164: number.e164 };
    const call = (to: string, words: string) => placeVonageTestCall({ ...a, privateKey: c.privateKey }, to, words);
    return { read: () => readVonageSetup(a), write: (v) => writeVonageSetup(a, v), call, registration, applicationId: c.applicationId };
  }
  if (isBandwidthApiUser(stored)) throw new SetupError(401, `${BANDWIDTH_API_USER_RETIRED}.`);
  const c = bandwidthCredentialsSchema.parse(stored);
  const a = { apiBase: env.BANDWIDTH_API_BASE, tokenUrl: env.BANDWIDTH_TOKEN_URL, accountId: c.accountId, applicationId: c.applicationId, clientId: c.clientId, clientSecret: c.clientSecret, e164: number.e164 };
  const callAccess = { ...a, voiceApiBase: env.BANDWIDTH_VOICE_API_BASE, callbackUsername: c.callbackUsername, callbackPassword: c.callbackPassword };
  const call = (to: string, _words: string, base: string) => placeBandwidthTestCall(callAccess, to, `${base}/webhooks/bandwidth/test-call`);
  return { read: () => readBandwidthSetup(a), write: (v) => writeBandwidthSetup(a, v), call, registration };
}

/** What the carrier must say for this number: its mode's URLs, and for Vonage the application it must be linked to. */
export function expectedFor(api: SetupApi, base: string, number: SetupNumber): Partial<Record<SetupName, string>> {
  return expectedSetup(base, number.carrier, number.mode, api.applicationId);
}

/** `GET …/numbers/:numberId/check`: each setting as the carrier has it and as it should be, and the number's US registration. */
export async function checkNumberSetup(env: Env, base: string, number: SetupNumber): Promise<{ checks: SetupCheck[]; registration: Registration | null }> {
  const api = await setupApi(env, number);
  const [values, registration] = await Promise.all([api.read(), api.registration()]);
  return { checks: compareSetup(expectedFor(api, base, number), values), registration };
}

/** The newest "Configure for me" or undo of this number, if any. */
export async function lastSetupChange(db: ReturnType<typeof drizzle>, numberId: string) {
  const [last] = await db
    .select({ action: auditLog.action, detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.entity, "number"), eq(auditLog.entityId, numberId), inArray(auditLog.action, ["number.configure", "number.configure_undo"])))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1);
  return last;
}

/** Whether the last change to this number's carrier settings was ours (so "Undo" applies). */
export async function canUndoSetup(db: ReturnType<typeof drizzle>, numberId: string): Promise<boolean> {
  return (await lastSetupChange(db, numberId))?.action === "number.configure";
}

/**
 * The public origin Textback's URLs had when it last configured the number: the cron has no request
 * to read it from when PUBLIC_BASE_URL is not set.
 */
export async function configuredBase(db: ReturnType<typeof drizzle>, numberId: string): Promise<string | null> {
  const [row] = await db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.entity, "number"), eq(auditLog.entityId, numberId), eq(auditLog.action, "number.configure")))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1);
  const url = Object.values((row?.detail as { after?: Record<string, string> } | undefined)?.after ?? {})[0];
  return url ? new URL(url).origin : null;
}
