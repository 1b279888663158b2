/**
 * Lost leads and why (figures.ts `lost.*`): the leads a period opened that are lost now, by the
 * reason a person gave (the owner's `L price`, the lead card, the API), the owner's BLOCK, or
 * qualification's out of area; none of a phone tagged `internal` (lead-sql.ts PROSPECT). Parameters as lead-sql.ts's: ?1 the business, ?2 and ?3 the period,
 * ?4 the default job value for a lead without an estimate.
 */
import { PROSPECT } from "./lead-sql";
import { LOST_BUCKETS, type LostBucket, type LostLeads } from "./report-types";

/** One row per reason; only the period's lost leads are read beyond the index. */
export const LOST_SQL = `SELECT coalesce(lost_reason, 'none') AS reason, count(*) AS leads,
    coalesce(sum(coalesce(estimated_cents, ?4)), 0) AS value_cents
  FROM leads WHERE business_id = ?1 AND created_at >= ?2 AND created_at < ?3 AND status = 'lost' AND ${PROSPECT}
  GROUP BY reason`;

type Row = Record<string, number | string | null>;

const n = (v: unknown) => Number(v ?? 0);

/** The rows as every reason's count and value (none left out), and their totals. */
export function lostLeads(rows: readonly Row[]): LostLeads {
  const byReason = Object.fromEntries(LOST_BUCKETS.map((b) => [b, { count: 0, valueCents: 0 }])) as LostLeads["byReason"];
  for (const row of rows) {
    // A reason no longer in the vocabulary still counts, as `other`.
    const bucket = (LOST_BUCKETS as readonly unknown[]).includes(row.reason) ? (row.reason as LostBucket) : "other";
    byReason[bucket].count += n(row.leads);
    byReason[bucket].valueCents += n(row.value_cents);
  }
  const all = Object.values(byReason);
  return { count: all.reduce((a, r) => a + r.count, 0), valueCents: all.reduce((a, r) => a + r.valueCents, 0), byReason };
}
