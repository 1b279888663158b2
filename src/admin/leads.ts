/** Leads (DESIGN.md §6.1): a business's list, one lead with its timeline, and a person's changes. */
import { and, asc, desc, eq, gte, lte, or, sql, type SQL } from "drizzle-orm";
import { HTTPException } from "hono/http-exception";
import { contacts } from "../db/contacts-schema";
import { leadEvents, leads } from "../db/leads-schema";
import { calls, messages } from "../db/schema";
import { sqlList } from "../reports/text-groups";
import type { Db } from "./db";
import { CALLER_KINDS } from "./inbox";

export type LeadRow = typeof leads.$inferSelect;

/** `nextCursor`: the last lead of a page, by activity then id (the list's order). */
export const leadCursor = (lead: Pick<LeadRow, "lastActivityAt" | "id">) => `${lead.lastActivityAt}~${lead.id}`;

/** `q` as a LIKE pattern: its own % and _ match themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A business's leads, newest activity first, a page of `limit` after `cursor`. */
export function listLeads(db: Db, businessId: string, opts: { limit: number; status?: LeadRow["status"]; urgent?: boolean; q?: string; cursor?: string }) {
  const conditions: (SQL | undefined)[] = [eq(leads.businessId, businessId)];
  if (opts.status) conditions.push(eq(leads.status, opts.status));
  if (opts.urgent !== undefined) conditions.push(eq(leads.urgent, opts.urgent));
  if (opts.q) {
    const pattern = likePattern(opts.q);
    // The business's contact's name too: the name the list shows for the caller (rules/display.ts shownCaller).
    const contactNamed = sql`EXISTS (SELECT 1 FROM ${contacts} WHERE ${contacts.businessId} = ${leads.businessId} AND ${contacts.phone} = ${leads.phone} AND ${contacts.name} LIKE ${pattern} ESCAPE '\\')`;
    conditions.push(sql`(${leads.phone} LIKE ${pattern} ESCAPE '\\' OR ${leads.name} LIKE ${pattern} ESCAPE '\\' OR ${leads.fields} LIKE ${pattern} ESCAPE '\\' OR ${contactNamed})`);
  }
  if (opts.cursor) {
    const [at, id] = opts.cursor.split("~") as [string, string];
    conditions.push(sql`(${leads.lastActivityAt} < ${Number(at)} OR (${leads.lastActivityAt} = ${Number(at)} AND ${leads.id} < ${id}))`);
  }
  return db
    .select()
    .from(leads)
    .where(and(...conditions))
    .orderBy(desc(leads.lastActivityAt), desc(leads.id))
    .limit(opts.limit);
}

/**
 * A caller's lead with a business: the open one, else the latest closed one (none: they never
 * called or texted it). A query, to batch with a conversation's others.
 */
export function latestLeadOf(db: Db, businessId: string, phone: string) {
  return db
    .select()
    .from(leads)
    .where(and(eq(leads.businessId, businessId), eq(leads.phone, phone)))
    .orderBy(sql`${leads.closedAt} IS NULL DESC`, desc(leads.createdAt))
    .limit(1);
}

export async function findLead(db: Db, id: string): Promise<LeadRow> {
  const [row] = await db.select().from(leads).where(eq(leads.id, id));
  if (!row) throw new HTTPException(404, { message: "no such lead" });
  return row;
}

export type TimelineEntry =
  | { type: "call"; at: number; id: string; outcome: string; decision: string }
  | { type: "message"; at: number; id: string; direction: string; kind: string; body: string; status: string }
  | { type: "lead_event"; at: number; id: string; event: string; detail: Record<string, unknown> | null; actor: string };

/**
 * Everything that happened on a lead, oldest first: its calls and the texts both ways with its
 * caller while it was open (a caller has one open lead at a time), and its own entries (opened,
 * status changes, notes…).
 */
export async function leadTimeline(db: Db, lead: LeadRow): Promise<TimelineEntry[]> {
  const until = lead.closedAt ?? Number.MAX_SAFE_INTEGER;
  const [callRows, messageRows, eventRows] = await db.batch([
    db
      .select()
      .from(calls)
      .where(and(eq(calls.businessId, lead.businessId), eq(calls.fromPhone, lead.phone), gte(calls.at, lead.createdAt), lte(calls.at, until))),
    db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.businessId, lead.businessId),
          or(eq(messages.fromPhone, lead.phone), eq(messages.toPhone, lead.phone)),
          gte(messages.createdAt, lead.createdAt),
          lte(messages.createdAt, until),
        ),
      ),
    db.select().from(leadEvents).where(eq(leadEvents.leadId, lead.id)).orderBy(asc(leadEvents.at)),
  ]);
  const entries: TimelineEntry[] = [
    ...callRows.map((c) => ({ type: "call" as const, at: c.at, id: c.id, outcome: c.outcome, decision: c.decision })),
    ...messageRows.map((m) => ({ type: "message" as const, at: m.createdAt, id: m.id, direction: m.direction, kind: m.kind, body: m.body, status: m.status })),
    ...eventRows.map((e) => ({ type: "lead_event" as const, at: e.at, id: e.id, event: e.type, detail: e.detail ?? null, actor: e.actor })),
  ];
  return entries.sort((a, b) => a.at - b.at);
}

/**
 * Each lead's caller's latest own words (a reply or a voicemail's) while that lead was open, by
 * lead id, for the leads given (a page of the list: sent as one JSON parameter, however many).
 * A lead whose caller has not said anything is not in the map.
 */
export async function latestWordsOf(d1: D1Database, businessId: string, list: readonly Pick<LeadRow, "id" | "phone" | "createdAt" | "closedAt">[]): Promise<Map<string, string>> {
  if (list.length === 0) return new Map();
  const wanted = JSON.stringify(list.map((l) => [l.id, l.phone, l.createdAt, l.closedAt ?? Number.MAX_SAFE_INTEGER]));
  const { results } = await d1.prepare(LATEST_WORDS).bind(businessId, wanted).all<{ id: string; body: string | null }>();
  return new Map(results.filter((r) => r.body !== null).map((r) => [r.id, r.body!]));
}

// Per lead, one step back along messages_business_from_idx (business, direction, phone, time).
const LATEST_WORDS = `SELECT json_extract(w.value, '$[0]') AS id,
  (SELECT m.body FROM messages m
    WHERE m.business_id = ?1 AND m.direction = 'inbound' AND m.from_phone = json_extract(w.value, '$[1]')
      AND m.created_at BETWEEN json_extract(w.value, '$[2]') AND json_extract(w.value, '$[3]')
      AND m.kind IN (${sqlList(CALLER_KINDS)})
    ORDER BY m.created_at DESC LIMIT 1) AS body
  FROM json_each(?2) w`;
