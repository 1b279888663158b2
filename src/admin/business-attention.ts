/**
 * What needs a person now, per business, for the businesses list of an operator running many: the
 * urgent pages nobody has taken (and of those, how many named a danger), and the conversations whose
 * caller waits for a reply (as the inbox counts them, admin/inbox.ts, over the last
 * {@link REPLY_WINDOW_DAYS} days). Read for the page of businesses shown (at most 50) and, for the
 * untaken pages, across every business the viewer sees through `leads_untaken_idx`, which holds only
 * those leads: neither read grows with the number of businesses nor with their history.
 */
import { CALLER_KINDS, leftToPersonSql, PERSON_KINDS } from "./inbox-states";
import { latestConsentSql } from "../db/consent";
import { sqlList } from "../reports/text-groups";
import type { Viewer } from "./businesses";

/** A caller's text waits for a reply on the businesses list this long; the inbox still shows older ones. */
export const REPLY_WINDOW_DAYS = 7;
/** The most businesses the "needs you now" list names. */
export const NEEDS_YOU_LIMIT = 20;

export interface Attention {
  /** Open urgent leads whose page nobody has taken. */
  untaken: number;
  /** Of those, the ones whose caller named a danger. */
  dangers: number;
  /** Conversations whose caller wrote (in the window) words automation left to a person, after a person's newest text and their lead's close; never a blocked or opted-out caller (as the inbox says, admin/inbox-states.ts). */
  needsReply: number;
}

export interface NeedsYou extends Omit<Attention, "needsReply"> {
  businessId: string;
  name: string;
  /** When the oldest untaken page's lead opened. */
  since: number;
}

const UNTAKEN = "l.urgent = 1 AND l.acknowledged_at IS NULL AND l.closed_at IS NULL";

const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `?${i + from}`).join(", ");

/** ?1… the businesses: their untaken pages and dangers, from the partial index alone. */
const untakenSql = (n: number) => `SELECT l.business_id AS business_id, count(*) AS untaken, count(l.danger_at) AS dangers
FROM leads l WHERE l.business_id IN (${placeholders(n)}) AND ${UNTAKEN} GROUP BY l.business_id`;

/**
 * ?1 the window's start, ?2… the businesses: each one's conversations waiting for a reply. Only the
 * callers' words and the people's texts of the window are read (messages_business_created_idx).
 */
const needsReplySql = (n: number) => `WITH threads AS (
  SELECT business_id, CASE direction WHEN 'inbound' THEN from_phone ELSE to_phone END AS phone,
    max(CASE WHEN direction = 'inbound' AND kind IN (${sqlList(CALLER_KINDS)}) THEN created_at END) AS caller_at,
    max(CASE WHEN direction = 'outbound' AND kind IN (${sqlList(PERSON_KINDS)}) THEN created_at END) AS answered_at
  FROM messages
  WHERE business_id IN (${placeholders(n, 2)}) AND created_at >= ?1 AND kind IN (${sqlList([...CALLER_KINDS, ...PERSON_KINDS])})
  GROUP BY 1, 2
), since AS (
  SELECT t.*, max(coalesce(t.answered_at, 0), coalesce((SELECT max(x.closed_at) FROM leads x WHERE x.business_id = t.business_id AND x.phone = t.phone), 0)) AS since
  FROM threads t
)
SELECT t.business_id AS business_id, count(*) AS needs_reply FROM since t
WHERE t.caller_at > t.since
  AND NOT EXISTS (SELECT 1 FROM contact_tags b WHERE b.business_id = t.business_id AND b.phone = t.phone AND b.tag = 'blocked')
  AND coalesce((${latestConsentSql("c.kind", "t.business_id", "t.phone")}), '') <> 'opt_out'
  AND ${leftToPersonSql("t.business_id", "t.phone", "t.since")} IS NOT NULL
GROUP BY t.business_id`;

/** Each business's attention (every id given gets one, zeros where nothing waits): one D1 round trip. */
export async function attentionOf(d1: D1Database, businessIds: readonly string[], now = Date.now()): Promise<Map<string, Attention>> {
  const out = new Map(businessIds.map((id) => [id, { untaken: 0, dangers: 0, needsReply: 0 }]));
  if (businessIds.length === 0) return out;
  const since = now - REPLY_WINDOW_DAYS * 86_400_000;
  const [untaken, replies] = await d1.batch([
    d1.prepare(untakenSql(businessIds.length)).bind(...businessIds),
    d1.prepare(needsReplySql(businessIds.length)).bind(since, ...businessIds),
  ]);
  for (const r of untaken!.results as { business_id: string; untaken: number; dangers: number }[]) {
    const a = out.get(r.business_id);
    if (a) Object.assign(a, { untaken: r.untaken, dangers: r.dangers });
  }
  for (const r of replies!.results as { business_id: string; needs_reply: number }[]) {
    const a = out.get(r.business_id);
    if (a) a.needsReply = r.needs_reply;
  }
  return out;
}

/**
 * ?1 the viewer's user id, or null for every business. The businesses the viewer sees with an urgent
 * page nobody has taken: a danger first, then the longest waiting.
 */
const NEEDS_YOU_SQL = `SELECT l.business_id AS business_id, b.name AS name, count(*) AS untaken, count(l.danger_at) AS dangers, min(l.created_at) AS since
FROM leads l INNER JOIN businesses b ON b.id = l.business_id
WHERE ${UNTAKEN}
  AND (?1 IS NULL OR l.business_id IN (SELECT u.business_id FROM user_businesses u WHERE u.user_id = ?1))
GROUP BY l.business_id
ORDER BY dangers > 0 DESC, since ASC, l.business_id
LIMIT ${NEEDS_YOU_LIMIT}`;

/** The businesses (of those the viewer sees) where an urgent page waits for someone to take it. */
export async function needsYouNow(d1: D1Database, viewer: Viewer): Promise<NeedsYou[]> {
  const userId = viewer && viewer.businessIds !== null ? (viewer.userId ?? "") : null;
  const { results } = await d1.prepare(NEEDS_YOU_SQL).bind(userId).all<{ business_id: string; name: string; untaken: number; dangers: number; since: number }>();
  return results.map((r) => ({ businessId: r.business_id, name: r.name, untaken: r.untaken, dangers: r.dangers, since: r.since }));
}
