/** A business's contacts (DESIGN.md §6.4): listing and searching them, one by phone, changes by hand, a file's import, the export. */
import { and, asc, eq, gt, or, sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import type { CountryCode } from "libphonenumber-js";
import { contacts, contactTags } from "../db/contacts-schema";
import { knownPhonesStatement, setBlockedStatements, upsertContactsStatements } from "../db/contacts";
import { numbers, type BusinessRow } from "../db/schema";
import { asStatement } from "../db/statements";
import type { Env } from "../env";
import { toCsv } from "../reports/csv";
import type { ColumnChoices } from "../rules/contact-columns";
import { businessCountry } from "../rules/contacts";
import { normalizePhone } from "../rules/phone";
import { parseSettings } from "../settings";
import { contactNameEntryId, contactNameLeadStatements } from "../db/lead-names";
import { leadEventStatement, queueEvents } from "../notify/events";
import { audit } from "./audit";
import { newId } from "./db";
import type { ContactListQuery, ContactPut } from "./contact-schemas";
import { readContactsFile, type RejectedRow } from "./contacts-csv";
import type { Db } from "./db";

export type ContactRow = typeof contacts.$inferSelect;

/** The country a business's national numbers are read in (rules/contacts.ts businessCountry). */
export async function countryOf(db: Db, business: BusinessRow): Promise<CountryCode> {
  const own = await db.select({ e164: numbers.e164 }).from(numbers).where(eq(numbers.businessId, business.id)).orderBy(asc(numbers.createdAt));
  const { allowedCountries } = parseSettings(business.settings);
  return businessCountry(own.map((n) => n.e164), { forwardTo: business.forwardTo, notifyPhone: business.notifyPhone, allowedCountries });
}

/** A phone from a route's path, in E.164 or as the business writes it; 400 when it is not a number. */
export function phoneParam(raw: string, country: CountryCode): string {
  const phone = normalizePhone(raw, country);
  if (!phone) throw new HTTPException(400, { message: `phone: "${raw.slice(0, 40)}" is not a valid phone number` });
  return phone;
}

/** `q` as a LIKE pattern: its own % and _ match themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A search: the name or notes hold it, or the phone holds its digits ("(415) 555" finds +1415555…). */
function searchCondition(q: string): SQL {
  const text = likePattern(q);
  const digits = q.replace(/\D/g, "");
  const byPhone = digits.length >= 3 && /^[\d\s().+-]+$/.test(q) ? [sql`${contacts.phone} LIKE ${likePattern(digits)} ESCAPE '\\'`] : [];
  return or(sql`${contacts.name} LIKE ${text} ESCAPE '\\'`, sql`${contacts.notes} LIKE ${text} ESCAPE '\\'`, ...byPhone)!;
}

/**
 * A page of a business's contacts in phone order, after `cursor`: all of them through the table's
 * key, or one tag's through contact_tags_tag_idx; neither sorts (test/query-plans-admin.test.ts).
 */
export function listContacts(db: Db, businessId: string, query: Omit<ContactListQuery, "limit"> & { limit: number }): Promise<ContactRow[]> {
  const conditions: (SQL | undefined)[] = [query.q ? searchCondition(query.q) : undefined];
  if (query.tag) {
    const tagged = and(eq(contactTags.businessId, businessId), eq(contactTags.tag, query.tag), query.cursor ? gt(contactTags.phone, query.cursor) : undefined);
    return db
      .select({ contacts })
      .from(contactTags)
      .innerJoin(contacts, and(eq(contacts.businessId, contactTags.businessId), eq(contacts.phone, contactTags.phone)))
      .where(and(tagged, ...conditions))
      .orderBy(asc(contactTags.phone))
      .limit(query.limit)
      .then((rows) => rows.map((r) => r.contacts));
  }
  const mine = and(eq(contacts.businessId, businessId), query.cursor ? gt(contacts.phone, query.cursor) : undefined);
  return db.select().from(contacts).where(and(mine, ...conditions)).orderBy(asc(contacts.phone)).limit(query.limit);
}

export async function findContact(db: Db, businessId: string, phone: string): Promise<ContactRow | undefined> {
  const [row] = await db.select().from(contacts).where(and(eq(contacts.businessId, businessId), eq(contacts.phone, phone)));
  return row;
}

/**
 * Store the whole contact (a tag left out is removed: that is how a number is unblocked); whether it
 * is new. Its name goes on the phone's open lead too (db/lead-names.ts), with `lead.updated`.
 */
export async function putContact(env: Pick<Env, "DB" | "SMS_OUT">, businessId: string, phone: string, input: ContactPut): Promise<{ contact: ContactRow; created: boolean }> {
  const db = drizzle(env.DB);
  const before = await findContact(db, businessId, phone);
  const now = Date.now();
  const values = { businessId, phone, name: input.name, tags: input.tags, notes: input.notes, createdAt: now, updatedAt: now };
  const change = newId("cn");
  const naming = contactNameLeadStatements(env.DB, businessId, [{ phone, name: input.name }], change, now, "admin");
  const events = naming.length > 0 ? [leadEventStatement(env.DB, "lead.updated", { entryId: contactNameEntryId(change, phone) }, `lead_updated_${change}`)] : [];
  const statements = [
    asStatement(
      env.DB,
      db
        .insert(contacts)
        .values(values)
        .onConflictDoUpdate({ target: [contacts.businessId, contacts.phone], set: { name: values.name, tags: values.tags, notes: values.notes, updatedAt: now } }),
    ),
    asStatement(env.DB, audit(db, before ? "contact.update" : "contact.create", "contact", `${businessId}:${phone}`, { before: before ? { name: before.name, tags: before.tags } : null, tags: input.tags })),
    ...naming,
  ];
  const results = await env.DB.batch([...statements, ...events.map((e) => e.statement)]);
  await queueEvents(env, events.map((event, i) => ({ event, result: results[statements.length + i] })));
  return { contact: (await findContact(db, businessId, phone))!, created: !before };
}

/** Forget a contact: their calls are decided as a stranger's from now on. 404 when there is none. */
export async function deleteContact(db: Db, businessId: string, phone: string): Promise<void> {
  const [[gone]] = await db.batch([
    db.delete(contacts).where(and(eq(contacts.businessId, businessId), eq(contacts.phone, phone))).returning({ tags: contacts.tags }),
    audit(db, "contact.delete", "contact", `${businessId}:${phone}`, {}),
  ]);
  if (!gone) throw new HTTPException(404, { message: "no such contact" });
}

export interface ImportResult {
  imported: number;
  updated: number;
  rejected: RejectedRow[];
}

/**
 * A file's contacts written in one D1 batch (one transaction: all of the file's good rows, or
 * nothing), with what the business already had read first in the same batch to count each row
 * as imported (new) or updated. `choices`: the columns the owner picked on the preview (else the guess).
 */
export async function importContacts(env: Pick<Env, "DB">, business: BusinessRow, file: string, choices?: ColumnChoices): Promise<ImportResult> {
  const db = drizzle(env.DB);
  const { contacts: rows, phones, rejected } = readContactsFile(file, await countryOf(db, business), choices);
  if (rows.length === 0) return { imported: 0, updated: 0, rejected };
  const unique = rows.map((r) => r.phone);
  const detail = { rows: phones.length, contacts: rows.length, rejected: rejected.length };
  const now = Date.now();
  // The names go on the open leads too; their lead.updated events are not sent for a file (one per lead would flood a CRM).
  const [known] = await env.DB.batch<{ phone: string }>([
    knownPhonesStatement(env.DB, business.id, unique),
    ...upsertContactsStatements(env.DB, business.id, rows, now),
    ...contactNameLeadStatements(env.DB, business.id, rows, newId("cn"), now, "admin"),
    asStatement(env.DB, audit(db, "contact.import", "business", business.id, detail)),
  ]);
  const seen = new Set(known!.results.map((r) => r.phone));
  let imported = 0;
  for (const phone of phones) {
    if (!seen.has(phone)) imported++;
    seen.add(phone);
  }
  return { imported, updated: phones.length - imported, rejected };
}

/** Every contact as CSV in the import's own columns, so an export imports back as it was. */
export async function contactsCsv(db: Db, businessId: string): Promise<{ csv: string; headers: Record<string, string> }> {
  const rows = await db.select().from(contacts).where(eq(contacts.businessId, businessId)).orderBy(asc(contacts.phone));
  return {
    csv: toCsv(["name", "phone", "tags", "notes"], rows.map((c) => [c.name, c.phone, c.tags.join(";"), c.notes])),
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="contacts-${businessId}.csv"` },
  };
}

/** The business's blocked numbers, in phone order (the business form's "Never text these numbers"). */
export async function blockedNumbers(d1: D1Database, businessId: string): Promise<string[]> {
  const { results } = await d1.prepare("SELECT phone FROM contact_tags WHERE business_id = ?1 AND tag = 'blocked' ORDER BY phone").bind(businessId).all<{ phone: string }>();
  return results.map((r) => r.phone);
}

/**
 * The business form's list of numbers never to text, stored as what it is: exactly these contacts
 * are tagged blocked. Written only when the list changed (saving the form rewrites nothing else).
 */
export async function setBlocked(d1: D1Database, businessId: string, phones: readonly string[]): Promise<void> {
  const wanted = [...new Set(phones)].sort();
  const current = await blockedNumbers(d1, businessId);
  if (wanted.length === current.length && wanted.every((p, i) => p === current[i])) return;
  const db = drizzle(d1);
  await d1.batch([...setBlockedStatements(d1, businessId, wanted, Date.now()), asStatement(d1, audit(db, "contact.blocked_list", "business", businessId, { blocked: wanted.length }))]);
}

/** The tags of those of `phones` that are contacts (for a page of calls or leads: one statement). */
export async function contactTagsOf(d1: D1Database, businessId: string, phones: readonly string[]): Promise<Map<string, string[]>> {
  if (phones.length === 0) return new Map();
  const { results } = await knownPhonesStatement(d1, businessId, [...new Set(phones)]).all<{ phone: string; tags: string }>();
  return new Map(results.map((r) => [r.phone, JSON.parse(r.tags) as string[]]));
}

/** A contact as the API answers it. */
export function presentContact(c: ContactRow) {
  return { phone: c.phone, name: c.name, tags: c.tags, notes: c.notes, createdAt: c.createdAt, updatedAt: c.updatedAt };
}
