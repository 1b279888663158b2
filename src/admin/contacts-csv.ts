/**
 * A contacts file read into contacts (DESIGN.md §6.4): our own `name,phone,tags,notes`, another
 * tool's CSV export whose columns rules/contact-columns.ts recognises (or the owner picks), or a
 * vCard export. Each row is checked on its own (a bad row is rejected with its line, the rest go
 * on); the file as a whole is refused when it is not CSV or has no column of phones (then nothing
 * is imported). Pure: the writes are db/contacts.ts.
 */
import type { CountryCode } from "libphonenumber-js";
import { HTTPException } from "hono/http-exception";
import { CsvError, readCsv, sniffDelimiter, type CsvRecord } from "../csv-read";
import { nameCell, phoneCells } from "../rules/contact-cells";
import { AUTO_CHOICES, CONTACT_FIELDS, headerWords, mappingFor, type ColumnChoices, type ColumnMapping } from "../rules/contact-columns";
import { importedTag, MAX_TAGS, tagSet } from "../rules/contacts";
import { normalizePhone } from "../rules/phone";
import { looksLikeVCard, readVCards, vcardTable } from "../vcard-read";

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
  rejected: RejectedRow[];
  format: "csv" | "vcard";
  /** The header's column names (a vCard's are ours: "Full Name", "Phone 1 - Value"…). */
  headers: string[];
  /** Each column's first value in the file's first rows ("" when none), for the preview to show what a column holds. */
  samples: string[];
  /** Which columns were read for each field. */
  mapping: ColumnMapping;
  /** Rows rejected for their phone: none in the columns read, or none of them a valid number. */
  unusable: { missing: number; invalid: number };
}

/** A row not imported: its line in the file, whose it is (its name when the row has one), and why. */
export interface RejectedRow {
  line: number;
  name: string | null;
  reason: string;
}

/** Rows per import: 10,000 with room to spare, within a Worker's CPU and D1's batch. */
export const MAX_IMPORT_ROWS = 20_000;
/** The most a contacts file may weigh: 20,000 rows of a CRM's export with room to spare. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/** The routes a contacts file is posted to (the API's and the admin page's): the only bodies past 64 KB / 1 MB. */
export const isUpload = (path: string) => /^\/(api|admin)\/businesses\/[^/]+\/contacts\/import$/.test(path);
export const MAX_NAME_LENGTH = 200;
export const MAX_NOTES_LENGTH = 2000;

const SAMPLE_ROWS = 50;

/** Our own columns, which a file may not name twice (a guess between two "phone" columns would be a coin toss). */
const OWN_COLUMNS = ["name", "phone", "tags", "notes"] as const;

/** A sheet with no column of phones: refused, with its first line kept for the page to offer its columns. */
export class NoPhoneColumn extends HTTPException {
  constructor(
    readonly headers: string[],
    readonly samples: string[],
  ) {
    const seen = headers.length > 0 ? `the first line is "${headers.join(",").slice(0, 80)}"` : "the file is empty";
    super(400, { message: `header: the first line must name the columns name,phone,tags (phone is required; Mobile, Phone Number and Google's, Outlook's and CRMs' phone columns are read too); ${seen}` });
  }
}

