/**
 * Changing a number after it was added: new credentials (after a leaked token was rotated at the
 * carrier) or another mode, and removing it. Each is audited without secret values, and the lines
 * are told at once (linesChanged), so no isolate keeps acting on the old configuration.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { encryptSecret } from "../crypto/secrets";
import { numbers, type BusinessRow } from "../db/schema";
import type { Env } from "../env";
import { linesChanged } from "../line/config-changed";
import { auditDiff } from "../rules/audit-diff";
import { audit } from "./audit";
import type { PatchNumberInput } from "./number-schemas";
import { findNumber, type AdminNumber } from "./numbers";

type NumberEnv = Pick<Env, "DB" | "DATA_KEY" | "LINE">;

/**
 * New credentials (encrypted like on add, never read back) and/or mode. A webhook checked against
 * credentials an isolate cached before this is checked again against these ones (reverifiedLine),
 * and the outbox reads the stored ones for every send.
 */
export async function updateNumber(env: NumberEnv, business: BusinessRow, number: AdminNumber, input: PatchNumberInput): Promise<AdminNumber> {
  const db = drizzle(env.DB);
  const changes: Partial<typeof numbers.$inferInsert> = {};
  if (input.mode !== undefined) changes.mode = input.mode;
  if (input.credentials !== undefined) changes.credentials = await encryptSecret(env.DATA_KEY, JSON.stringify(input.credentials));
  const fields = Object.keys(changes);
  await db.batch([
    db.update(numbers).set(changes).where(eq(numbers.id, number.id)),
    // "credentials" is a secret field: the row says "[changed]", never a value.
    audit(db, "number.update", "number", number.id, { e164: number.e164, changes: auditDiff({ ...number, credentials: true }, { ...number, ...changes }, fields) }),
  ]);
  await linesChanged(env, business.id);
  return findNumber(db, business.id, number.id);
}

/**
 * Removes a number and its credentials. Its history stays: calls and texts keep the number's E.164
 * and id (no foreign key points at this row), consent and leads belong to the business. Webhooks for it are then refused like
 * those of a number never registered, and its line is told, so a copy another isolate cached is not
 * decided on either.
 */
export async function removeNumber(env: NumberEnv, business: BusinessRow, number: AdminNumber): Promise<void> {
  const db = drizzle(env.DB);
  await db.batch([
    db.delete(numbers).where(eq(numbers.id, number.id)),
    audit(db, "number.remove", "number", number.id, { e164: number.e164, carrier: number.carrier, mode: number.mode }),
  ]);
  // The business's other lines stop counting it among its own numbers; its own line refuses stale copies.
  await linesChanged(env, business.id, [number.e164]);
}
