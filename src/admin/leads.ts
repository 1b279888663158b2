/** Leads (DESIGN.md §6.1): a business's list, one lead with its timeline, and a person's changes. */
import { and, asc, desc, eq, gte, lte, or, sql, type SQL } from "drizzle-orm";
import { HTTPException } from "hono/http-exception";
import { contacts } from "../db/contacts-schema";
import { leadEvents, leads } from "../db/leads-schema";
import { calls, messages, type CallRow, type MessageRow } from "../db/schema";
import { storedActedBy } from "../rules/acted-by";
import { shownBody } from "../rules/media";
import type { ActedBy, MessageMedia } from "../vocabulary";
import { sqlList } from "../reports/text-groups";
import type { Db } from "./db";
import { CALLER_KINDS } from "./inbox-states";
import { alertsAbout } from "./caller-alerts";

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
  | { type: "message"; at: number; id: string; direction: string; kind: string; to: string; body: string; status: MessageRow["status"]; errorCode: string | null; errorMessage: string | null; actedBy: ActedBy | null; media: MessageMedia[] }
  | { type: "lead_event"; at: number; id: string; event: string; detail: Record<string, unknown> | null; actor: string; actedBy: ActedBy | null };

/**
 * What a lead's timeline is made of, as stored: its calls, its caller's texts, its own entries, the
 * pages its emergency sent, and the other texts about its caller to the business's phones.
 */
export interface LeadRecords {
  calls: CallRow[];
  messages: MessageRow[];
  events: (typeof leadEvents.$inferSelect)[];
  pages: MessageRow[];
  alerts: MessageRow[];
}

/** A lead's alerts and relays read at most: a caller who keeps calling gets one each time. */
const LEAD_ALERTS = 200;

/**
 * The pages a lead's urgent entries sent, by key: an entry is `urgent:<inbound id>` (db/leads.ts),
 * its reply's row `in_<number>_<carrier id>` and the pages it sent `m_<number>_<carrier id>_page<i>`
 * (line/ids.ts), so each urgent entry is one range of the messages key.
 */
export function pagesOf(db: Db, lead: Pick<LeadRow, "id">) {
  const prefix = sql`'m_' || substr(${leadEvents.id}, ${"urgent:in_".length + 1}) || '_page'`;
  return db
    .select({ page: messages })
    .from(leadEvents)
    // By the key alone: the prefix names the business's own number, and the business's index would read all its texts.
    .innerJoin(messages, and(sql`${messages.id} >= ${prefix}`, sql`${messages.id} < ${prefix} || '~'`, eq(messages.kind, "page")))
    .where(and(eq(leadEvents.leadId, lead.id), eq(leadEvents.type, "urgent")));
}

/**
 * Everything that happened on a lead, in one batch: its calls and the texts both ways with its
 * caller while it was open (a caller has one open lead at a time), its own entries (opened, status
 * changes, notes…), the pages its emergency sent to the business's people, and what else the
 * business's phones were told about its caller meanwhile (relays, alerts).
 */
export async function leadRecords(db: Db, lead: LeadRow): Promise<LeadRecords> {
  const until = lead.closedAt ?? Number.MAX_SAFE_INTEGER;
  const [calls_, messages_, events, pages, about] = await db.batch([
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
    pagesOf(db, lead),
    alertsAbout(db, lead.businessId, lead.phone, { limit: LEAD_ALERTS, from: lead.createdAt, until }),
  ]);
  // Pages are the urgent entries' own (they show as the page history), older ones without `about_phone` too.
  const alerts = about.filter((m) => m.kind !== "page");
  return { calls: calls_, messages: messages_, events, pages: pages.map((r) => r.page), alerts };
}

/** The records as one list, oldest first (the API's `timeline`; the pages and alerts are messages among the rest). */
export function timelineOf(records: LeadRecords): TimelineEntry[] {
  const message = (m: MessageRow) => ({ type: "message" as const, at: m.createdAt, id: m.id, direction: m.direction, kind: m.kind, to: m.toPhone, body: m.body, status: m.status, errorCode: m.errorCode, errorMessage: m.errorMessage, actedBy: storedActedBy(m.actedBy), media: m.media ?? [] });
  const entries: TimelineEntry[] = [
    ...records.calls.map((c) => ({ type: "call" as const, at: c.at, id: c.id, outcome: c.outcome, decision: c.decision })),
    ...records.messages.map(message),
    ...records.pages.map(message),
    ...records.alerts.map(message),
    ...records.events.map((e) => ({ type: "lead_event" as const, at: e.at, id: e.id, event: e.type, detail: e.detail ?? null, actor: e.actor, actedBy: storedActedBy(e.actedBy) })),
  ];
  return entries.sort((a, b) => a.at - b.at);
}

export async function leadTimeline(db: Db, lead: LeadRow): Promise<TimelineEntry[]> {
  return timelineOf(await leadRecords(db, lead));
}

/**
 * Each lead's caller's latest own words (a reply or a voicemail's) while that lead was open, by
 * lead id, for the leads given (a page of the list: sent as one JSON parameter, however many).
 * A lead whose caller has not said anything is not in the map.
 */
export async function latestWordsOf(d1: D1Database, businessId: string, list: readonly Pick<LeadRow, "id" | "phone" | "createdAt" | "closedAt">[]): Promise<Map<string, string>> {
  if (list.length === 0) return new Map();
  const wanted = JSON.stringify(list.map((l) => [l.id, l.phone, l.createdAt, l.closedAt ?? Number.MAX_SAFE_INTEGER]));
  const { results } = await d1.prepare(LATEST_WORDS).bind(businessId, wanted).all<{ id: string; said: string | null }>();
  // A text of photos alone reads "Photo" here too.
  const words = (said: string) => {
    const [body, media] = JSON.parse(said) as [string, number];
    return shownBody(body, media);
  };
  return new Map(results.filter((r) => r.said !== null).map((r) => [r.id, words(r.said!)]));
}

// Per lead, one step back along messages_business_from_idx (business, direction, phone, time).
const LATEST_WORDS = `SELECT json_extract(w.value, '$[0]') AS id,
  (SELECT json_array(m.body, coalesce(json_array_length(m.media), 0)) FROM messages m
    WHERE m.business_id = ?1 AND m.direction = 'inbound' AND m.from_phone = json_extract(w.value, '$[1]')
      AND m.created_at BETWEEN json_extract(w.value, '$[2]') AND json_extract(w.value, '$[3]')
      AND m.kind IN (${sqlList(CALLER_KINDS)})
    ORDER BY m.created_at DESC LIMIT 1) AS said
  FROM json_each(?2) w`;
