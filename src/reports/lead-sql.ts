/**
 * The report's statements over leads (DESIGN.md §6.7), each counting figures as figures.ts defines
 * them. A lead belongs to the period that opened it (`created_at`), reached through
 * leads_business_created_idx. Parameters: ?1 the business, ?2 and ?3 the period [from, to) in ms; the
 * per-day statements take the local day expression of local-days.ts.
 */

/** Opened by a missed call (not by a text from an unknown phone): the funnel's leads. */
const BY_CALL = "source <> 'inbound_text'";

/**
 * A lead of someone who could be a customer: not of a phone the business has tagged `internal`
 * since (its staff, suppliers, a salesperson who called), so none of their leads counts in the
 * funnel, the money or the lost (probed through contact_tags' key). Blocked callers stay: a lead
 * lost to a BLOCK is a lost reason of its own.
 */
export const PROSPECT = "NOT EXISTS (SELECT 1 FROM contact_tags k WHERE k.business_id = leads.business_id AND k.phone = leads.phone AND k.tag = 'internal')";

/**
 * The funnel, the money and the urgent leads of the leads each local day opened (?4: the business's
 * default job value, for a lead with no estimate of its own). Summed, the days give the period.
 * Counted with FILTER and count(column), which SQLite evaluates per row far more cheaply than a
 * sum of boolean expressions (the dashboard reads every lead of its period on each view). Replied
 * counts texted leads only, so it is a part of texted as the callers' replied is of texted back (a
 * VIP who was never texted and writes in is engaged, but not "replied" in the funnel).
 */
export const leadsByDaySql = (day: string) => `SELECT ${day} AS day,
    count(*) FILTER (WHERE ${BY_CALL}) AS missed,
    count(first_text_at) FILTER (WHERE ${BY_CALL}) AS texted,
    count(first_reply_at) FILTER (WHERE ${BY_CALL} AND first_text_at IS NOT NULL) AS engaged,
    count(qualified_at) FILTER (WHERE ${BY_CALL}) AS qualified,
    count(booked_at) FILTER (WHERE ${BY_CALL}) AS booked,
    count(*) FILTER (WHERE ${BY_CALL} AND status = 'won') AS won,
    coalesce(sum(coalesce(estimated_cents, ?4)) FILTER (WHERE closed_at IS NULL), 0) AS estimated_cents,
    coalesce(sum(won_cents) FILTER (WHERE status = 'won'), 0) AS won_cents,
    coalesce(sum(urgent), 0) AS urgent
  FROM leads WHERE business_id = ?1 AND created_at >= ?2 AND created_at < ?3 AND ${PROSPECT}
  GROUP BY day`;

/** Calls answered and missed per local day: answered calls beside the missed ones. */
export const callsByDaySql = (day: string) => `SELECT ${day} AS day, count(*) AS total, coalesce(sum(outcome = 'answered'), 0) AS answered
  FROM calls WHERE business_id = ?1 AND at >= ?2 AND at < ?3
  GROUP BY day`;

/**
 * The middle value of `s` over the rows of `values` (the mean of the middle two for an even count),
 * rows without one left out: one row back, never one per lead. Materialized: read once, not once
 * for the rows and twice more for their count.
 */
const median = (name: string, values: string) => `WITH ${name} AS MATERIALIZED (SELECT s FROM (${values}) WHERE s IS NOT NULL)
  SELECT avg(s) AS seconds FROM (
    SELECT s FROM ${name} ORDER BY s
    LIMIT 2 - (SELECT count(*) FROM ${name}) % 2 OFFSET ((SELECT count(*) FROM ${name}) - 1) / 2)`;

/** From the lead's first call (or first text) to the first text a person wrote to the caller. */
export const HUMAN_REPLY_MEDIAN_SQL = median(
  "human_waits",
  `SELECT (first_human_reply_at - created_at) / 1000.0 AS s FROM leads
    WHERE business_id = ?1 AND created_at >= ?2 AND created_at < ?3 AND first_human_reply_at IS NOT NULL`,
);

/** From the reply that made a lead urgent (its first `urgent` entry) to the page being taken. */
export const ACKNOWLEDGE_MEDIAN_SQL = median(
  "ack_waits",
  `SELECT (l.acknowledged_at - (SELECT min(e.at) FROM lead_events e WHERE e.lead_id = l.id AND e.type = 'urgent')) / 1000.0 AS s FROM leads l
    WHERE l.business_id = ?1 AND l.created_at >= ?2 AND l.created_at < ?3 AND l.urgent = 1 AND l.acknowledged_at IS NOT NULL`,
);

/** Urgent leads still open whose page nobody has taken, now (the open-lead index holds every open lead). */
export const URGENT_WAITING_SQL = `SELECT count(*) AS waiting FROM leads
  WHERE business_id = ?1 AND closed_at IS NULL AND urgent = 1 AND acknowledged_at IS NULL`;
