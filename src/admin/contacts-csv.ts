/**
 * A contacts file (`name,phone,tags`, DESIGN.md §6.4) read into contacts: each row checked on its
 * own (a bad row is rejected with its line, the rest go on), the file as a whole refused when it is
 * not CSV or has no header (then nothing is imported). Pure: the writes are db/contacts.ts.
 */
import type { CountryCode } from "libphonenumber-js";
import { HTTPException } from "hono/http-exception";
import { CsvError, readCsv, sniffDelimiter, type CsvRecord } from "../csv-read";
import { MAX_TAGS, normalizeTag, tagSet } from "../rules/contacts";
import { normalizePhone } from "../rules/phone";

/** A contact as a file (or the API) gives it. */
export interface ContactInput {
  phone: string;
  name: string | null;
  tags: string[];
  notes: string | null;
}

export interface ContactsFile {
  /** One per phone, rows for the same phone merged in file order. */
  contacts: ContactInput[];
  /** The phone of each row read, in file order (a phone twice is a contact and then an update of it). */
  phones: string[];
  rejected: { line: number; reason: string }[];
}

/** Rows per import: 10,000 with room to spare, within a Worker's CPU and D1's batch. */
export const MAX_IMPORT_ROWS = 20_000;
/** The most a contacts file may weigh: 20,000 rows of a CRM's export with room to spare. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/** The routes a contacts file is posted to (the API's and the admin page's): the only bodies past 64 KB / 1 MB. */
export const isUpload = (path: string) => /^\/(api|admin)\/businesses\/[^/]+\/contacts\/import$/.test(path);
export const MAX_NAME_LENGTH = 200;
export const MAX_NOTES_LENGTH = 2000;

const COLUMNS = ["name", "phone", "tags", "notes"] as const;
type Column = (typeof COLUMNS)[number];

/** Where each known column is; other columns (a CRM's email, address…) are left alone. */
function columnsOf(header: CsvRecord | undefined): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  names.forEach((name, i) => {
    if (!(COLUMNS as readonly string[]).includes(name)) return;
    if (found[name as Column] !== undefined) throw new HTTPException(400, { message: `header: the column "${name}" appears twice` });
    found[name as Column] = i;
  });
  if (found.phone === undefined) {
    const seen = header ? `the first line is "${header.fields.join(",").slice(0, 80)}"` : "the file is empty";
    throw new HTTPException(400, { message: `header: the first line must name the columns name,phone,tags (phone is required); ${seen}` });
  }
  return found;
}

/** Excel shows long numbers as 4.15555E+09 and exports them so: the digits are gone. */
const SCIENTIFIC = /^\d(\.\d+)?E\+?\d+$/i;

/** A phone cell as spreadsheets write it: `="+14155550100"` is Excel's way to keep a number as text. */
function phoneOf(raw: string, country: CountryCode): string | { reason: string } {
  const cell = raw.trim().replace(/^="(.*)"$/, "$1").trim();
  if (cell === "") return { reason: "phone: missing" };
  if (SCIENTIFIC.test(cell)) return { reason: `phone: "${cell}" is a number in scientific notation (Excel cut its digits): format the column as Text and export again` };
  return normalizePhone(cell, country) ?? { reason: `phone: "${cell}" is not a valid phone number (national numbers are read as ${country})` };
}

/** The tags of a cell, split on `;` (or `,` inside a quoted cell). */
function tagsOf(cell: string): string[] | { reason: string } {
  const tags: string[] = [];
  for (const raw of cell.split(/[;,]/)) {
    if (raw.trim() === "") continue;
    const tag = normalizeTag(raw);
    if (!tag) return { reason: `tags: "${raw.trim().slice(0, 50)}" is not a tag (at most 40 characters, no control characters)` };
    tags.push(tag);
  }
  const set = tagSet(tags);
  return set.length > MAX_TAGS ? { reason: `tags: more than ${MAX_TAGS}` } : set;
}

const text = (cell: string | undefined) => (cell ?? "").trim().replace(/\s+/g, " ");

/** One row as a contact, or why it is rejected. */
function contactOf(record: CsvRecord, columns: Partial<Record<Column, number>>, width: number, country: CountryCode): ContactInput | { reason: string } {
  const extra = record.fields.slice(width).filter((f) => f.trim() !== "").length;
  if (extra > 0) return { reason: `has ${width + extra} fields, the header has ${width}: quote a field that holds a comma` };
  const cell = (c: Column) => (columns[c] === undefined ? undefined : record.fields[columns[c]!]);
  const phone = phoneOf(cell("phone") ?? "", country);
  if (typeof phone !== "string") return phone;
  const name = text(cell("name"));
  if (name.length > MAX_NAME_LENGTH) return { reason: `name: longer than ${MAX_NAME_LENGTH} characters` };
  const tags = tagsOf(cell("tags") ?? "");
  if (!Array.isArray(tags)) return tags;
  const notes = (cell("notes") ?? "").trim();
  if (notes.length > MAX_NOTES_LENGTH) return { reason: `notes: longer than ${MAX_NOTES_LENGTH} characters` };
  return { phone, name: name || null, tags, notes: notes || null };
}

/** A later row for the same phone: its name and notes when it has them, its tags added. */
function merged(before: ContactInput | undefined, row: ContactInput): ContactInput {
  if (!before) return row;
  return { phone: row.phone, name: row.name ?? before.name, tags: tagSet([...before.tags, ...row.tags]), notes: row.notes ?? before.notes };
}

/**
 * The contacts of a file, national numbers read in `country`. 400 (nothing imported) when the file
 * is malformed, has no header naming `phone`, or has more than MAX_IMPORT_ROWS rows.
 *
 * @example readContactsFile("name,phone,tags\nAnn,(415) 555-0100,vip;customer\n", "US").contacts
 * // [{ phone: "+14155550100", name: "Ann", tags: ["customer", "vip"], notes: null }]
 */
export function readContactsFile(file: string, country: CountryCode): ContactsFile {
  let records: CsvRecord[];
  try {
    records = readCsv(file, sniffDelimiter(file));
  } catch (e) {
    if (e instanceof CsvError) throw new HTTPException(400, { message: `file: not valid CSV, nothing imported: ${e.message}` });
    throw e;
  }
  const [header, ...rows] = records;
  const columns = columnsOf(header);
  const data = rows.filter((r) => r.fields.some((f) => f.trim() !== ""));
  if (data.length > MAX_IMPORT_ROWS) throw new HTTPException(400, { message: `file: ${data.length} rows; at most ${MAX_IMPORT_ROWS} per import, split the file` });
  const byPhone = new Map<string, ContactInput>();
  const phones: string[] = [];
  const rejected: ContactsFile["rejected"] = [];
  for (const record of data) {
    const row = contactOf(record, columns, header!.fields.length, country);
    if ("reason" in row) rejected.push({ line: record.line, reason: row.reason });
    else {
      byPhone.set(row.phone, merged(byPhone.get(row.phone), row));
      phones.push(row.phone);
    }
  }
  return { contacts: [...byPhone.values()], phones, rejected };
}
