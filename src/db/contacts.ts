/**
 * Contacts' SQL that is not a plain drizzle query: a whole file's contacts written in a few
 * statements, and (for the line) the caller's contact as a subquery. See contacts-schema.ts.
 */

/**
 * Contacts per statement. Each chunk is bound as one JSON parameter (D1 allows 100 parameters per
 * statement, and a row has five), so a file of 10,000 is 20 statements of ~40 KB, well inside D1's
 * 2 MB per value.
 */
export const CONTACTS_PER_STATEMENT = 500;

/**
 * Insert the chunk's contacts (`?2`: a JSON array of `[phone, name, tags, notes]`), or update those
 * the business has: a given name or notes replace the stored ones, tags are added to theirs (an
 * import never takes a tag away: a number blocked by the owner stays blocked when a customer list
 * that has it is imported again).
 */
const UPSERT = `INSERT INTO contacts (business_id, phone, name, tags, notes, created_at, updated_at)
  SELECT ?1, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]'), ?3, ?3
  FROM json_each(?2) j WHERE true
  ON CONFLICT (business_id, phone) DO UPDATE SET
    name = COALESCE(excluded.name, contacts.name),
    tags = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(contacts.tags) UNION SELECT value FROM json_each(excluded.tags) ORDER BY value)),
    notes = COALESCE(excluded.notes, contacts.notes),
    updated_at = excluded.updated_at`;

export interface ContactWrite {
  phone: string;
  name: string | null;
  tags: readonly string[];
  notes: string | null;
}

/** The statements that write `contacts` for a business, in chunks; to run in one batch (one transaction). */
export function upsertContactsStatements(d1: D1Database, businessId: string, contacts: readonly ContactWrite[], now: number): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < contacts.length; i += CONTACTS_PER_STATEMENT) {
    const chunk = contacts.slice(i, i + CONTACTS_PER_STATEMENT).map((c) => [c.phone, c.name, JSON.stringify(c.tags), c.notes]);
    statements.push(d1.prepare(UPSERT).bind(businessId, JSON.stringify(chunk), now));
  }
  return statements;
}

/**
 * Unblock the business's blocked contacts that are not among `?2` (a JSON array): the tag goes; a
 * contact that was nothing but a blocked number goes entirely (first statement).
 */
const FORGET_BARE_BLOCKED = `DELETE FROM contacts WHERE business_id = ?1 AND tags = '["blocked"]' AND name IS NULL AND notes IS NULL
  AND phone NOT IN (SELECT value FROM json_each(?2))`;
const UNBLOCK_OTHERS = `UPDATE contacts SET tags = (SELECT json_group_array(value) FROM json_each(contacts.tags) WHERE value <> 'blocked'), updated_at = ?3
  WHERE business_id = ?1 AND phone IN (SELECT phone FROM contact_tags WHERE business_id = ?1 AND tag = 'blocked')
  AND phone NOT IN (SELECT value FROM json_each(?2))`;

/** The business's blocked contacts become exactly `phones`: those added (their other tags kept), the rest unblocked. */
export function setBlockedStatements(d1: D1Database, businessId: string, phones: readonly string[], now: number): D1PreparedStatement[] {
  const listed = JSON.stringify(phones);
  const block = phones.map((phone) => ({ phone, name: null, tags: ["blocked"], notes: null }));
  return [
    d1.prepare(FORGET_BARE_BLOCKED).bind(businessId, listed),
    d1.prepare(UNBLOCK_OTHERS).bind(businessId, listed, now),
    ...upsertContactsStatements(d1, businessId, block, now),
  ];
}

/** Which of `phones` (`?2`, a JSON array: any number of them in one parameter) the business has, with their tags: one probe per phone. */
export function knownPhonesStatement(d1: D1Database, businessId: string, phones: readonly string[]): D1PreparedStatement {
  return d1.prepare("SELECT phone, tags FROM contacts WHERE business_id = ?1 AND phone IN (SELECT value FROM json_each(?2))").bind(businessId, JSON.stringify(phones));
}

/**
 * The caller's contact as JSON `{ name, tags }` (null for a stranger): a scalar subquery for the
 * statements that read the caller's status, with the business and phone as SQL expressions. One
 * probe of the contacts key (test/query-plans.test.ts).
 *
 * @example callerContactSql("n.business_id", "?2")
 */
export function callerContactSql(business: string, phone: string): string {
  return `SELECT json_object('name', k.name, 'tags', json(k.tags)) FROM contacts k WHERE k.business_id = ${business} AND k.phone = ${phone}`;
}
