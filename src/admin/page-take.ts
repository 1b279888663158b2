/**
 * A person takes an urgent lead's page on the admin page ("I'm taking this", DESIGN.md §6.3): the
 * same write as an on-call person's OK by text (the lead's `acknowledgedAt` / `acknowledgedBy`, its
 * entry and `lead.acknowledged`, once, whoever comes first), then the business's lines cancel the
 * pages they hold for the caller, so nobody else is paged, and tell whoever they paged who took it.
 * A taker on the on-call list (rules/page-taker.ts) holds it as if by their OK: the lead names them
 * with that phone, and the caller's texts reach it from now on. A second press, or an OK by text
 * after it, changes nothing.
 */
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import type { Env } from "../env";
import { acknowledgedLeadWrites } from "../leads/record";
import { pageTaken } from "../line/page-taken";
import { queueEvents } from "../notify/events";
import { actedByWords } from "../rules/acted-by";
import { takerOnCall, type OnCallEntry } from "../rules/page-taker";
import { currentActedBy } from "./actor";
import { audit } from "./audit";
import { newId } from "./db";
import { findLead, type LeadRow } from "./leads";

/** The business as a take reads it: its name for its owner (who the admin token is), and its on-call list. */
export interface TakeContext {
  owner: string | null;
  onCall: readonly OnCallEntry[];
  publicBaseUrl: string;
}

/**
 * The on-call entry of the request's person, whose phone the caller's texts reach once they take a
 * page (the take form says so); null for anyone else, and for the owner's own phone, which gets
 * what the relay setting says whoever takes it.
 */
export function takerHere(business: { notifyPhone: string | null; onCall: readonly OnCallEntry[] }): OnCallEntry | null {
  const entry = takerOnCall(currentActedBy(), business.onCall);
  return entry && entry.phone !== business.notifyPhone ? entry : null;
}

/**
 * Take the page of `lead` as the request's person. `took`: false when someone had taken it first
 * (the lead says who). 409 for a lead that is not urgent, or closed (its pages are over).
 */
export async function takePage(env: Pick<Env, "DB" | "SMS_OUT" | "LINE">, lead: LeadRow, business: TakeContext): Promise<{ took: boolean; lead: LeadRow }> {
  if (!lead.urgent) throw new HTTPException(409, { message: "this lead is not urgent: there is no page to take" });
  if (lead.acknowledgedAt !== null) return { took: false, lead };
  if (lead.closedAt !== null) throw new HTTPException(409, { message: "this lead is closed: its pages are over" });
  const actedBy = currentActedBy();
  const phone = takerOnCall(actedBy, business.onCall)?.phone ?? null;
  const cause = { businessId: lead.businessId, phone: lead.phone, causeId: newId("take"), at: Date.now(), by: { phone, name: actedByWords(actedBy, business.owner) }, actedBy };
  const writes = acknowledgedLeadWrites(env.DB, cause, true);
  const results = await env.DB.batch(writes.statements);
  // Its entry is written only while nobody has taken the page (db/lead-acts.ts).
  const took = (results[0]?.meta.changes ?? 0) > 0;
  const db = drizzle(env.DB);
  if (took) {
    await queueEvents(env, writes.events.map((event) => ({ event, result: results[writes.statements.indexOf(event.statement)] })));
    await audit(db, "lead.acknowledge", "lead", lead.id, {});
    // Those paged before hear who took it, by the name the timeline gives them.
    await pageTaken(env, lead.businessId, lead.phone, { by: cause.by.name, phone, publicBaseUrl: business.publicBaseUrl });
  }
  return { took, lead: await findLead(db, lead.id) };
}
