/**
 * A number whose credentials the carrier refused (rules/carrier-errors.ts CARRIER_AUTH_ERRORS) sends
 * nothing until they are fixed: the numbers page and the dashboard say so, beside the alert the
 * owner gets by text. The problem stands until a text from that number goes out after the refusal,
 * or its credentials are replaced (the audit log's `number.update` with new credentials).
 */
import { isBandwidthApiUser } from "../carriers/bandwidth";
import { decryptCredentials } from "../crypto/credentials";
import { CARRIER_AUTH_ERRORS } from "../rules/carrier-errors";

/** Refusals older than this are not looked at (the period is read through messages_business_created_idx). */
const WINDOW_MS = 30 * 24 * 3_600_000;

export interface NumberAuthProblem {
  numberId: string;
  /** The carrier's code: 20003, 10009, http_401… */
  code: string;
  /** When the newest refusal was recorded. */
  at: number;
}

/** ?1 the business, ?2 the start of the window. Per number, its newest refusal (SQLite takes error_code from the max row). */
const PROBLEMS_SQL = `SELECT f.number_id, f.error_code, f.at FROM (
    SELECT number_id, error_code, max(updated_at) AS at FROM messages
    WHERE business_id = ?1 AND created_at >= ?2 AND direction = 'outbound' AND error_code IN (${CARRIER_AUTH_ERRORS.map((c) => `'${c}'`).join(", ")})
    GROUP BY number_id
  ) f
  JOIN numbers n ON n.id = f.number_id AND n.business_id = ?1
  WHERE NOT EXISTS (SELECT 1 FROM messages ok WHERE ok.business_id = ?1 AND ok.created_at >= ?2 AND ok.number_id = f.number_id
      AND ok.status IN ('sent', 'delivered') AND ok.sent_at > f.at)
    AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'number' AND a.entity_id = f.number_id AND a.action = 'number.update'
      AND a.at > f.at AND json_extract(a.detail, '$.changes.credentials') IS NOT NULL)`;

/** The business's numbers whose credentials the carrier refuses, by number id: one statement. */
export async function numberAuthProblems(d1: D1Database, businessId: string, now = Date.now()): Promise<Map<string, NumberAuthProblem>> {
  const { results } = await d1.prepare(PROBLEMS_SQL).bind(businessId, now - WINDOW_MS).all<{ number_id: string; error_code: string; at: number }>();
  return new Map(results.map((r) => [r.number_id, { numberId: r.number_id, code: r.error_code, at: r.at }]));
}

/**
 * The business's Bandwidth numbers still saved with an API user's username and password, which
 * Bandwidth no longer accepts: the numbers page says so before a text fails for it.
 */
export async function bandwidthApiUserNumbers(env: { DB: D1Database; DATA_KEY: string }, businessId: string): Promise<Set<string>> {
  const { results } = await env.DB.prepare("SELECT id, credentials FROM numbers WHERE business_id = ?1 AND carrier = 'bandwidth'")
    .bind(businessId)
    .all<{ id: string; credentials: string }>();
  const found = new Set<string>();
  for (const r of results) {
    const stored = await decryptCredentials(env.DATA_KEY, r.credentials).catch(() => null);
    if (isBandwidthApiUser(stored)) found.add(r.id);
  }
  return found;
}
