/**
 * Which columns of a contacts file hold a contact's name, phone, tags and notes (DESIGN.md §6.4),
 * from the header names people's tools write: our own `name,phone,tags,notes`, Google Contacts
 * ("First Name", "Phone 1 - Label", "Phone 1 - Value", "Labels"; older "Given Name", "Family Name"),
 * Outlook ("Mobile Phone", "Business Phone"), QuickBooks, Jobber, Housecall Pro ("Customer",
 * "Display Name", "Mobile Number"), practice software ("Wireless Phone", "Home Phone") and hand-made
 * sheets ("Phone Number"). Headers are compared as
 * words, without case, spacing or punctuation. Pure: no I/O.
 */

export type ContactField = "name" | "phone" | "tags" | "notes";
export const CONTACT_FIELDS: readonly ContactField[] = ["name", "phone", "tags", "notes"];

/** A field's column as the owner picks it on the preview: the automatic reading, none, or a column by index. */
export type ColumnChoice = "auto" | "none" | number;
export type ColumnChoices = Record<ContactField, ColumnChoice>;
export const AUTO_CHOICES: ColumnChoices = { name: "auto", phone: "auto", tags: "auto", notes: "auto" };

/** A column read for phones; `label` is the column naming each row's number (Google's "Phone 1 - Label"). */
export interface PhoneSource {
  value: number;
  label: number | null;
  mobile: boolean;
}

export interface ColumnMapping {
  /** Tried in order, the first that gives a row a name wins; each joins its columns with a space (First + Last). */
  name: number[][];
  /** Every column read for a row's phone: a mobile number first (by header or by the row's label), else the first valid. */
  phone: PhoneSource[];
  tags: number | null;
  notes: number | null;
}

/**
 * A header as lowercase words: punctuation, case changes and digits split it.
 *
 * @example headerWords("Phone 1 - Value") // ["phone", "1", "value"]
 * @example headerWords("mobileNumber") // ["mobile", "number"]
 */
