/**
 * The report's statements, each counting one group of figures as figures.ts defines them, so D1
 * sends back a handful of rows, never one per call or text. Parameters: ?1 the business, ?2 and ?3
 * the period [from, to) in ms. Calls and callers are counted by when the call came in; texts by when
 * they were created; replies and opt-outs by when they came in.
 */
import { latestConsentSql } from "../db/consent";
import { NOT_A_CUSTOMER_REASONS, NOT_A_LEAD_TAGS } from "../rules/leads";
import { TEXT_BACK_KINDS } from "../vocabulary";
import { DAILY_LIMIT_REFUSALS } from "../rules/outbound-guard";
import { sqlList, textGroupSql } from "./text-groups";

const TEXT_BACKS = sqlList(TEXT_BACK_KINDS);

/**
 * A missed call (of the calls row `call`) from someone the business could win as a customer: not
 * skipped as one who is none (blocked, internal, its own number, withheld, invalid, premium-rate,
 * toll-free), and not a contact tagged blocked or internal now (the owner's BLOCK after a spammer's
 * reply makes one), probed through contact_tags' key.
 */
const recoverable = (call: string) => `${call}.reason NOT IN (${sqlList(NOT_A_CUSTOMER_REASONS)})
    AND NOT EXISTS (SELECT 1 FROM contact_tags k WHERE k.business_id = ${call}.business_id AND k.phone = ${call}.from_phone AND k.tag IN (${sqlList(NOT_A_LEAD_TAGS)}))`;

/** Statuses of a text the carrier took and has not reported failed. */
const WENT_OUT = "('sent', 'delivered')";

/** Calls, and the people behind them. */
export const CALLS_SQL = `SELECT count(*) AS total,
    coalesce(sum(outcome = 'answered'), 0) AS answered,
    count(DISTINCT from_phone) AS callers,
    count(DISTINCT CASE WHEN outcome <> 'answered' THEN from_phone END) AS missed_callers,
    count(DISTINCT CASE WHEN outcome <> 'answered' AND ${recoverable("calls")} THEN from_phone END) AS recoverable_callers
  FROM calls WHERE business_id = ?1 AND at >= ?2 AND at < ?3`;

/**
 * The text-backs that went out for the period's recoverable missed calls, joined to their call:
 * texted back, delivered and replied are all counted from these rows, so each is a part of the one
 * before and of the recoverable callers (never over 100%).
 */
const TEXTED_BACK_CALLS = `FROM calls c
  JOIN messages t ON t.call_id = c.id
  WHERE c.business_id = ?1 AND c.at >= ?2 AND c.at < ?3 AND c.outcome <> 'answered' AND ${recoverable("c")}
    AND t.direction = 'outbound' AND t.kind IN (${TEXT_BACKS}) AND t.status IN ${WENT_OUT}`;

export const TEXTED_BACK_SQL = `SELECT count(DISTINCT c.from_phone) AS texted_back,
    count(DISTINCT CASE WHEN t.status = 'delivered' THEN c.from_phone END) AS delivered
  ${TEXTED_BACK_CALLS}`;

/**
 * A reply is a caller's own text (kind `reply`: never STOP, START or HELP, never the owner's or an
 * on-call person's) that came after their text-back went out and before the period ended. Reached
 * from the call through messages_business_from_idx, never by scanning the business's texts.
 */
export const REPLIES_SQL = `SELECT count(DISTINCT r.id) AS replies, count(DISTINCT r.from_phone) AS replied
  FROM calls c
  JOIN messages t ON t.call_id = c.id
  JOIN messages r ON r.business_id = c.business_id AND r.direction = 'inbound' AND r.from_phone = c.from_phone
    AND r.created_at >= t.sent_at AND r.created_at < ?3
  WHERE c.business_id = ?1 AND c.at >= ?2 AND c.at < ?3 AND c.outcome <> 'answered' AND ${recoverable("c")}
    AND t.direction = 'outbound' AND t.kind IN (${TEXT_BACKS}) AND t.status IN ${WENT_OUT}
    AND r.kind = 'reply'`;

/** Outbound texts by group and where they stand: one row per group. */
export const TEXTS_SQL = `SELECT ${textGroupSql("kind")} AS grp,
    coalesce(sum(status IN ${WENT_OUT}), 0) AS sent,
    coalesce(sum(status = 'delivered'), 0) AS delivered,
    coalesce(sum(status IN ('failed', 'undelivered', 'dead')), 0) AS failed,
    coalesce(sum(status IN ('queued', 'retrying', 'sending')), 0) AS queued,
    coalesce(sum(status = 'scheduled'), 0) AS scheduled,
    coalesce(sum(status IN ('canceled', 'suppressed')), 0) AS canceled,
    coalesce(sum(status = 'suppressed' AND error_code IN (${sqlList(DAILY_LIMIT_REFUSALS)})), 0) AS not_sent_daily_cap
  FROM messages WHERE business_id = ?1 AND direction = 'outbound' AND created_at >= ?2 AND created_at < ?3
  GROUP BY grp`;

/** People who opted out in the period and were still opted out at its end (their newest opt-out/opt-in). */
export const OPT_OUTS_SQL = `SELECT count(DISTINCT e.phone) AS opted_out
  FROM consent_events e
  WHERE e.business_id = ?1 AND e.kind = 'opt_out' AND e.at >= ?2 AND e.at < ?3
    AND (${latestConsentSql("c.kind", "e.business_id", "e.phone", "?3")}) = 'opt_out'`;

/**
 * The middle time from a missed call to its text-back going out (the mean of the middle two for an
 * even count), in seconds: one row back, not one per text of the period.
 */
export const MEDIAN_SQL = `WITH delays AS (
    SELECT (t.sent_at - c.at) / 1000.0 AS s FROM calls c
    JOIN messages t ON t.call_id = c.id
    WHERE c.business_id = ?1 AND c.at >= ?2 AND c.at < ?3
      AND t.direction = 'outbound' AND t.kind IN (${TEXT_BACKS}) AND t.sent_at IS NOT NULL)
  SELECT avg(s) AS seconds FROM (
    SELECT s FROM delays ORDER BY s
    LIMIT 2 - (SELECT count(*) FROM delays) % 2 OFFSET ((SELECT count(*) FROM delays) - 1) / 2)`;
