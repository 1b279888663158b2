/** The cron's texts to a business's owner (alerts, digests, the weekly summary), each claimed once. */
import { eq, lt, sql } from "drizzle-orm";
import { latestConsentSql } from "../db/consent";
import type { drizzle } from "drizzle-orm/d1";
import { alertsSent, businesses, messages, numbers } from "../db/schema";
import type { Env } from "../env";
import { newText } from "../outbox/new-text";

export type Db = ReturnType<typeof drizzle>;

/**
 * Record an alert as sent unless the same one went out within `quietMs` (or ever, without a window):
 * one statement, so two overlapping cron runs cannot both claim it.
 */
export async function claim(db: Db, businessId: string, key: string, now: number, detail: string | null, quietMs?: number): Promise<boolean> {
  const insert = db.insert(alertsSent).values({ businessId, key, detail, at: now });
  const r =
    quietMs === undefined
      ? await insert.onConflictDoNothing()
      : await insert.onConflictDoUpdate({
          target: [alertsSent.businessId, alertsSent.key],
          set: { at: now, detail },
          setWhere: lt(alertsSent.at, now - quietMs),
        });
  return r.meta.changes > 0;
}

/** The owner's phone's newest opt-out or opt-in with its business (a STOP texted to any of its numbers). */
const OWNER_CONSENT = sql.raw(`(${latestConsentSql("c.kind", "businesses.id", "businesses.notify_phone")})`);

/**
 * A text to the owner's notify phone from the business's first number (kind `alert` or `digest`);
 * `ref` tells apart two texts of one kind in one cron run (the daily digest and the weekly summary).
 * None while the owner's phone is opted out (it texted STOP: rules/staff-consent.ts); false then.
 */
export async function notifyBusiness(env: Env, db: Db, businessId: string, body: string, now: number, kind: "alert" | "digest", ref: string = String(now)): Promise<boolean> {
  const [row] = await db
    .select({ notifyPhone: businesses.notifyPhone, numberId: numbers.id, e164: numbers.e164, consent: sql<string | null>`${OWNER_CONSENT}` })
    .from(businesses)
    .innerJoin(numbers, eq(numbers.businessId, businesses.id))
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!row?.notifyPhone || row.consent === "opt_out") return false;
  const base = (env.PUBLIC_BASE_URL ?? "").replace(/\/$/, "");
  const text = newText({
    id: `m_${kind}_${businessId}_${ref}`,
    businessId,
    numberId: row.numberId,
    kind,
    from: row.e164,
    to: row.notifyPhone,
    body,
    now,
    publicBaseUrl: base,
  });
  await db.insert(messages).values(text.row).onConflictDoNothing();
  await env.SMS_OUT.send(text.job);
  return true;
}