/** The columns read: the owner's choices over the guess (rules/contact-columns.ts); 400 when a choice or the header cannot be read. */
function columnsOf(headers: string[], samples: string[], choices: ColumnChoices, format: ContactsFile["format"]): ColumnMapping {
  for (const own of OWN_COLUMNS) {
    if (headers.filter((h) => headerWords(h).join("") === own).length > 1) throw new HTTPException(400, { message: `header: the column "${own}" appears twice` });
  }
  for (const field of CONTACT_FIELDS) {
    const choice = choices[field];
    if (typeof choice === "number" && choice >= headers.length) throw new HTTPException(400, { message: `${field[0]!.toUpperCase()}${field.slice(1)} column: the file has no column ${choice + 1}` });
  }
  const mapping = mappingFor(headers, choices);
  // A phone's contacts without any number are each rejected; a sheet without a phone column is refused whole.
  if (mapping.phone.length === 0 && format === "csv") throw new NoPhoneColumn(headers, samples);
  return mapping;
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

/**
 * The tags of a cell, split on `;` (or `,` inside a quoted cell, or Google's ` ::: `); Google's own
 * groups ("* myContacts") are left out, and a label named for a group of the tags that decide a
 * call ("Customers", "VIPs") is that tag (importedTag).
 */
function tagsOf(cell: string): string[] | { reason: string } {
  const tags: string[] = [];
  for (const raw of cell.split(/[;,]|:::/)) {
    if (raw.trim() === "" || raw.trim().startsWith("* ")) continue;
    const tag = importedTag(raw);
    if (!tag) return { reason: `tags: "${raw.trim().slice(0, 50)}" is not a tag (at most 40 characters, no control characters)` };
    tags.push(tag);
  }
  const set = tagSet(tags);
  return set.length > MAX_TAGS ? { reason: `tags: more than ${MAX_TAGS}` } : set;
}

type Rejection = { reason: string; phone?: "missing" | "invalid" };

/** The row's first valid number, mobiles first (rules/contact-cells.ts); else why none is usable. */
function rowPhone(fields: readonly string[], sources: ColumnMapping["phone"], country: CountryCode): string | Rejection {
  const cells = phoneCells(fields, sources);
  if (cells.length === 0) return { reason: "phone: missing", phone: "missing" };
  let first: { reason: string } | undefined;
  for (const cell of cells) {
    const phone = phoneOf(cell, country);
    if (typeof phone === "string") return phone;
    first ??= phone;
  }
  return { reason: first!.reason, phone: "invalid" };
}

/** One row as a contact, or why it is rejected. */
function contactOf(record: CsvRecord, mapping: ColumnMapping, width: number, country: CountryCode): ContactInput | Rejection {
  const extra = record.fields.slice(width).filter((f) => f.trim() !== "").length;
  if (extra > 0) return { reason: `has ${width + extra} fields, the header has ${width}: quote a field that holds a comma` };
  const phone = rowPhone(record.fields, mapping.phone, country);
  if (typeof phone !== "string") return phone;
  const name = nameCell(record.fields, mapping.name);
  if (name.length > MAX_NAME_LENGTH) return { reason: `name: longer than ${MAX_NAME_LENGTH} characters` };
  const tags = tagsOf(mapping.tags === null ? "" : (record.fields[mapping.tags] ?? ""));
  if (!Array.isArray(tags)) return tags;
  const notes = (mapping.notes === null ? "" : (record.fields[mapping.notes] ?? "")).trim();
  if (notes.length > MAX_NOTES_LENGTH) return { reason: `notes: longer than ${MAX_NOTES_LENGTH} characters` };
  return { phone, name: name || null, tags, notes: notes || null };
}

/** A later row for the same phone: its name and notes when it has them, its tags added. */
function merged(before: ContactInput | undefined, row: ContactInput): ContactInput {
  if (!before) return row;
  return { phone: row.phone, name: row.name ?? before.name, tags: tagSet([...before.tags, ...row.tags]), notes: row.notes ?? before.notes };
}

/** The file's records, its first the header: a vCard export's cards as a table (vcard-read.ts), else CSV. */
function tableOf(file: string): { format: ContactsFile["format"]; records: CsvRecord[] } {
  if (looksLikeVCard(file)) return { format: "vcard", records: vcardTable(readVCards(file)) };
  try {
    return { format: "csv", records: readCsv(file, sniffDelimiter(file)) };
  } catch (e) {
    if (e instanceof CsvError) throw new HTTPException(400, { message: `file: not valid CSV, nothing imported: ${e.message}` });
    throw e;
  }
}

/**
 * The contacts of a file (CSV with a header, or vCard), national numbers read in `country`, its
 * columns as `choices` picks them (the guess by default). 400 (nothing imported) when the file is
 * malformed, has no column of phones (NoPhoneColumn), or has more than MAX_IMPORT_ROWS rows.
 *
 * @example readContactsFile("First Name,Last Name,Mobile Phone\nAnn,Lee,(415) 234-0100\n", "US").contacts
 * // [{ phone: "+14152340100", name: "Ann Lee", tags: [], notes: null }]
 */
export function readContactsFile(file: string, country: CountryCode, choices: ColumnChoices = AUTO_CHOICES): ContactsFile {
  const { format, records } = tableOf(file);
  const [header, ...rows] = records;
  const headers = header?.fields ?? [];
  const data = rows.filter((r) => r.fields.some((f) => f.trim() !== ""));
  const samples = headers.map((_, i) => data.slice(0, SAMPLE_ROWS).map((r) => (r.fields[i] ?? "").trim()).find((v) => v !== "") ?? "");
  const mapping = columnsOf(headers, samples, choices, format);
  if (data.length > MAX_IMPORT_ROWS) throw new HTTPException(400, { message: `file: ${data.length} rows; at most ${MAX_IMPORT_ROWS} per import, split the file` });
  const byPhone = new Map<string, ContactInput>();
  const phones: string[] = [];
  const rejected: ContactsFile["rejected"] = [];
  const unusable = { missing: 0, invalid: 0 };
  for (const record of data) {
    const row = contactOf(record, mapping, headers.length, country);
    if ("reason" in row) {
      rejected.push({ line: record.line, name: nameCell(record.fields, mapping.name).slice(0, MAX_NAME_LENGTH) || null, reason: row.reason });
      if (row.phone) unusable[row.phone]++;
    } else {
      byPhone.set(row.phone, merged(byPhone.get(row.phone), row));
      phones.push(row.phone);
    }
  }
  return { contacts: [...byPhone.values()], phones, rejected, format, headers, samples, mapping, unusable };
}
