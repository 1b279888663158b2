/**
 * Reading a phone's contacts export (.vcf: iPhone, Android, Google, Outlook), several contacts in
 * one file, vCard 2.1, 3.0 and 4.0: folded lines, several TELs with their types (`TYPE=CELL`, 2.1's
 * bare `CELL`, Apple's `item1.X-ABLabel`), 2.1's quoted-printable values with their charset (old
 * Android exports), text escapes, `tel:` URIs. Only what a contact needs here is read (names,
 * organization, phones, note); a photo or anything else is skipped. Our own ~150 lines rather than
 * a library: ical.js, the maintained one, reads vCard 3.0/4.0 only, and the contacts import is
 * its only use in the Worker.
 */
import type { CsvRecord } from "./csv-read";

export interface VCard {
  /** The file's line of its BEGIN:VCARD (1-based), to name it when it is rejected. */
  line: number;
  fullName: string;
  given: string;
  additional: string;
  family: string;
  organization: string;
  note: string;
  phones: { number: string; types: string[] }[];
}

/** A file that is a vCard export: its first text is BEGIN:VCARD. */
export const looksLikeVCard = (text: string) => /^\uFEFF?\s*BEGIN:VCARD/i.test(text);

interface ContentLine {
  line: number;
  group: string | null;
  name: string;
  params: { name: string; value: string }[];
  value: string;
}

/** Physical lines joined into content lines: a line starting with a space or tab goes on the one before (3.0/4.0 folding), and a quoted-printable value ending in `=` goes on with the next (2.1). */
function unfold(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let softBreak = false;
  text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).forEach((physical, i) => {
    const last = out.at(-1);
    if (last && softBreak) last.text = last.text.slice(0, -1) + physical.replace(/^[ \t]/, "");
    else if (last && /^[ \t]/.test(physical)) last.text += physical.slice(1);
    else out.push({ line: i + 1, text: physical });
    const current = out.at(-1)!;
    softBreak = /QUOTED-PRINTABLE/i.test(current.text.split(":", 1)[0] ?? "") && current.text.endsWith("=");
  });
  return out;
}

/** `[group.]NAME[;PARAM…]:value`, a parameter's value in quotes allowed to hold `:` and `;`; null for a line that is none. */
function contentLine(line: number, text: string): ContentLine | null {
  let i = 0;
  let quoted = false;
  while (i < text.length && (quoted || text[i] !== ":")) {
    if (text[i] === '"') quoted = !quoted;
    i++;
  }
  if (i >= text.length) return null;
  const [head = "", ...rawParams] = text.slice(0, i).match(/(?:[^;"]|"[^"]*")+/g) ?? [];
  const dot = head.lastIndexOf(".");
  const params = rawParams.map((p) => {
    const eq = p.indexOf("=");
    // 2.1 writes bare values: `TEL;CELL;VOICE:…` is TYPE=CELL, TYPE=VOICE.
    return eq < 0 ? { name: "TYPE", value: p.trim() } : { name: p.slice(0, eq).trim().toUpperCase(), value: p.slice(eq + 1).trim().replace(/^"|"$/g, "") };
  });
  return { line, group: dot >= 0 ? head.slice(0, dot).toLowerCase() : null, name: head.slice(dot + 1).trim().toUpperCase(), params, value: text.slice(i + 1) };
}

const param = (l: ContentLine, name: string) => l.params.filter((p) => p.name === name).map((p) => p.value);

/** A quoted-printable value's bytes decoded in its charset (UTF-8 unless it names another that the runtime knows). */
function quotedPrintable(value: string, charset: string | undefined): string {
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  for (let i = 0; i < value.length; i++) {
    const hex = value[i] === "=" ? /^[0-9A-Fa-f]{2}/.exec(value.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...utf8.encode(value[i]!));
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? "utf-8");
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(Uint8Array.from(bytes));
}

/** A value split on each `;` no backslash escapes (N and ORG are lists of parts). */
function splitUnescaped(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "\\" && i + 1 < value.length) current += value[i]! + value[++i]!;
    else if (value[i] === ";") {
      parts.push(current);
      current = "";
    } else current += value[i];
  }
  return [...parts, current];
}

