/**
 * Closing a business down (offboarding): everything it owns is deleted except what the law needs
 * kept (its consent ledger, opt-outs included, and the audit log), in bounded D1 batches. A close
 * stopped halfway (an error, the request's query budget spent) leaves the business in place, so the
 * same DELETE again finishes it; the business row goes last, with its audit row, in one batch.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { CLOSED_BUSINESS_TABLES, deleteSliceSql, KEPT_BUSINESS_TABLES, ROWS_PER_DELETE, tableName } from "../db/business-rows";
import { businesses, numbers, type BusinessRow } from "../db/schema";
import type { Env } from "../env";
import { closeConfirmRefusal, numbersAttachedRefusal } from "../rules/business-close";
import { audit } from "./audit";

/**
 * Statements one request spends on deleting before it answers "not finished yet": D1 allows 1000
 * queries per Worker invocation (Paid plan), and the request's own reads need some of those.
 */
const DELETE_STATEMENTS_PER_REQUEST = 400;

/** A finished close, or one that ran out of its request's budget and needs the same DELETE again. */
export type CloseOutcome = { closed: true; kept: Record<string, number> } | { closed: false };

/** 400 when `confirm` is not the business's exact name, 409 while numbers are attached; nothing changed either way. */
export async function closeBusiness(env: Pick<Env, "DB">, business: BusinessRow, confirm: unknown): Promise<CloseOutcome> {
  const refusal = closeConfirmRefusal(business.name, confirm);
  if (refusal) throw new HTTPException(400, { message: refusal });
  const db = drizzle(env.DB);
  const attached = await db.select({ e164: numbers.e164 }).from(numbers).where(eq(numbers.businessId, business.id));
  const stillAttached = numbersAttachedRefusal(attached.map((n) => n.e164));
  if (stillAttached) throw new HTTPException(409, { message: stillAttached });

  if (!(await deleteOwnedRows(env.DB, business.id))) return { closed: false };
  await db.batch([
    db.delete(businesses).where(eq(businesses.id, business.id)),
    audit(db, "business.close", "business", business.id, { name: business.name, kept: KEPT_BUSINESS_TABLES.map(tableName) }),
  ]);
  return { closed: true, kept: await keptCounts(env.DB, business.id) };
}

/**
 * Deletes the business's rows table by table, a bounded slice per statement, spending at most
 * `budget` statements; true when none are left, false when the budget ran out first.
 */
export async function deleteOwnedRows(d1: D1Database, businessId: string, budget = DELETE_STATEMENTS_PER_REQUEST): Promise<boolean> {
  let left = [...CLOSED_BUSINESS_TABLES];
  while (left.length > 0) {
    if (budget < left.length) return false;
    budget -= left.length;
    const results = await d1.batch(left.map((t) => d1.prepare(deleteSliceSql(t)).bind(businessId)));
    // A table is done when its slice came back short: nothing of the business is left in it.
    left = left.filter((_, i) => results[i]!.meta.changes >= ROWS_PER_DELETE);
  }
  return true;
}

/** How many rows of each kept table still name the business (what a later compliance question reads). */
async function keptCounts(d1: D1Database, businessId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of KEPT_BUSINESS_TABLES) {
    const name = tableName(t);
    const row = await d1.prepare(`SELECT count(*) AS n FROM "${name}" WHERE "${t.businessId.name}" = ?1`).bind(businessId).first<{ n: number }>();
    out[name] = row?.n ?? 0;
  }
  return out;
}