export function headerWords(header: string): string[] {
  return header
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .replace(/(\d)([A-Za-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

/** Words that qualify a field without changing it ("Customer First Name" is a first name). */
const QUALIFIERS = new Set(["customer", "client", "contact", "primary", "main", "billing", "person", "patient"]);

const FULL_NAME = ["name", "fullname", "displayname", "customer", "client", "patient", "customername", "clientname", "contactname", "customerdisplayname", "namedisplay"];
const FIRST = ["firstname", "givenname", "first", "fname", "forename"];
const MIDDLE = ["middlename", "additionalname", "middle", "middleinitial"];
const LAST = ["lastname", "familyname", "surname", "last", "lname"];
const COMPANY = ["company", "companyname", "organization", "organizationname", "organization1name", "organisation", "organisationname", "business", "businessname"];
// Google Contacts exports its labels as "Labels" (older: "Group Membership"), Outlook as "Categories".
const TAGS = ["tags", "tag", "labels", "groupmembership", "categories"];
const NOTES = ["notes", "note", "comments", "comment", "remarks"];

/** The header's key (its words run together), and the same without a leading "Customer", "Client"… */
function keysOf(header: string): string[] {
  const words = headerWords(header);
  let i = 0;
  while (i < words.length - 1 && QUALIFIERS.has(words[i]!)) i++;
  return [words.join(""), words.slice(i).join("")];
}

/** The first column (by the order of `aliases`) whose header is one of them. */
function findColumn(headers: readonly string[], aliases: readonly string[]): number | null {
  const keys = headers.map(keysOf);
  for (const alias of aliases) {
    const i = keys.findIndex((k) => k.includes(alias));
    if (i >= 0) return i;
  }
  return null;
}

// "Wireless" is what dental and medical practice software (Dentrix, Eaglesoft) calls a cell phone.
const PHONE_WORDS = new Set(["phone", "phones", "telephone", "tel", "mobile", "cell", "cellphone", "cellular", "mob", "iphone", "wireless"]);
const MOBILE_WORDS = new Set(["mobile", "cell", "cellphone", "cellular", "mob", "iphone", "wireless"]);
/** Numbers that are not a person's own phone, and columns about a phone rather than holding one. */
const NOT_A_PHONE = new Set(["fax", "pager", "telex", "tty", "tdd", "isdn", "assistant", "assistants", "label", "type", "ext", "extension", "country", "code", "verified", "status", "opt", "optin", "optout", "consent", "carrier", "yomi", "id", "count"]);
/** "Home Number", "Work Number" (Housecall Pro) are phones; "Customer Number", "Invoice Number" are not. */
const NUMBER_QUALIFIERS = new Set(["home", "work", "office", "business", "main", "alt", "alternate", "other", "primary", "contact", "day", "evening", "landline", "direct", "personal"]);
const NUMBER_WORDS = new Set(["number", "numbers", "no", "num", "nr"]);

/** Google's numbered pairs: "Phone 1 - Value" holds the number, "Phone 1 - Label" (older: "- Type") says what it is. */
const GOOGLE_PHONE = /^phone (\d+) (value|label|type)$/;

function phoneColumn(header: string): { mobile: boolean } | null {
  const words = headerWords(header);
  if (words.some((w) => NOT_A_PHONE.has(w))) return null;
  const mobile = words.some((w) => MOBILE_WORDS.has(w));
  if (mobile || words.some((w) => PHONE_WORDS.has(w))) return { mobile };
  // A lone "No" is a sheet's row number; a lone "Number" is a hand-made sheet's phone.
  if (words.length === 1) return words[0] === "number" || words[0] === "numbers" ? { mobile: false } : null;
  const numbered = words.some((w) => NUMBER_WORDS.has(w));
  if (numbered && words.every((w) => NUMBER_WORDS.has(w) || NUMBER_QUALIFIERS.has(w))) return { mobile: false };
  return null;
}

/** The phone columns of a header, mobile ones first, each other in file order. */
function phoneSources(headers: readonly string[]): PhoneSource[] {
  const sources: PhoneSource[] = [];
  const labels = new Map<string, number>();
  headers.forEach((h, i) => {
    const m = GOOGLE_PHONE.exec(headerWords(h).join(" "));
    if (m && m[2] !== "value") labels.set(m[1]!, i);
  });
  headers.forEach((h, i) => {
    const m = GOOGLE_PHONE.exec(headerWords(h).join(" "));
    if (m) {
      if (m[2] === "value") sources.push({ value: i, label: labels.get(m[1]!) ?? null, mobile: false });
      return;
    }
    const phone = phoneColumn(h);
    if (phone) sources.push({ value: i, label: null, mobile: phone.mobile });
  });
  return [...sources.filter((s) => s.mobile), ...sources.filter((s) => !s.mobile)];
}

/** A name's sources: a full-name column, else first + middle + last, else the company. */
function nameSources(headers: readonly string[]): number[][] {
  const full = findColumn(headers, FULL_NAME);
  const parts = [FIRST, MIDDLE, LAST].map((aliases) => findColumn(headers, aliases)).filter((i): i is number => i !== null);
  const company = findColumn(headers, COMPANY);
  const sources = [full === null ? [] : [full], parts, company === null ? [] : [company]];
  return sources.filter((s) => s.length > 0);
}

/**
 * The columns read when the owner has picked none: see the module's comment.
 *
 * @example guessColumns(["First Name", "Last Name", "Mobile Phone", "Home Phone"])
 * // { name: [[0, 1]], phone: [{ value: 2, label: null, mobile: true }, { value: 3, label: null, mobile: false }], tags: null, notes: null }
 */
export function guessColumns(headers: readonly string[]): ColumnMapping {
  return { name: nameSources(headers), phone: phoneSources(headers), tags: findColumn(headers, TAGS), notes: findColumn(headers, NOTES) };
}

/** The label column that goes with a Google value column, when a column picked by hand is one. */
function labelOf(headers: readonly string[], value: number): number | null {
  const m = GOOGLE_PHONE.exec(headerWords(headers[value] ?? "").join(" "));
  if (!m || m[2] !== "value") return null;
  const i = headers.findIndex((h) => {
    const l = GOOGLE_PHONE.exec(headerWords(h).join(" "));
    return l !== null && l[1] === m[1] && l[2] !== "value";
  });
  return i >= 0 ? i : null;
}

/**
 * The columns read: the guess, with what the owner picked in its place. A column picked for the
 * phone is the only one read for it; picked for the name, it is the whole name.
 *
 * @example mappingFor(["Name", "Phone", "Cell"], { ...AUTO_CHOICES, phone: 1 }).phone // [{ value: 1, label: null, mobile: false }]
 */
export function mappingFor(headers: readonly string[], choices: ColumnChoices): ColumnMapping {
  const guess = guessColumns(headers);
  const single = (choice: ColumnChoice, guessed: number | null) => (choice === "auto" ? guessed : choice === "none" ? null : choice);
  return {
    name: choices.name === "auto" ? guess.name : choices.name === "none" ? [] : [[choices.name]],
    phone: choices.phone === "auto" ? guess.phone : choices.phone === "none" ? [] : [{ value: choices.phone, label: labelOf(headers, choices.phone), mobile: false }],
    tags: single(choices.tags, guess.tags),
    notes: single(choices.notes, guess.notes),
  };
}

/** A column's header as the page names it ("column 3" when the header cell is empty). */
export const columnName = (headers: readonly string[], i: number) => headers[i]?.trim() || `column ${i + 1}`;

const listed = (names: string[]) => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`);

/**
 * Where each field comes from, in words for the preview ("Name ← First Name + Last Name").
 *
 * @example mappingInWords(["First Name", "Last Name", "Mobile Phone"], guessColumns(["First Name", "Last Name", "Mobile Phone"]))
 * // [{ field: "Name", from: "First Name + Last Name" }, { field: "Phone", from: "Mobile Phone" }, { field: "Tags", from: null }, { field: "Notes", from: null }]
 */
export function mappingInWords(headers: readonly string[], mapping: ColumnMapping): { field: string; from: string | null }[] {
  const col = (i: number) => columnName(headers, i);
  const name = mapping.name.map((cols) => cols.map(col).join(" + ")).join(", else ");
  return [
    { field: "Name", from: name || null },
    { field: "Phone", from: phoneInWords(headers, mapping.phone) },
    { field: "Tags", from: mapping.tags === null ? null : col(mapping.tags) },
    { field: "Notes", from: mapping.notes === null ? null : col(mapping.notes) },
  ];
}

function phoneInWords(headers: readonly string[], sources: readonly PhoneSource[]): string | null {
  if (sources.length === 0) return null;
  const names = (list: readonly PhoneSource[]) => list.map((s) => columnName(headers, s.value));
  const mobiles = names(sources.filter((s) => s.mobile));
  const others = names(sources.filter((s) => !s.mobile));
  const labelled = sources.some((s) => s.label !== null);
  const rest = others.length <= 1 ? (others[0] ?? "") : labelled ? `${listed(others)} (the one labelled mobile, else the first valid)` : `the first valid of ${listed(others)}`;
  return [mobiles.join(", else "), rest].filter((s) => s !== "").join(", else ");
}

/** The columns no field reads (a CRM's e-mail, address…), by header. */
export function unreadColumns(headers: readonly string[], mapping: ColumnMapping): string[] {
  const read = new Set([...mapping.name.flat(), ...mapping.phone.flatMap((s) => (s.label === null ? [s.value] : [s.value, s.label])), mapping.tags, mapping.notes]);
  return headers.map((_, i) => i).filter((i) => !read.has(i)).map((i) => columnName(headers, i));
}
