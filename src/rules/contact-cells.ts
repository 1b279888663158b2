/**
 * A contacts file's row read through its columns (rules/contact-columns.ts): the name, and the
 * phone numbers to try in order, as tools write them into cells (several in one cell, a label
 * beside each, invisible direction marks from phones). Pure: no I/O.
 */
import { headerWords, type PhoneSource } from "./contact-columns";

const MOBILE = new Set(["mobile", "cell", "cellphone", "cellular", "mob", "iphone"]);
const NOT_A_PHONE = new Set(["fax", "pager", "telex", "tty", "tdd", "isdn", "assistant"]);

type Kind = "mobile" | "other" | "skip";

/** What a label says a number is: a mobile, some other phone, or a fax or pager (never read). */
function labelKind(label: string | null | undefined): Kind {
  const words = headerWords(label ?? "");
  if (words.some((w) => NOT_A_PHONE.has(w))) return "skip";
  return words.some((w) => MOBILE.has(w)) ? "mobile" : "other";
}

/** Direction marks (Android's exports wrap numbers in them) and no-break spaces become nothing and spaces. */
const tidy = (cell: string) => cell.replace(/\p{Cf}/gu, "").replace(/[\u00a0\u2007\u202f]/g, " ").trim();

const LABELLED = /([A-Za-z][A-Za-z .'-]*?)\s*:\s*([+(]?\d[\d\s().-]*\d)/g;
const LABEL_AFTER = /^([+(]?\d[\d\s().-]*\d)\s*\(?\s*([A-Za-z][A-Za-z ]*?)\s*\)?$/;

/**
 * The numbers in one cell, each with the label written beside it: split on Google's ` ::: `, line
 * breaks, `;` and `,`; "Phone: (415) 555-0100 Mobile: (415) 555-0101" (QuickBooks) and
 * "(415) 555-0101 (cell)" read as labelled numbers. A part that is none of these is kept as
 * written, so the row's rejection can quote it.
 *
 * @example phoneParts("Phone: (415) 234-0100 Mobile: (415) 234-0101")
 * // [{ number: "(415) 234-0100", label: "Phone" }, { number: "(415) 234-0101", label: "Mobile" }]
 */
export function phoneParts(cell: string): { number: string; label: string | null }[] {
  const parts: { number: string; label: string | null }[] = [];
  for (const raw of tidy(cell).split(/\s*:::\s*|[\r\n;,]+/)) {
    const piece = raw.trim().replace(/^tel:/i, "");
    if (piece === "") continue;
    // Excel's ="…" keeps a number as text; its quotes are no separator.
    if (!/[A-Za-z]/.test(piece) || piece.startsWith('="')) {
      parts.push({ number: piece, label: null });
      continue;
    }
    const labelled = [...piece.matchAll(LABELLED)].map((m) => ({ number: m[2]!.trim(), label: m[1]!.trim() }));
    const after = LABEL_AFTER.exec(piece);
    if (labelled.length > 0) parts.push(...labelled);
    else if (after) parts.push({ number: after[1]!, label: after[2]! });
    else parts.push({ number: piece, label: null });
  }
  return parts;
}

/**
 * A row's numbers to try, in order: mobiles first (a mobile column, a row labelled mobile, a number
 * written "Mobile: …"), then the others in column order; fax and pager numbers left out.
 *
 * @example phoneCells(["Ann", "Work", "(415) 234-0100", "Mobile", "(415) 234-0101"], [{ value: 2, label: 1, mobile: false }, { value: 4, label: 3, mobile: false }])
 * // ["(415) 234-0101", "(415) 234-0100"]
 */
export function phoneCells(fields: readonly string[], sources: readonly PhoneSource[]): string[] {
  const found: { number: string; kind: Kind }[] = [];
  for (const source of sources) {
    const rowLabel = source.label === null ? "other" : labelKind(fields[source.label]);
    if (rowLabel === "skip") continue;
    for (const part of phoneParts(fields[source.value] ?? "")) {
      const kind = part.label === null ? "other" : labelKind(part.label);
      if (kind === "skip") continue;
      found.push({ number: part.number, kind: source.mobile || rowLabel === "mobile" || kind === "mobile" ? "mobile" : "other" });
    }
  }
  return [...found.filter((f) => f.kind === "mobile"), ...found.filter((f) => f.kind !== "mobile")].map((f) => f.number);
}

/**
 * A row's name: the first of `sources` that gives one, its columns joined by a space, blanks collapsed.
 *
 * @example nameCell(["", "Ann", "Lee", "Acme"], [[0], [1, 2], [3]]) // "Ann Lee"
 */
export function nameCell(fields: readonly string[], sources: readonly (readonly number[])[]): string {
  for (const columns of sources) {
    const name = columns.map((i) => tidy(fields[i] ?? "")).filter((s) => s !== "").join(" ").replace(/\s+/g, " ");
    if (name !== "") return name;
  }
  return "";
}
