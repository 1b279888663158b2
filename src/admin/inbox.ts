/**
 * The inbox: every person a business has a conversation with, newest activity first, each with two
 * states, both read from D1 when asked (nothing else has to keep them up to date):
 * - needs reply: their newest own text (a reply or a voicemail's words; never STOP, START or HELP)
 *   came after the newest text a person wrote to them (on the admin page, through the API, or from
 *   the owner's phone: kind `manual`). Automated texts answer nobody.
 * - unread: it needs a reply and that text came after the conversation was last opened on the admin
 *   page (`conversation_reads`, per business and phone: opening it marks it read for everyone who
 *   signs in to the business).
 * A conversation is made of the texts between the business and one person, both ways; the texts to
 * and from the business's own people (relays, pages, alerts, the owner's shortcuts) and test texts
 * are not part of any.
 * A caller the business blocked (a contact tagged `blocked`) asks for no reply, so is never unread
 * nor needs reply; the row says they are blocked.
 * A landline caller nobody could text is listed by their calls, marked to call back.
 * Each row also carries the caller's newest own words and their open lead's emergency (urgent, who
 * took its page, a danger named). The order is newest activity first, except that an urgent lead
 * whose page nobody has taken comes on top: it is the one thing nobody owns yet.
 */
import { landlineCallerSql } from "../db/line-types";
import { LANDLINE_DECISIONS } from "../rules/line-type";
import { sqlList } from "../reports/text-groups";
import { leadNameSql } from "./callers";
import { TEXT_BACK_KINDS, type MessageKind } from "../vocabulary";

/** The texts of a conversation with a caller. */
export const CONVERSATION_KINDS = [
  ...TEXT_BACK_KINDS,
  "follow_up",
  "help",
  "opt_out",
  "opt_in",
  "qualify",
  "urgent_reply",
  "manual",
  "reply",
  "transcript",
] as const satisfies readonly MessageKind[];
/** A caller's own words, which a person should answer. */
export const CALLER_KINDS = ["reply", "transcript"] as const satisfies readonly MessageKind[];
/** A text a person wrote. */
export const PERSON_KINDS = ["manual"] as const satisfies readonly MessageKind[];

export interface InboxQuery {
  /** Matches the contact's name, a name on the caller's leads, any text of the conversation, or (digits only) the phone. */
  q?: string;
  limit: number;
}

export interface InboxRow {
  phone: string;
  /** The business's contact's name for the caller. */
  contactName: string | null;
  /** The name on the caller's lead (admin/callers.ts leadNameSql). */
  leadName: string | null;
  lastAt: number;
  needsReply: boolean;
  unread: boolean;
  /** A contact tagged `blocked`: never unread nor needing a reply. */
  blocked: boolean;
  /** The newest text of the conversation. */
  last: { direction: "inbound" | "outbound"; kind: string; body: string } | null;
  /** The caller's newest own words (a reply or a voicemail's, CALLER_KINDS). */
  callerSaid: { kind: string; body: string } | null;
  /** The caller's open lead, as far as its emergency goes; null without an open lead. */
  openLead: OpenLeadEmergency | null;
  /** A landline (db/line-types.ts landlineCallerSql): called back, never texted. */
  landline: boolean;
}

/** An open lead's emergency: urgent (DESIGN.md §6.3), who took its page and when, a danger the caller named. */
export interface OpenLeadEmergency {
  urgent: boolean;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  dangerAt: number | null;
}

export interface Inbox {
  conversations: InboxRow[];
  /** Conversations unread, over all of them (not only those the search shows). */
  unread: number;
  /** More conversations match than `limit`. */
  more: boolean;
}

/** A text's time and id in one sortable string (the id is what follows the 15 digits), so max() finds the newest without a second pass. */
const timeKey = `printf('%015d', created_at) || id`;

/**
 * One row per conversation: ?1 the business. `last_key` is the newest text's key, `caller_key` the
 * newest of the caller's own words. A landline caller nobody could text (a call of
 * LANDLINE_DECISIONS) has a conversation too, of their calls alone: someone has to call them back.
 */
const STATES = `WITH texted AS (
  SELECT CASE direction WHEN 'inbound' THEN from_phone ELSE to_phone END AS phone,
    max(created_at) AS last_at,
    max(CASE WHEN direction = 'inbound' AND kind IN (${sqlList(CALLER_KINDS)}) THEN created_at END) AS caller_at,
    max(CASE WHEN direction = 'outbound' AND kind IN (${sqlList(PERSON_KINDS)}) THEN created_at END) AS answered_at,
    max(${timeKey}) AS last_key,
    max(CASE WHEN direction = 'inbound' AND kind IN (${sqlList(CALLER_KINDS)}) THEN ${timeKey} END) AS caller_key,
    max(?3 IS NOT NULL AND body LIKE ?3 ESCAPE '\\') AS body_match
  FROM messages
  WHERE business_id = ?1 AND kind IN (${sqlList(CONVERSATION_KINDS)})
  GROUP BY 1
), threads AS (
  SELECT * FROM texted
  UNION ALL
  SELECT from_phone, max(at), NULL, NULL, NULL, NULL, 0 FROM calls
  WHERE business_id = ?1 AND decision IN (${LANDLINE_DECISIONS.map((d) => `'${d}'`).join(", ")}) AND from_phone NOT IN (SELECT phone FROM texted)
  GROUP BY from_phone
), standing AS (
  SELECT t.*, EXISTS (SELECT 1 FROM contact_tags b WHERE b.business_id = ?1 AND b.phone = t.phone AND b.tag = 'blocked') AS blocked
  FROM threads t
), states AS (
  SELECT t.*,
    coalesce(NOT t.blocked AND t.caller_at > coalesce(t.answered_at, 0), 0) AS needs_reply,
    coalesce(NOT t.blocked AND t.caller_at > max(coalesce(t.answered_at, 0), coalesce(r.read_at, 0)), 0) AS unread
  FROM standing t LEFT JOIN conversation_reads r ON r.business_id = ?1 AND r.phone = t.phone
)`;

