/**
 * Differential test: our CSV reader (src/csv-read.ts) against csv-parse, the CSV parser most of npm
 * uses, on generated files: fields with delimiters, quotes, line breaks and non-ASCII text, quoted or
 * not, under every line end and delimiter. Both must read the same records (ours on the lines they
 * start on); where csv-parse says a quote is never closed, ours must refuse the file too.
 */
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvError, readCsv, type CsvDelimiter } from "../../src/csv-read";

const SEED = 20_261_215;
const RUNS = 500;

const SPECIAL = [",", ";", "\t", '"', "\r\n", "\n", "\r", " ", "é", "😀", "'", "=", "+1 (415) 555-0100"];
const unit = fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }));
const value = fc.string({ unit, maxLength: 10 });

/** A field as a spreadsheet writes it: quoted (quotes doubled) when it must be, or when it likes. */
function written(v: string, delimiter: CsvDelimiter, quoteAnyway: boolean): string {
  const must = v.includes(delimiter) || /[\r\n]/.test(v) || v.startsWith('"');
  return must || quoteAnyway ? `"${v.replaceAll('"', '""')}"` : v;
}

const file = fc
  .record({
    delimiter: fc.constantFrom<CsvDelimiter>(",", ";", "\t"),
    eol: fc.constantFrom("\r\n", "\n", "\r"),
    rows: fc.array(fc.array(fc.tuple(value, fc.boolean()), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
    bom: fc.boolean(),
    finalEol: fc.boolean(),
  })
  .map(({ delimiter, eol, rows, bom, finalEol }) => {
    // A record of one empty field is a blank line, which both skip; spreadsheets never write one.
    const kept = rows.filter((r) => r.length > 1 || r[0]![0] !== "");
    const lines = kept.map((r) => r.map(([v, q]) => written(v, delimiter, q)).join(delimiter));
    // Where each record starts: one line after the previous record's last.
    const starts = lines.map((_, i) => 1 + lines.slice(0, i).reduce((n, l) => n + 1 + (l.match(/\r\n|\r|\n/g)?.length ?? 0), 0));
    const records = kept.map((r, i) => ({ line: starts[i]!, fields: r.map(([v]) => v) }));
    return { delimiter, records, text: `${bom ? "\uFEFF" : ""}${lines.join(eol)}${finalEol && lines.length > 0 ? eol : ""}` };
  });

const oracle = (text: string, delimiter: CsvDelimiter): string[][] =>
  parse(text, { bom: true, delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true });

describe("readCsv agrees with csv-parse", () => {
  it("on files spreadsheets write", () => {
    fc.assert(
      fc.property(file, ({ delimiter, records, text }) => {
        const ours = readCsv(text, delimiter);
        expect(ours).toEqual(records);
        expect(ours.map((r) => r.fields)).toEqual(oracle(text, delimiter));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("on files with a quote never closed: both refuse them", () => {
    fc.assert(
      fc.property(file, fc.nat(), ({ delimiter, text }, at) => {
        const cut = `${text}${delimiter}"${text.slice(0, at % (text.length + 1)).replaceAll('"', "")}`;
        expect(() => oracle(cut, delimiter)).toThrow(/Quote Not Closed/i);
        expect(() => readCsv(cut, delimiter)).toThrow(CsvError);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
