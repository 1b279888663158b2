/**
 * A person takes an urgent lead's page on the admin page ("I'm taking this", DESIGN.md §6.3): the
 * same write as an on-call person's OK by text (the lead's `acknowledgedAt` / `acknowledgedBy`, its
 * entry and `lead.acknowledged`, once, whoever comes first), then the business's lines cancel the
 * pages they hold for the caller, so nobody else is paged, and tell whoever they paged who took it.
 * A second press, or an OK by text after it, changes nothing.
 */
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import type { Env } from "../env";
import { acknowledgedLeadWrites } from "../leads/record";
import { pageTaken } from "../line/page-taken";
import { queueEvents } from "../notify/events";
import { actedByWords } from "../rules/acted-by";
import { currentActedBy } from "./actor";
import { audit } from "./audit";
import { newId } from "./db";
import { findLead, type LeadRow } from "./leads";

/**
 * Take the page of `lead` as the request's person (`owner`: the business's name for its owner, who
 * the admin token is). `took`: false when someone had taken it first (the lead says who). 409 for a
 * lead that is not urgent, or closed (its pages are over).
 */
export async function takePage(env: Pick<Env, "DB" | "SMS_OUT" | "LINE">, lead: LeadRow, owner: string | null = null, publicBaseUrl = ""): Promise<{ took: boolean; lead: LeadRow }> {
  if (!lead.urgent) throw new HTTPException(409, { message: "this lead is not urgent: there is no page to take" });
  if (lead.acknowledgedAt !== null) return { took: false, lead };
  if (lead.closedAt !== null) throw new HTTPException(409, { message: "this lead is closed: its pages are over" });
  const actedBy = currentActedBy();
  const cause = { businessId: lead.businessId, phone: lead.phone, causeId: newId("take"), at: Date.now(), by: { phone: null, name: actedByWords(actedBy, owner) }, actedBy };
  const writes = acknowledgedLeadWrites(env.DB, cause, true);
  const results = await env.DB.batch(writes.statements);
  // Its entry is written only while nobody has taken the page (db/lead-acts.ts).
  const took = (results[0]?.meta.changes ?? 0) > 0;
  const db = drizzle(env.DB);
  if (took) {
    await queueEvents(env, writes.events.map((event) => ({ event, result: results[writes.statements.indexOf(event.statement)] })));
    await audit(db, "lead.acknowledge", "lead", lead.id, {});
    // Those paged before hear who took it, by the name the timeline gives them.
    await pageTaken(env, lead.businessId, lead.phone, { by: cause.by.name, publicBaseUrl });
  }
  return { took, lead: await findLead(db, lead.id) };
}
