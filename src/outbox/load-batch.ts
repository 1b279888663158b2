import type { messages, numbers } from "../db/schema";
import { latestConsentSql } from "../db/consent";

/**
 * One round trip per batch: each message, its number, whether the business takes event webhooks,
 * and the recipient's newest opt-out/opt-in. Static SQL (no query built per message); indexed, see
 * test/query-plans.test.ts.
 */
const MESSAGE_SQL = `SELECT m.id AS id, m.business_id AS businessId, m.kind AS kind, m.from_phone AS fromPhone,
  m.to_phone AS toPhone, m.body AS body, m.status AS status, m.attempts AS attempts,
  n.e164 AS numberE164, n.carrier AS carrier, n.credentials AS credentials,
  b.notify_webhook_url IS NOT NULL AS hasWebhook,
  (${latestConsentSql("c.kind", "m.business_id", "m.to_phone")}) AS consent
FROM messages m
INNER JOIN numbers n ON n.id = m.number_id
INNER JOIN businesses b ON b.id = m.business_id
WHERE m.id IN (?1)`;

/** A text job's row, as the batch read it, with what sending it needs. */
export type MessageRow = Pick<
  typeof messages.$inferSelect,
  "id" | "businessId" | "kind" | "fromPhone" | "toPhone" | "body" | "status" | "attempts"
> &
  Pick<typeof numbers.$inferSelect, "carrier" | "credentials"> & {
    numberE164: string;
    hasWebhook: number;
    consent: string | null;
  };

/** The SELECT for `n` ids, built once per size. */
const selectSql = new Map<number, string>();

/** D1 binds at most 100 parameters per statement; a batch larger than this is read in slices. */
const IDS_PER_STATEMENT = 90;

/**
 * The batch's rows by message id, read in the same D1 batch right after `writes` (the write-behind
 * records of the batch's missed calls, so their text rows are there to read): one round trip.
 * Returns every statement's result too, writes first.
 */
export async function loadBatch(
  d1: D1Database,
  ids: string[],
  writes: D1PreparedStatement[],
): Promise<{ rows: Map<string, MessageRow>; results: D1Result[] }> {
  const reads: D1PreparedStatement[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const slice = ids.slice(i, i + IDS_PER_STATEMENT);
    let sql = selectSql.get(slice.length);
    if (sql === undefined) {
      sql = MESSAGE_SQL.replace("IN (?1)", `IN (${slice.map((_, j) => `?${j + 1}`).join(", ")})`);
      selectSql.set(slice.length, sql);
    }
    reads.push(d1.prepare(sql).bind(...slice));
  }
  const results = writes.length === 0 && reads.length === 1 ? [await reads[0]!.all<MessageRow>()] : await d1.batch<MessageRow>([...writes, ...reads]);
  const rows = new Map(results.slice(writes.length).flatMap((r) => r.results as MessageRow[]).map((row) => [row.id, row]));
  return { rows, results };
}
