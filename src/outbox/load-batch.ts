import type { businesses, messages, numbers } from "../db/schema";
import { latestConsentSql } from "../db/consent";
import { businessTextsSinceSql, recipientAnswersSql, TO_OWN_NUMBER_SQL } from "../db/outbound-counts";
import { KEYWORD_ANSWER_KINDS, DAY_MS, HOUR_MS } from "../rules/outbound-guard";

/**
 * One round trip per batch: each message, its number, whether the business takes event webhooks,
 * the recipient's newest opt-out/opt-in, and what the cost guard needs (the business's settings and
 * phones, whether the recipient is one of its numbers, the keyword answers it got in the past
 * hour, `?1`), and the recipient's line type if a lookup gave it. Static SQL (no query built per message); indexed, see test/query-plans.test.ts.
 */
const MESSAGE_SQL = `SELECT m.id AS id, m.business_id AS businessId, m.kind AS kind, m.from_phone AS fromPhone,
  m.to_phone AS toPhone, m.body AS body, m.status AS status, m.attempts AS attempts, m.call_id AS callId,
  m.number_id AS numberId, m.created_at AS createdAt, b.timezone AS timezone, b.name AS businessName,
  lt.line_type AS lineType, lt.checked_at AS lineTypeAt,
  n.e164 AS numberE164, n.carrier AS carrier, n.credentials AS credentials,
  EXISTS (SELECT 1 FROM event_hooks h WHERE h.business_id = b.id) AS hasWebhook, b.settings AS settings, b.notify_phone AS notifyPhone,
  (${latestConsentSql("c.kind", "m.business_id", "m.to_phone")}) AS consent,
  ${TO_OWN_NUMBER_SQL} AS toOwnNumber,
  ${recipientAnswersSql(KEYWORD_ANSWER_KINDS, "?1")} AS recipientLastHour
FROM messages m
INNER JOIN numbers n ON n.id = m.number_id
INNER JOIN businesses b ON b.id = m.business_id
LEFT JOIN line_types lt ON lt.business_id = m.business_id AND lt.phone = m.to_phone
WHERE m.id IN (?2)`;

/** A text job's row, as the batch read it, with what sending it needs. */
export type MessageRow = Pick<
  typeof messages.$inferSelect,
  "id" | "businessId" | "kind" | "fromPhone" | "toPhone" | "body" | "status" | "attempts" | "callId" | "numberId" | "createdAt"
> &
  Pick<typeof numbers.$inferSelect, "carrier" | "credentials"> &
  Pick<typeof businesses.$inferSelect, "notifyPhone" | "timezone"> & {
    businessName: string;
    numberE164: string;
    hasWebhook: number;
    consent: string | null;
    /** The business's settings JSON, as stored. */
    settings: string;
    toOwnNumber: number;
    recipientLastHour: number;
    /** What the carrier's lookup said the recipient's phone is, and when (null: never asked). */
    lineType: string | null;
    lineTypeAt: number | null;
  };

/** The SELECT for `n` ids, built once per size. */
const selectSql = new Map<number, string>();

/** D1 binds at most 100 parameters per statement; a batch larger than this is read in slices. */
const IDS_PER_STATEMENT = 90;

/**
 * The batch's rows by message id, read in the same D1 batch right after `writes` (the write-behind
 * records of the batch's missed calls, so their text rows are there to read), and how many texts
 * each of `businessIds` sent in the past 24 hours (for the cost guard): one round trip.
 * Returns every statement's result too, writes first.
 */
export async function loadBatch(
  d1: D1Database,
  ids: string[],
  writes: D1PreparedStatement[],
  guard: { businessIds: string[]; now: number },
): Promise<{ rows: Map<string, MessageRow>; results: D1Result[]; sentLastDay: Map<string, number> }> {
  const reads: D1PreparedStatement[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const slice = ids.slice(i, i + IDS_PER_STATEMENT);
    let sql = selectSql.get(slice.length);
    if (sql === undefined) {
      sql = MESSAGE_SQL.replace("IN (?2)", `IN (${slice.map((_, j) => `?${j + 2}`).join(", ")})`);
      selectSql.set(slice.length, sql);
    }
    reads.push(d1.prepare(sql).bind(guard.now - HOUR_MS, ...slice));
  }
  const counts: D1PreparedStatement[] = [];
  for (let i = 0; i < guard.businessIds.length; i += IDS_PER_STATEMENT) {
    const slice = guard.businessIds.slice(i, i + IDS_PER_STATEMENT);
    counts.push(d1.prepare(businessTextsSinceSql(slice.length)).bind(guard.now - DAY_MS, ...slice));
  }
  const results = await d1.batch<Record<string, unknown>>([...writes, ...reads, ...counts]);
  const read = (from: number, to: number) => results.slice(from, to).flatMap((r) => r.results);
  const rows = new Map((read(writes.length, writes.length + reads.length) as MessageRow[]).map((row) => [row.id, row]));
  const sent = read(writes.length + reads.length, results.length) as { businessId: string; sent: number }[];
  return { rows, results, sentLastDay: new Map(sent.map((s) => [s.businessId, s.sent])) };
}
