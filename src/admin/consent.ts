/** Consent: the append-only ledger of opt-ins and opt-outs, its CSV export, and changes made by hand. */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type * as z from "../zod";
import { HTTPException } from "hono/http-exception";
import { callerStatus, CALLER_STATUS_SQL } from "../db/consent";
import { consentEvents } from "../db/schema";
import { asStatement } from "../db/statements";
import type { Env } from "../env";
import { eventStatement, queueEvents } from "../notify/events";
import { toCsv } from "../reports/csv";
import { actedByWords, storedActedBy } from "../rules/acted-by";
import { mayRecordConsent } from "../rules/permissions";
import type { Role } from "../vocabulary";
import { currentActedBy } from "./actor";
import { audit } from "./audit";
import type { Db } from "./db";
import type { manualConsentSchema } from "./schemas";

/** The newest opt-out or opt-in decides (the ledger is append-only). */
export async function isOptedOut(d1: D1Database, businessId: string, phone: string): Promise<boolean> {
  return callerStatus(await d1.prepare(CALLER_STATUS_SQL).bind(businessId, phone).all()).optedOut;
}

/** The consent ledger of a business, oldest first: one number's, or (without `phone`) everyone's. */
export function consentLedger(db: Db, businessId: string, phone?: string) {
  return db
    .select()
    .from(consentEvents)
    .where(and(eq(consentEvents.businessId, businessId), phone === undefined ? undefined : eq(consentEvents.phone, phone)))
    .orderBy(asc(consentEvents.at), asc(consentEvents.id));
}

/** The newest events of a business's ledger, newest first. */
export function latestConsentEvents(db: Db, businessId: string, limit: number) {
  return db
    .select()
    .from(consentEvents)
    .where(eq(consentEvents.businessId, businessId))
    .orderBy(desc(consentEvents.at), desc(consentEvents.id))
    .limit(limit);
}

/** When each of these numbers opted out, every time they did. */
export function optOutsOf(db: Db, businessId: string, phones: readonly string[]) {
  return db
    .select({ phone: consentEvents.phone, at: consentEvents.at })
    .from(consentEvents)
    .where(and(eq(consentEvents.businessId, businessId), eq(consentEvents.kind, "opt_out"), inArray(consentEvents.phone, [...phones])));
}

/** The whole ledger as a CSV download (the admin page's export and the API's `consent.csv`). */
export async function consentCsv(db: Db, businessId: string): Promise<{ csv: string; headers: Record<string, string> }> {
  const rows = await consentLedger(db, businessId);
  const csv = toCsv(
    ["phone", "kind", "source", "evidence_id", "evidence_text", "at", "by"],
    rows.map((e) => {
      const by = storedActedBy(e.actedBy);
      return [e.phone, e.kind, e.source, e.evidenceId, e.evidenceText, new Date(e.at).toISOString(), by ? actedByWords(by) : null];
    }),
  );
  return {
    csv,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="consent-${businessId}.csv"`,
    },
  };
}

/** 403 when this role may not record this change by hand (rules/permissions.ts MANUAL_CONSENT_ROLES). */
export function checkConsentRole(role: Role, kind: "opt_out" | "opt_in"): void {
  if (!mayRecordConsent(role, kind)) {
    throw new HTTPException(403, { message: "kind: only the business's owner or a manager may opt a number in again by hand; anyone may opt one out" });
  }
}

/**
 * A manual opt-out or opt-in by a person (a caller asked by phone, a written request…), kept with
 * who recorded it, and the `consent.changed` event for the business's webhook (delivered in the
 * background via `ctx`). The caller checks the role first (checkConsentRole).
 */
export async function recordConsent(
  env: Env,
  ctx: Pick<ExecutionContext, "waitUntil">,
  businessId: string,
  input: z.infer<typeof manualConsentSchema>,
): Promise<{ at: number }> {
  const db = drizzle(env.DB);
  const at = Date.now();
  const event = eventStatement(env.DB, businessId, "consent.changed", {
    phone: input.phone,
    status: input.kind === "opt_out" ? "opted_out" : "opted_in",
    source: "admin",
  });
  const results = await env.DB.batch([
    asStatement(
      env.DB,
      db.insert(consentEvents).values({
        businessId,
        phone: input.phone,
        kind: input.kind,
        source: "admin",
        evidenceId: null,
        evidenceText: input.note ?? null,
        at,
        actedBy: currentActedBy(),
      }),
    ),
    asStatement(env.DB, audit(db, `consent.${input.kind}`, "consent", `${businessId}/${input.phone}`, { note: input.note ?? null })),
    event.statement,
  ]);
  ctx.waitUntil(queueEvents(env, [{ event, result: results[2] }]));
  return { at };
}
