/**
 * The inbox: every person a business has a conversation with, and where each stands
 * (admin/inbox-states.ts: whether a person should answer, the caller should, or it is over; unread).
 * The texts to and from the business's own people (relays, pages, alerts, the owner's shortcuts)
 * and test texts are part of no conversation. Each row also carries the caller's newest own words,
 * their lead (open, else latest: its status, answers, and the question automation asked them) and
 * their open lead's emergency (urgent, who took its page, a danger named). The order: an urgent
 * caller whose page nobody has taken, then other urgent callers who need a person, then everyone who
 * needs a person, each oldest-waiting first; then the rest, newest activity first.
 */
import { leadNameSql } from "./callers";
import { COUNTS_SQL, FILTER_SQL, STATES_SQL, type InboxFilter, type InboxState } from "./inbox-states";
import type { LeadStatus, LostReason } from "../vocabulary";
import { shownBody } from "../rules/media";

export { CALLER_KINDS, CONVERSATION_KINDS, INBOX_FILTERS, PERSON_KINDS, type InboxFilter, type InboxState } from "./inbox-states";

export interface InboxQuery {
  /** Matches the contact's name, a name on the caller's leads, any text of the conversation, or (digits only) the phone. */
  q?: string;
  /** Only the conversations in this state (or of urgent callers); absent: every one. */
  show?: InboxFilter;
  limit: number;
}

export interface InboxRow {
  phone: string;
  /** The business's contact's name for the caller. */
  contactName: string | null;
  /** The name on the caller's lead (admin/callers.ts leadNameSql). */
  leadName: string | null;
  lastAt: number;
  /** A person should answer (admin/inbox-states.ts). */
  needsReply: boolean;
  /** Where the conversation stands. */
  state: InboxState;
  /** Since when a person's answer is due (the oldest words left to them, or the page); null unless one is. */
  waitingAt: number | null;
  unread: boolean;
  /** A contact tagged `blocked`: never unread nor needing a reply. */
  blocked: boolean;
  /** The caller opted out: nobody may text them. */
  optedOut: boolean;
  /** The newest text of the conversation. */
  last: { direction: "inbound" | "outbound"; kind: string; body: string } | null;
  /** The caller's newest own words (a reply or a voicemail's, CALLER_KINDS). */
  callerSaid: { kind: string; body: string } | null;
  /** The caller's lead: the open one, else the latest; null without one. */
  lead: ShownLead | null;
  /** The caller's open lead, as far as its emergency goes; null without an open lead. */
  openLead: OpenLeadEmergency | null;
  /** A landline (db/line-types.ts landlineCallerSql): called back, never texted. */
  landline: boolean;
}

/** What a row says of the caller's lead. */
export interface ShownLead {
  status: LeadStatus;
  lostReason: LostReason | null;
  wonCents: number | null;
  /** Its answers by question key (`service`, `address`, `zip`…). */
  fields: Record<string, string>;
  /** The question automation asked after the caller's newest words, which they are answering (state `caller`); else null. */
  asked: string | null;
}

/** An open lead's emergency: urgent (DESIGN.md §6.3), who took its page and when, a danger the caller named. */
export interface OpenLeadEmergency {
  urgent: boolean;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  dangerAt: number | null;
}

/** How many conversations are in each state (and of urgent callers), and unread, over all of them. */
export interface InboxCounts {
  all: number;
  unread: number;
  person: number;
  urgent: number;
  caller: number;
  closed: number;
}

export interface Inbox {
  conversations: InboxRow[];
  /** Conversations unread, over all of them (not only those the search shows). */
  unread: number;
  counts: InboxCounts;
  /** More conversations match than `limit`. */
  more: boolean;
}

/** Whether any lead of the conversation's caller has a name like the search. */
const LEAD_NAME_MATCH = `EXISTS (SELECT 1 FROM leads n WHERE n.business_id = ?1 AND n.phone = s.phone AND n.name LIKE ?3 ESCAPE '\\')`;

/** The lead a row shows: the open one, else the one that closed last (leads_business_phone_idx). */
const SHOWN_LEAD = `coalesce(p.lead_id, (SELECT x.id FROM leads x WHERE x.business_id = ?1 AND x.phone = p.phone ORDER BY x.closed_at DESC LIMIT 1))`;

/**
 * ?2 the most rows, ?3 a LIKE pattern of the search (or null), ?4 one of its digits (or null), ?5
 * the filter (or null). Every conversation's state orders and filters the list; the texts shown,
 * the lead and the caller's names are read for the rows shown only, each by its key.
 */
