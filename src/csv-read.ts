/**
 * Reading CSV as people's tools write it (RFC 4180 and what Excel, Numbers, Google Sheets and CRMs
 * export): a byte-order mark, CRLF, LF or old Mac CR line ends, quoted fields holding delimiters,
 * line breaks and doubled quotes, a `;` or tab delimiter (Excel in much of Europe), and files that
 * are not UTF-8 (Excel's "CSV (Comma delimited)" is Windows-1252). Our own ~100 lines rather than a
 * library: csv-parse's Workers build is 52 KB minified (14 KB gzip, a Buffer polyfill inside) for
 * the one import route, and test/node/csv-read.diff.test.ts checks this reader against it.
 */

/** A record and the line of the file it starts on (1-based, as an editor shows it). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The file is not CSV as a whole (it is refused, nothing in it is used), with the line where that shows. */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export type CsvDelimiter = "," | ";" | "\t";

/** Line breaks in `s`: CRLF, a lone CR and a lone LF each count once. */
function lineBreaks(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}

/**
 * The delimiter of a file, from its first line: a comma unless that line has none and has
 * semicolons or tabs instead (a header such as `name;phone;tags`).
 *
 * @example sniffDelimiter("name;phone;tags\r\n…") // ";"
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  const first = text.slice(0, 4096).split(/\r\n|\r|\n/, 1)[0] ?? "";
  if (first.includes(",")) return ",";
  if (first.includes(";")) return ";";
  return first.includes("\t") ? "\t" : ",";
}

/**
 * The records of a CSV text; blank lines are skipped. A quote that is never closed, or text after
 * a closing quote (`"Smith" Jr,…`), is a CsvError: the file is malformed. A quote inside an
 * unquoted field is kept as typed (`5" pipe`), as spreadsheets read it.
 *
 * @example readCsv('name,phone\r\n"Smith, Jo",415 555 0100\r\n')
 * // [{ line: 1, fields: ["name", "phone"] }, { line: 2, fields: ["Smith, Jo", "415 555 0100"] }]
 */
export function readCsv(text: string, delimiter: CsvDelimiter = ","): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text[i] === '"') {
        ({ value, i, line } = quotedField(text, i, line, delimiter));
      } else {
        let j = i;
        while (j < n && text[j] !== delimiter && text[j] !== "\n" && text[j] !== "\r") j++;
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === "\r") i += text[i + 1] === "\n" ? 2 : 1;
      else if (text[i] === "\n") i++;
      line++;
      break;
    }
    if (fields.length > 1 || fields[0] !== "") records.push({ line: start, fields });
  }
  return records;
}

/** The quoted field opening at `i`: its value, where reading goes on, and the line it ends on. */
function quotedField(text: string, i: number, line: number, delimiter: CsvDelimiter): { value: string; i: number; line: number } {
  const opened = line;
  let value = "";
  let at = i + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) throw new CsvError(opened, "a quoted field is never closed (a \" is missing)");
    const part = text.slice(at, quote);
    value += part;
    line += lineBreaks(part);
    if (text[quote + 1] === '"') {
      value += '"';
      at = quote + 2;
      continue;
    }
    at = quote + 1;
    break;
  }
  const next = text[at];
  if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r") {
    throw new CsvError(line, `text after a closing quote (${JSON.stringify(text.slice(at, at + 10))}): quote the whole field, and double any " inside it`);
  }
  return { value, i: at, line };
}

/** Windows-1252's characters at 0x80–0x9F (the rest of the range is Latin-1); U+FFFD where it has none. */
const CP1252_HIGH = "€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ";

/**
 * A CSV upload's bytes as text: UTF-8 (with or without a BOM), UTF-16 with its BOM (Excel's
 * "Unicode Text"), and otherwise Windows-1252, which is what Excel writes for "CSV (Comma
 * delimited)": "José" stays José instead of turning into "Jos\uFFFD".
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    let out = "";
    for (const b of bytes) out += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    return out;
  }
}
