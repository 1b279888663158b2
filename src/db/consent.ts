import { CONTACT_TAGS, type ConsentSource } from "../vocabulary";
import { callerContactSql } from "./contacts";
import { landlineSql, undeliverableCodeSql } from "./line-types";

/**
 * The newest opt-out or opt-in a business has recorded for a phone: the one definition of "the
 * caller's consent status" (consent_events is append-only; an `implied_by_call` or `help` record
 * changes nothing). A scalar subquery for `SELECT <what>` (a column of `c`, or an expression of
 * them), with the business and phone as SQL expressions (a column of the outer query or a
 * parameter); `before`, an SQL expression too, asks for the status as it stood then (a report's
 * end). Served by consent_business_phone_idx (test/query-plans.test.ts).
 *
 * @example latestConsentSql("c.kind", "?1", "?2")
 */
export function latestConsentSql(what: string, business: string, phone: string, before?: string): string {
  return `SELECT ${what} FROM consent_events c
    WHERE c.business_id = ${business} AND c.phone = ${phone} AND c.kind IN ('opt_out', 'opt_in')${before ? ` AND c.at < ${before}` : ""}
    ORDER BY c.at DESC, c.id DESC LIMIT 1`;
}

/**
 * The caller's newest opt-out/opt-in with this business, the carrier's error if it called them
 * undeliverable, whether its lookup said a landline, and their contact.
 */
export const CALLER_STATUS_SQL = `SELECT
  (${latestConsentSql("c.kind", "?1", "?2")}) AS consent,
  (${undeliverableCodeSql("?1", "?2")}) AS undeliverable,
  ${landlineSql("?1", "?2")} AS landline,
  (${callerContactSql("?1", "?2")}) AS contact`;

/**
 * The same status as a condition: the text's rows are written only when it holds, that is while
 * the caller is what the line planned the text for: not opted out, reachable, not a known landline,
 * and a contact with none of the tags that outrank `planned` (CONTACT_TAGS is in the order tags
 * win: a stranger's text is refused for any of them, a customer's for internal, blocked or vip). Its parameters are
 * anonymous: it follows the insert's own values in one statement (insertRow's `where`).
 */
const clearSql = (tags: readonly string[]) => `NOT EXISTS (SELECT 1 FROM undeliverable u WHERE u.business_id = ? AND u.phone = ?)
  AND NOT ${landlineSql("?", "?")}
  AND COALESCE((${latestConsentSql("c.kind", "?", "?")}), '') <> 'opt_out'
  AND NOT EXISTS (SELECT 1 FROM contact_tags t WHERE t.business_id = ? AND t.phone = ? AND t.tag IN (${tags.map((t) => `'${t}'`).join(", ")}))`;

/** A text that greets a stranger without their contact's name: refused for a contact with a name too, to be written again with it. */
const NO_NAMED_CONTACT = "AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.business_id = ? AND k.phone = ? AND trim(COALESCE(k.name, '')) <> '')";

const CLEAR_SQL = {
  stranger: clearSql(CONTACT_TAGS),
  customer: clearSql(CONTACT_TAGS.slice(0, CONTACT_TAGS.indexOf("customer"))),
  unnamed: `${clearSql(CONTACT_TAGS)}\n  ${NO_NAMED_CONTACT}`,
};

/** The caller's status from CALLER_STATUS_SQL's row. */
export function callerStatus(result: D1Result | undefined): {
  optedOut: boolean;
  undeliverable: boolean;
  undeliverableCode: string | null;
  landline: boolean;
  contact: { name: string | null; tags: string[] } | null;
} {
  const row = result?.results[0] as { consent: string | null; undeliverable: string | null; landline: number; contact: string | null } | undefined;
  const code = row?.undeliverable ?? null;
  return { optedOut: row?.consent === "opt_out", undeliverable: code !== null, undeliverableCode: code, landline: row?.landline === 1, contact: row?.contact ? JSON.parse(row.contact) : null };
}

/** Only while the caller is clear (for a line that decided before reading the caller's status): see clearSql. */
export function callerClear(businessId: string, phone: string, planned: keyof typeof CLEAR_SQL = "stranger") {
  const pairs = planned === "unnamed" ? 5 : 4;
  return { sql: CLEAR_SQL[planned], params: Array.from({ length: pairs }, () => [businessId, phone]).flat() };
}

/** A phone's newest opt-out or opt-in with a business, as the ledger has it. */
export interface ConsentRecord {
  optedOut: boolean;
  at: number;
  source: ConsentSource;
}

/** One phone's newest record as `"<kind> <at> <source>"` (a JSON object's value; see consentRecords). */
const recordSql = (business: string, phone: string) => latestConsentSql("c.kind || ' ' || c.at || ' ' || c.source", business, phone);

/**
 * The newest record of each of a business's own phones (its notify phone and the on-call phones of
 * its settings) as a JSON object by phone (null for a phone with none): a scalar subquery over the
 * business row's columns, given as SQL expressions. Read with every line, so each of the business's
 * numbers knows who of its people texted STOP to any of them.
 */
export function staffConsentSql(business: string, notifyPhone: string, settings: string): string {
  return `SELECT json_group_object(s.phone, (${recordSql(business, "s.phone")}))
    FROM (SELECT ${notifyPhone} AS phone
      UNION SELECT json_extract(o.value, '$.phone') FROM json_each(CASE WHEN json_valid(${settings}) THEN ${settings} ELSE '{}' END, '$.urgent.onCall') o) s
    WHERE s.phone IS NOT NULL`;
}

const PHONES_CONSENT_SQL = `SELECT (SELECT json_group_object(p.value, (${recordSql("?1", "p.value")})) FROM json_each(?2) p) AS consent`;

/** The newest record of each of `phones` with the business, in one statement; phones with none are left out. */
export async function consentOfPhones(d1: D1Database, businessId: string, phones: readonly string[]): Promise<Record<string, ConsentRecord>> {
  if (phones.length === 0) return {};
  const row = await d1.prepare(PHONES_CONSENT_SQL).bind(businessId, JSON.stringify(phones)).first<{ consent: string | null }>();
  return consentRecords(row?.consent ?? null);
}

/** The JSON object of staffConsentSql or consentOfPhones, by phone. */
export function consentRecords(json: string | null): Record<string, ConsentRecord> {
  const records: Record<string, ConsentRecord> = {};
  for (const [phone, value] of Object.entries(JSON.parse(json ?? "{}") as Record<string, unknown>)) {
    if (typeof value !== "string") continue;
    const [kind, at, source] = value.split(" ");
    records[phone] = { optedOut: kind === "opt_out", at: Number(at), source: source as ConsentSource };
  }
  return records;
}
