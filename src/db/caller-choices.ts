/**
 * What the owner's question "Which caller?" needs of each caller it may offer
 * (rules/choice-question.ts): whether they are a blocked contact, whether their lead is closed,
 * and what tells them apart: their name (their open lead's, else their newest named lead's, else
 * their contact's), their lead's service and address, their newest text. One statement, by the
 * keys of the leads, contacts, contact tags and inbound messages indexes.
 */
import type { ChoiceFacts } from "../rules/choice-question";

const LEAD = "FROM leads WHERE business_id = ?1 AND phone = j.value ORDER BY closed_at IS NOT NULL, last_activity_at DESC LIMIT 1";

const CHOICE_FACTS = `SELECT j.value AS phone,
    EXISTS (SELECT 1 FROM contact_tags WHERE business_id = ?1 AND phone = j.value AND tag = 'blocked') AS blocked,
    (SELECT closed_at IS NOT NULL ${LEAD}) AS closed,
    COALESCE(
      (SELECT name FROM leads WHERE business_id = ?1 AND phone = j.value AND name IS NOT NULL ORDER BY closed_at IS NOT NULL, last_activity_at DESC LIMIT 1),
      (SELECT name FROM contacts WHERE business_id = ?1 AND phone = j.value)) AS name,
    (SELECT json_extract(fields, '$.service') ${LEAD}) AS service,
    (SELECT json_extract(fields, '$.address') ${LEAD}) AS address,
    (SELECT body FROM messages WHERE business_id = ?1 AND direction = 'inbound' AND from_phone = j.value ORDER BY created_at DESC LIMIT 1) AS said
  FROM json_each(?2) AS j`;

interface Row {
  phone: string;
  blocked: number;
  closed: number | null;
  name: string | null;
  service: unknown;
  address: unknown;
  said: string | null;
}

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : null);

export async function choiceFacts(d1: D1Database, businessId: string, phones: readonly string[]): Promise<Record<string, ChoiceFacts>> {
  if (phones.length === 0) return {};
  const { results } = await d1.prepare(CHOICE_FACTS).bind(businessId, JSON.stringify(phones)).all<Row>();
  return Object.fromEntries(
    results.map((r) => [r.phone, { blocked: r.blocked === 1, closed: r.closed === 1, name: text(r.name), service: text(r.service), address: text(r.address), said: text(r.said) }]),
  );
}
