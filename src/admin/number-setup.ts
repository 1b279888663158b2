/**
 * "Is my number set up right?" and "Configure it for me": a number's webhook settings read from its
 * carrier, compared with what its mode needs, and (only when asked) set through the carrier's API,
 * with the old values in the audit log so "Undo" can put them back.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { signalwireCredentialsSchema, signalwireOrigin } from "../carriers/signalwire";
import { SetupError } from "../carriers/setup-error";
import { placeTelnyxTestCall, readTelnyxSetup, writeTelnyxSetup } from "../carriers/setup-telnyx";
import { placeTwilioTestCall, readTwilioRegistration, readTwilioSetup, writeTwilioSetup, type TwilioSetupAccess } from "../carriers/setup-twilio";
import type { Registration } from "../rules/registration";
import { telnyxCredentialsSchema } from "../carriers/telnyx";
import { twilioCredentialsSchema } from "../carriers/twilio";
import { decryptCredentials } from "../crypto/credentials";
import { auditLog, numbers, type BusinessRow } from "../db/schema";
import type { Env } from "../env";
import { compareSetup, expectedSetup, setupChanges, type SetupCheck, type SetupName, type SetupValues } from "../rules/number-setup";
import { audit } from "./audit";
import type { AdminNumber } from "./numbers";

type Changes = Partial<Record<SetupName, string | null>>;

interface SetupApi {
  read(): Promise<SetupValues>;
  write(values: Changes): Promise<void>;
  call(to: string, words: string): Promise<void>;
  /** US registration (10DLC, toll-free), where the carrier's API tells it. */
  registration(): Promise<Registration | null>;
}

/**
 * Twilio's Messaging Services live on their own origin; a stand-in (the simulator, a test) serves
 * them beside the Compatibility API on the one origin it was given.
 */
export function twilioMessagingRoot(apiBase: string): string {
  return apiBase.replace(/\/$/, "") === "https://api.twilio.com" ? "https://messaging.twilio.com" : apiBase.replace(/\/$/, "");
}

async function setupApi(env: Env, number: AdminNumber): Promise<SetupApi> {
  const [row] = await drizzle(env.DB).select({ credentials: numbers.credentials }).from(numbers).where(eq(numbers.id, number.id));
  const stored = await decryptCredentials(env.DATA_KEY, row!.credentials);
  if (number.carrier === "telnyx") {
    const a = { apiBase: env.TELNYX_API_BASE, apiKey: telnyxCredentialsSchema.parse(stored).apiKey, e164: number.e164 };
    return { read: () => readTelnyxSetup(a), write: (v) => writeTelnyxSetup(a, v), call: (to) => placeTelnyxTestCall(a, to), registration: async () => null };
  }
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

/** `GET …/numbers/:numberId/check`: each setting as the carrier has it and as it should be, and the number's US registration. */
export async function checkNumberSetup(env: Env, base: string, number: AdminNumber): Promise<{ checks: SetupCheck[]; registration: Registration | null }> {
  const api = await setupApi(env, number);
  const [values, registration] = await Promise.all([api.read(), api.registration()]);
  return { checks: compareSetup(expectedSetup(base, number.carrier, number.mode), values), registration };
}

/** `POST …/configure`: set what is wrong, record what it was, and check again. */
export async function configureNumberSetup(env: Env, base: string, business: BusinessRow, number: AdminNumber) {
  const api = await setupApi(env, number);
  const before = await api.read();
  const changes = setupChanges(compareSetup(expectedSetup(base, number.carrier, number.mode), before));
  const changed = Object.keys(changes) as SetupName[];
  if (changed.length > 0) {
    await api.write(changes);
    const old = Object.fromEntries(changed.map((n) => [n, before[n] ?? null]));
    await audit(drizzle(env.DB), "number.configure", "number", number.id, { businessId: business.id, e164: number.e164, before: old, after: changes });
  }
  const [after, registration] = await Promise.all([api.read(), api.registration()]);
  return { changed, checks: compareSetup(expectedSetup(base, number.carrier, number.mode), after), registration };
}

/** `POST …/configure/undo`: put back what the last "Configure for me" replaced. */
export async function undoNumberSetup(env: Env, base: string, business: BusinessRow, number: AdminNumber) {
  const db = drizzle(env.DB);
  const last = await lastSetupChange(db, number.id);
  if (last?.action !== "number.configure") throw new SetupError(409, "Nothing to undo: Textback has not changed this number's settings since the last undo.");
  const { before } = last.detail as { before: Changes };
  const api = await setupApi(env, number);
  await api.write(before);
  await audit(db, "number.configure_undo", "number", number.id, { businessId: business.id, e164: number.e164, restored: before });
  const [after, registration] = await Promise.all([api.read(), api.registration()]);
  return { restored: Object.keys(before) as SetupName[], checks: compareSetup(expectedSetup(base, number.carrier, number.mode), after), registration };
}

/**
 * `POST …/test-call`: the number calls the business's own phone (only when asked). Unanswered, the
 * business's forwarding sends it back here, and the number's page turns green.
 */
export async function placeTestCall(env: Env, business: BusinessRow, number: AdminNumber): Promise<{ to: string }> {
  if (!business.forwardTo) throw new SetupError(409, "Set the business's own phone number (the one callers dial, forwarded to Textback) first.");
  const api = await setupApi(env, number);
  await api.call(business.forwardTo, `This is a test call from Textback for ${business.name}. To test the forwarding, let it ring: do not answer.`);
  await audit(drizzle(env.DB), "number.test_call", "number", number.id, { businessId: business.id, to: business.forwardTo });
  return { to: business.forwardTo };
}

/** The newest "Configure for me" or undo of this number, if any. */
async function lastSetupChange(db: ReturnType<typeof drizzle>, numberId: string) {
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