/** A text value (decoded when quoted-printable), in parts when `split`, each with `\n`, `\,`, `\;` and `\\` read. */
function textParts(l: ContentLine, split: boolean): string[] {
  const encoded = [...param(l, "ENCODING"), ...param(l, "TYPE")].some((v) => /^quoted-printable$/i.test(v));
  const value = encoded ? quotedPrintable(l.value, param(l, "CHARSET")[0]) : l.value;
  return (split ? splitUnescaped(value) : [value]).map((part) => part.replace(/\\([nN,;\\:])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c)).trim());
}

/** A TEL's types, lowercase (`cell`, `voice`, `pref`…), from every spelling the versions use. */
const telTypes = (l: ContentLine) => param(l, "TYPE").flatMap((v) => v.split(",")).map((t) => t.trim().toLowerCase()).filter((t) => t !== "");

function emptyCard(line: number): VCard {
  return { line, fullName: "", given: "", additional: "", family: "", organization: "", note: "", phones: [] };
}

/** One property of a card read onto it; `labels` keeps Apple's `itemN.X-ABLabel` for the TEL of the same group. */
function readProperty(card: VCard, l: ContentLine, telGroups: Map<string, number>, labels: Map<string, string>) {
  if (l.name === "FN") card.fullName = textParts(l, false)[0]!;
  else if (l.name === "N") [card.family = "", card.given = "", card.additional = ""] = textParts(l, true);
  else if (l.name === "ORG") card.organization = textParts(l, true)[0] ?? "";
  else if (l.name === "NOTE") card.note = textParts(l, false)[0]!;
  else if (l.name === "TEL") {
    const number = l.value.replace(/^tel:/i, "").replace(/;.*$/, "").trim();
    if (l.group) telGroups.set(l.group, card.phones.length);
    card.phones.push({ number, types: telTypes(l) });
  } else if (l.name === "X-ABLABEL" && l.group) labels.set(l.group, l.value.replace(/^_\$!<(.*)>!\$_$/, "$1").toLowerCase());
}

/**
 * The contacts of a vCard file, in file order. Text outside BEGIN:VCARD … END:VCARD is ignored; a
 * card the file ends inside is kept.
 *
 * @example readVCards("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTEL;TYPE=CELL:+1 415 234 0100\r\nEND:VCARD\r\n")
 * // [{ line: 1, fullName: "Ann Lee", …, phones: [{ number: "+1 415 234 0100", types: ["cell"] }] }]
 */
export function readVCards(text: string): VCard[] {
  const cards: VCard[] = [];
  let card: VCard | null = null;
  let telGroups = new Map<string, number>();
  let labels = new Map<string, string>();
  const close = () => {
    if (!card) return;
    for (const [group, label] of labels) card.phones[telGroups.get(group) ?? -1]?.types.push(label);
    cards.push(card);
    card = null;
  };
  for (const { line, text: raw } of unfold(text)) {
    const l = contentLine(line, raw);
    if (!l) continue;
    if (l.name === "BEGIN" && /^vcard$/i.test(l.value.trim())) {
      close();
      card = emptyCard(line);
      telGroups = new Map();
      labels = new Map();
    } else if (l.name === "END" && /^vcard$/i.test(l.value.trim())) close();
    else if (card) readProperty(card, l, telGroups, labels);
  }
  close();
  return cards;
}

/**
 * Cards as a table a contacts file is read from (admin/contacts-csv.ts), with Google's column names
 * so the same rules read it: names, organization, notes, and a label and value pair for each TEL.
 */
export function vcardTable(cards: readonly VCard[]): CsvRecord[] {
  const most = Math.max(0, ...cards.map((c) => c.phones.length));
  const phoneColumns = Array.from({ length: most }, (_, i) => [`Phone ${i + 1} - Label`, `Phone ${i + 1} - Value`]).flat();
  const header = ["Full Name", "First Name", "Middle Name", "Last Name", "Organization", "Notes", ...phoneColumns];
  const rows = cards.map((c) => ({
    line: c.line,
    fields: [c.fullName, c.given, c.additional, c.family, c.organization, c.note, ...Array.from({ length: most }, (_, i) => [c.phones[i]?.types.join(", ") ?? "", c.phones[i]?.number ?? ""]).flat()],
  }));
  return [{ line: 0, fields: header }, ...rows];
}