const LIST_SQL = `${STATES_SQL}
SELECT p.*, ${leadNameSql("?1", "p.phone")} AS lead_name, m.direction, m.kind, m.body, c.kind AS caller_kind, c.body AS caller_body,
  coalesce(json_array_length(m.media), 0) AS media_count, coalesce(json_array_length(c.media), 0) AS caller_media_count,
  sl.status AS lead_status, sl.lost_reason, sl.won_cents, sl.fields AS lead_fields,
  CASE WHEN p.state = 'caller' AND p.caller_at > coalesce(p.answered_at, 0) THEN json_extract(e.detail, '$.asked') END AS asked
FROM (
  SELECT s.phone, s.last_at, s.last_key, s.caller_key, s.caller_at, s.answered_at, s.needs_reply, s.state, s.waiting_at, s.rank, s.unread, s.blocked, s.opted_out,
    k.name AS contact_name, s.lead_id, s.urgent, s.acknowledged_at, s.acknowledged_by, s.danger_at, s.landline
  FROM states s
  LEFT JOIN contacts k ON k.business_id = ?1 AND k.phone = s.phone
  WHERE ${FILTER_SQL}
    AND (?3 IS NULL OR s.body_match OR k.name LIKE ?3 ESCAPE '\\' OR ${LEAD_NAME_MATCH} OR (?4 IS NOT NULL AND s.phone LIKE ?4 ESCAPE '\\'))
  ORDER BY s.rank, CASE WHEN s.rank < 3 THEN s.waiting_at END, s.last_at DESC, s.phone DESC
  LIMIT ?2
) p
LEFT JOIN messages m ON m.id = substr(p.last_key, 16)
LEFT JOIN messages c ON c.id = substr(p.caller_key, 16)
LEFT JOIN lead_events e ON e.id = 'fields:' || substr(p.caller_key, 16)
LEFT JOIN leads sl ON sl.id = ${SHOWN_LEAD}
ORDER BY p.rank, CASE WHEN p.rank < 3 THEN p.waiting_at END, p.last_at DESC, p.phone DESC`;

/** `q` as a LIKE pattern: its own % and _ match themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface ListRow {
  phone: string;
  last_at: number;
  needs_reply: number;
  state: InboxState;
  waiting_at: number | null;
  unread: number;
  blocked: number;
  opted_out: number;
  contact_name: string | null;
  lead_name: string | null;
  direction: "inbound" | "outbound" | null;
  kind: string | null;
  body: string | null;
  caller_kind: string | null;
  caller_body: string | null;
  media_count: number;
  caller_media_count: number;
  lead_id: string | null;
  urgent: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  danger_at: number | null;
  landline: number;
  lead_status: LeadStatus | null;
  lost_reason: LostReason | null;
  won_cents: number | null;
  lead_fields: string | null;
  asked: string | null;
}

function shownLead(r: ListRow): ShownLead | null {
  if (r.lead_status === null) return null;
  const fields = r.lead_fields ? (JSON.parse(r.lead_fields) as Record<string, string>) : {};
  return { status: r.lead_status, lostReason: r.lost_reason, wonCents: r.won_cents, fields, asked: r.asked };
}

function inboxRow(r: ListRow): InboxRow {
  return {
    phone: r.phone,
    contactName: r.contact_name,
    leadName: r.lead_name,
    lastAt: r.last_at,
    needsReply: r.needs_reply === 1,
    state: r.state,
    waitingAt: r.waiting_at,
    unread: r.unread === 1,
    blocked: r.blocked === 1,
    optedOut: r.opted_out === 1,
    last: r.direction && r.kind !== null && r.body !== null ? { direction: r.direction, kind: r.kind, body: shownBody(r.body, r.media_count) } : null,
    callerSaid: r.caller_kind !== null && r.caller_body !== null ? { kind: r.caller_kind, body: shownBody(r.caller_body, r.caller_media_count) } : null,
    lead: shownLead(r),
    openLead: r.lead_id === null ? null : { urgent: r.urgent === 1, acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by, dangerAt: r.danger_at },
    landline: r.landline === 1,
  };
}

interface CountsRow {
  total: number;
  unread: number;
  person: number;
  urgent: number;
  caller: number;
  closed: number;
}

/** A business's conversations in the inbox's order (see the top of this file), and how many are in each state: one D1 round trip. */
export async function listInbox(d1: D1Database, businessId: string, query: InboxQuery): Promise<Inbox> {
  const q = query.q?.trim() || null;
  const digits = q && /^[\d\s().+-]+$/.test(q) && q.replace(/\D/g, "").length >= 3 ? likePattern(q.replace(/\D/g, "")) : null;
  const [list, count] = await d1.batch([
    d1.prepare(LIST_SQL).bind(businessId, query.limit + 1, q ? likePattern(q) : null, digits, query.show ?? null),
    d1.prepare(COUNTS_SQL).bind(businessId, null, null),
  ]);
  const rows = (list!.results as ListRow[]).map(inboxRow);
  const c = count!.results[0] as CountsRow | undefined;
  const counts = { all: c?.total ?? 0, unread: c?.unread ?? 0, person: c?.person ?? 0, urgent: c?.urgent ?? 0, caller: c?.caller ?? 0, closed: c?.closed ?? 0 };
  return { conversations: rows.slice(0, query.limit), unread: counts.unread, counts, more: rows.length > query.limit };
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