/** Whether any lead of the conversation's caller has a name like the search. */
const LEAD_NAME_MATCH = `EXISTS (SELECT 1 FROM leads n WHERE n.business_id = ?1 AND n.phone = s.phone AND n.name LIKE ?3 ESCAPE '\\')`;

/**
 * ?2 the most rows, ?3 a LIKE pattern of the search (or null), ?4 one of its digits (or null). The
 * open lead, one index probe, for every conversation (its untaken page orders the list); the texts
 * shown and the caller's names are read for the rows shown only.
 */
const LIST_SQL = `${STATES}
SELECT p.*, ${leadNameSql("?1", "p.phone")} AS lead_name, m.direction, m.kind, m.body, c.kind AS caller_kind, c.body AS caller_body FROM (
  SELECT s.phone, s.last_at, s.last_key, s.caller_key, s.needs_reply, s.unread, s.blocked, k.name AS contact_name,
    l.id AS lead_id, l.urgent, l.acknowledged_at, l.acknowledged_by, l.danger_at, ${landlineCallerSql("?1", "s.phone")} AS landline,
    coalesce(l.urgent = 1 AND l.acknowledged_at IS NULL, 0) AS untaken
  FROM states s
  LEFT JOIN contacts k ON k.business_id = ?1 AND k.phone = s.phone
  LEFT JOIN leads l ON l.business_id = ?1 AND l.phone = s.phone AND l.closed_at IS NULL
  WHERE ?3 IS NULL OR s.body_match OR k.name LIKE ?3 ESCAPE '\\' OR ${LEAD_NAME_MATCH} OR (?4 IS NOT NULL AND s.phone LIKE ?4 ESCAPE '\\')
  ORDER BY untaken DESC, s.last_at DESC, s.phone DESC
  LIMIT ?2
) p
LEFT JOIN messages m ON m.id = substr(p.last_key, 16)
LEFT JOIN messages c ON c.id = substr(p.caller_key, 16)
ORDER BY p.untaken DESC, p.last_at DESC, p.phone DESC`;

const UNREAD_SQL = `${STATES} SELECT count(*) AS unread FROM states WHERE unread`;

/** `q` as a LIKE pattern: its own % and _ match themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface ListRow {
  phone: string;
  last_at: number;
  needs_reply: number;
  unread: number;
  blocked: number;
  contact_name: string | null;
  lead_name: string | null;
  direction: "inbound" | "outbound" | null;
  kind: string | null;
  body: string | null;
  caller_kind: string | null;
  caller_body: string | null;
  lead_id: string | null;
  urgent: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  danger_at: number | null;
  landline: number;
}

function inboxRow(r: ListRow): InboxRow {
  return {
    phone: r.phone,
    contactName: r.contact_name,
    leadName: r.lead_name,
    lastAt: r.last_at,
    needsReply: r.needs_reply === 1,
    unread: r.unread === 1,
    blocked: r.blocked === 1,
    last: r.direction && r.kind !== null && r.body !== null ? { direction: r.direction, kind: r.kind, body: r.body } : null,
    callerSaid: r.caller_kind !== null && r.caller_body !== null ? { kind: r.caller_kind, body: r.caller_body } : null,
    openLead: r.lead_id === null ? null : { urgent: r.urgent === 1, acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by, dangerAt: r.danger_at },
    landline: r.landline === 1,
  };
}

/** A business's conversations (an untaken urgent page first, then newest activity first), and how many are unread: one D1 round trip. */
export async function listInbox(d1: D1Database, businessId: string, query: InboxQuery): Promise<Inbox> {
  const q = query.q?.trim() || null;
  const digits = q && /^[\d\s().+-]+$/.test(q) && q.replace(/\D/g, "").length >= 3 ? likePattern(q.replace(/\D/g, "")) : null;
  const [list, count] = await d1.batch([
    d1.prepare(LIST_SQL).bind(businessId, query.limit + 1, q ? likePattern(q) : null, digits),
    d1.prepare(UNREAD_SQL).bind(businessId, null, null),
  ]);
  const rows = (list!.results as ListRow[]).map(inboxRow);
  const unread = (count!.results[0] as { unread: number } | undefined)?.unread ?? 0;
  return { conversations: rows.slice(0, query.limit), unread, more: rows.length > query.limit };
}

/**
 * The conversation with `phone` was read up to `upTo` (the newest text the page showed): a text
 * that came after it stays unread. Never moves back, so an older page loaded late changes nothing.
 */
export function markRead(d1: D1Database, businessId: string, phone: string, upTo: number): Promise<D1Result> {
  return d1
    .prepare(
      `INSERT INTO conversation_reads (business_id, phone, read_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (business_id, phone) DO UPDATE SET read_at = max(read_at, excluded.read_at)`,
    )
    .bind(businessId, phone, upTo)
    .run();
}
