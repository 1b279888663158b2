/**
 * "Configure it for me", "Undo" and the test call: the admin's changes to a number at its carrier,
 * each in the audit log (a configure with the values it replaced, which undo restores).
 */
import { drizzle } from "drizzle-orm/d1";
import { SetupError } from "../carriers/setup-error";
import { expectedFor, lastSetupChange, setupApi, type Changes } from "../carrier-setup/number-setup";
import type { BusinessRow } from "../db/schema";
import type { Env } from "../env";
import { testCallWords } from "../rules/greeting";
import { compareSetup, setupChanges, type SetupName } from "../rules/number-setup";
import { audit } from "./audit";
import type { AdminNumber } from "./numbers";

/** `POST …/configure`: set what is wrong, record what it was, and check again. */
export async function configureNumberSetup(env: Env, base: string, business: BusinessRow, number: AdminNumber) {
  const api = await setupApi(env, number);
  const before = await api.read();
  const changes = setupChanges(compareSetup(expectedFor(api, base, number), before));
  const changed = Object.keys(changes) as SetupName[];
  if (changed.length > 0) {
    await api.write(changes);
    const old = Object.fromEntries(changed.map((n) => [n, before[n] ?? null]));
    await audit(drizzle(env.DB), "number.configure", "number", number.id, { businessId: business.id, e164: number.e164, before: old, after: changes });
  }
  const [after, registration] = await Promise.all([api.read(), api.registration()]);
  return { changed, checks: compareSetup(expectedFor(api, base, number), after), registration };
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
  return { restored: Object.keys(before) as SetupName[], checks: compareSetup(expectedFor(api, base, number), after), registration };
}

/**
 * `POST …/test-call`: the number calls the business's own phone (only when asked). Unanswered, the
 * business's forwarding sends it back here, and the number's page turns green. `base` is the origin
 * of the routes a carrier fetches the call's words from.
 */
export async function placeTestCall(env: Env, base: string, business: BusinessRow, number: AdminNumber): Promise<{ to: string }> {
  if (!business.forwardTo) throw new SetupError(409, "Set the business's own phone number (the one callers dial, forwarded to Textback) first.");
  const api = await setupApi(env, number);
  await api.call(business.forwardTo, testCallWords(business.name), base);
  await audit(drizzle(env.DB), "number.test_call", "number", number.id, { businessId: business.id, to: business.forwardTo });
  return { to: business.forwardTo };
}

