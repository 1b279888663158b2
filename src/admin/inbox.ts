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
 */
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
  /** The newest text of the conversation. */
  last: { direction: "inbound" | "outbound"; kind: string; body: string } | null;
}

export interface Inbox {
  conversations: InboxRow[];
  /** Conversations unread, over all of them (not only those the search shows). */
  unread: number;
  /** More conversations match than `limit`. */
  more: boolean;
}

/**
 * One row per conversation: ?1 the business. `last_key` is the newest text's time and id in one
 * sortable string, so max() finds it without a second pass.
 */
const STATES = `WITH threads AS (
  SELECT CASE direction WHEN 'inbound' THEN from_phone ELSE to_phone END AS phone,
    max(created_at) AS last_at,
    max(CASE WHEN direction = 'inbound' AND kind IN (${sqlList(CALLER_KINDS)}) THEN created_at END) AS caller_at,
    max(CASE WHEN direction = 'outbound' AND kind IN (${sqlList(PERSON_KINDS)}) THEN created_at END) AS answered_at,
    max(printf('%015d', created_at) || id) AS last_key,
    max(?3 IS NOT NULL AND body LIKE ?3 ESCAPE '\\') AS body_match
  FROM messages
  WHERE business_id = ?1 AND kind IN (${sqlList(CONVERSATION_KINDS)})
  GROUP BY 1
), states AS (
  SELECT t.*,
    coalesce(t.caller_at > coalesce(t.answered_at, 0), 0) AS needs_reply,
    coalesce(t.caller_at > max(coalesce(t.answered_at, 0), coalesce(r.read_at, 0)), 0) AS unread
  FROM threads t LEFT JOIN conversation_reads r ON r.business_id = ?1 AND r.phone = t.phone
)`;

/** Whether any lead of the conversation's caller has a name like the search. */
const LEAD_NAME_MATCH = `EXISTS (SELECT 1 FROM leads l WHERE l.business_id = ?1 AND l.phone = s.phone AND l.name LIKE ?3 ESCAPE '\\')`;

/**
 * ?2 the most rows, ?3 a LIKE pattern of the search (or null), ?4 one of its digits (or null). The
 * caller's names (the contact's, their lead's) are read for the rows shown only.
 */
const LIST_SQL = `${STATES}
SELECT p.*, ${leadNameSql("?1", "p.phone")} AS lead_name FROM (
  SELECT s.phone, s.last_at, s.needs_reply, s.unread, k.name AS contact_name, m.direction, m.kind, m.body
  FROM states s
  LEFT JOIN contacts k ON k.business_id = ?1 AND k.phone = s.phone
  LEFT JOIN messages m ON m.id = substr(s.last_key, 16)
  WHERE ?3 IS NULL OR s.body_match OR k.name LIKE ?3 ESCAPE '\\' OR ${LEAD_NAME_MATCH} OR (?4 IS NOT NULL AND s.phone LIKE ?4 ESCAPE '\\')
  ORDER BY s.last_at DESC, s.phone DESC
  LIMIT ?2
) p
ORDER BY p.last_at DESC, p.phone DESC`;

const UNREAD_SQL = `${STATES} SELECT count(*) AS unread FROM states WHERE unread`;

/** `q` as a LIKE pattern: its own % and _ match themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface ListRow {
  phone: string;
  last_at: number;
  needs_reply: number;
  unread: number;
  contact_name: string | null;
  lead_name: string | null;
  direction: "inbound" | "outbound" | null;
  kind: string | null;
  body: string | null;
}

/** A business's conversations, newest activity first, and how many are unread: one D1 round trip. */
export async function listInbox(d1: D1Database, businessId: string, query: InboxQuery): Promise<Inbox> {
  const q = query.q?.trim() || null;
  const digits = q && /^[\d\s().+-]+$/.test(q) && q.replace(/\D/g, "").length >= 3 ? likePattern(q.replace(/\D/g, "")) : null;
  const [list, count] = await d1.batch([
    d1.prepare(LIST_SQL).bind(businessId, query.limit + 1, q ? likePattern(q) : null, digits),
    d1.prepare(UNREAD_SQL).bind(businessId, null, null),
  ]);
  const rows = (list!.results as ListRow[]).map(
    (r): InboxRow => ({
      phone: r.phone,
      contactName: r.contact_name,
      leadName: r.lead_name,
      lastAt: r.last_at,
      needsReply: r.needs_reply === 1,
      unread: r.unread === 1,
      last: r.direction && r.kind !== null && r.body !== null ? { direction: r.direction, kind: r.kind, body: r.body } : null,
    }),
  );
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
