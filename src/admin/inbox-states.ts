/**
 * Where each conversation of a business stands, in SQL, read from D1 when asked (nothing else has to
 * keep it up to date); admin/inbox.ts lists them. A conversation is made of the texts between the
 * business and one person, both ways (CONVERSATION_KINDS); a landline caller nobody could text has
 * one of their calls alone.
 *
 * - needs a person (`needs_reply`): the caller's urgent page is open (nobody has taken it), or they
 *   wrote words automation left to a person since a person last wrote to them (and since their
 *   lead last closed): a reply or a voicemail's words that qualification did not answer with its
 *   next question (off, over, handed to a person, never asked, or the caller asked a question of
 *   their own), or they are a landline caller with an open lead (someone calls them back). Never a
 *   blocked caller; a caller who opted out only for an open page.
 * - closed: blocked, opted out, or their latest lead won or lost and none open.
 * - waiting on the caller: anything else (automation asked them a question, a person answered, or
 *   they have not replied to the text-back).
 * - unread: needs a person, and the caller's newest words came after the conversation was last
 *   opened (`conversation_reads`) and after a person's newest text.
 */
import { latestConsentSql } from "../db/consent";
import { landlineCallerSql } from "../db/line-types";
import { LANDLINE_DECISIONS } from "../rules/line-type";
import { sqlList } from "../reports/text-groups";
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

/** Where a conversation stands: a person should answer, the caller should, or it is over. */
export const INBOX_STATES = ["person", "caller", "closed"] as const;
export type InboxState = (typeof INBOX_STATES)[number];

/** What the inbox can show alone: every state, and the urgent callers (an open lead marked urgent). */
export const INBOX_FILTERS = ["person", "urgent", "caller", "closed"] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

/**
 * The caller's words `w` (a message) that qualification took: its `fields` entry (db/leads.ts
 * leadQualifyStatements) says it sent the next question back, and the caller asked none of their own.
 */
const takenByQuestions = (w: string) => `EXISTS (SELECT 1 FROM lead_events e WHERE e.id = 'fields:' || ${w}.id
    AND json_extract(e.detail, '$.asked') IS NOT NULL AND json_extract(e.detail, '$.question') IS NULL)`;

/**
 * When the oldest of a caller's words after `since` that automation left to a person came (null:
 * none), as a scalar subquery: business, phone and since are SQL expressions. The caller's texts
 * by messages_business_from_idx, each one's entry by its key.
 *
 * @example leftToPersonSql("?1", "t.phone", "t.answered_at")
 */
export function leftToPersonSql(business: string, phone: string, since: string): string {
  return `(SELECT min(w.created_at) FROM messages w
    WHERE w.business_id = ${business} AND w.direction = 'inbound' AND w.from_phone = ${phone} AND w.created_at > ${since}
      AND w.kind IN (${sqlList(CALLER_KINDS)}) AND NOT ${takenByQuestions("w")})`;
}

/** A text's time and id in one sortable string (the id is what follows the 15 digits), so max() finds the newest without a second pass. */
const timeKey = `printf('%015d', created_at) || id`;

/**
 * One row per conversation, ?1 the business, ?3 a LIKE pattern of a search (or null). `last_key` is
 * the newest text's key, `caller_key` the newest of the caller's own words; `lead_id` their open
 * lead, `closed_at` when their latest lead closed; `words_at` when the oldest of their words left to
 * a person came; `rank` the list's order (0 an untaken page, 1 another urgent caller who needs a
 * person, 2 anyone else who does, 3 the rest).
 */
export const STATES_SQL = `WITH texted AS (
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
), known AS (
  SELECT t.*,
    EXISTS (SELECT 1 FROM contact_tags b WHERE b.business_id = ?1 AND b.phone = t.phone AND b.tag = 'blocked') AS blocked,
    coalesce((${latestConsentSql("c.kind", "?1", "t.phone")}) = 'opt_out', 0) AS opted_out,
    ${landlineCallerSql("?1", "t.phone")} AS landline,
    (SELECT max(x.closed_at) FROM leads x WHERE x.business_id = ?1 AND x.phone = t.phone) AS closed_at,
    l.id AS lead_id, coalesce(l.urgent, 0) AS urgent, l.acknowledged_at, l.acknowledged_by, l.danger_at,
    coalesce(l.urgent = 1 AND l.acknowledged_at IS NULL, 0) AS untaken
  FROM threads t LEFT JOIN leads l ON l.business_id = ?1 AND l.phone = t.phone AND l.closed_at IS NULL
), waiting AS (
  SELECT k.*, CASE WHEN k.caller_at > max(coalesce(k.answered_at, 0), coalesce(k.closed_at, 0))
    THEN ${leftToPersonSql("?1", "k.phone", "max(coalesce(k.answered_at, 0), coalesce(k.closed_at, 0))")} END AS words_at
  FROM known k
), needs AS (
  SELECT w.*, coalesce(NOT w.blocked AND (w.untaken OR (NOT w.opted_out AND (w.words_at IS NOT NULL OR (w.landline AND w.lead_id IS NOT NULL)))), 0) AS needs_reply
  FROM waiting w
), states AS (
  SELECT n.*,
    CASE WHEN n.needs_reply THEN 'person' WHEN n.blocked OR n.opted_out OR (n.lead_id IS NULL AND n.closed_at IS NOT NULL) THEN 'closed' ELSE 'caller' END AS state,
    CASE WHEN n.needs_reply THEN coalesce(n.words_at, n.last_at) END AS waiting_at,
    coalesce(n.needs_reply AND n.caller_at > max(coalesce(n.answered_at, 0), coalesce(r.read_at, 0)), 0) AS unread,
    CASE WHEN n.untaken THEN 0 WHEN n.needs_reply AND n.urgent THEN 1 WHEN n.needs_reply THEN 2 ELSE 3 END AS rank
  FROM needs n LEFT JOIN conversation_reads r ON r.business_id = ?1 AND r.phone = n.phone
)`;

/** Whether a row of `states` (aliased `s`) is one the filter ?5 shows (null: every one). */
export const FILTER_SQL = `(?5 IS NULL OR (?5 = 'urgent' AND s.lead_id IS NOT NULL AND s.urgent = 1) OR s.state = ?5)`;

/** How many conversations there are in each state, and unread: over all of them, whatever a search or filter shows. */
export const COUNTS_SQL = `${STATES_SQL}
SELECT count(*) AS total, coalesce(sum(unread), 0) AS unread, coalesce(sum(state = 'person'), 0) AS person,
  coalesce(sum(lead_id IS NOT NULL AND urgent = 1), 0) AS urgent, coalesce(sum(state = 'caller'), 0) AS caller, coalesce(sum(state = 'closed'), 0) AS closed
FROM states`;
