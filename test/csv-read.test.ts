/** The CSV reader (src/csv-read.ts) on what spreadsheets and CRMs export; test/node/csv-read.diff.test.ts checks it against csv-parse. */
import { describe, expect, it } from "vitest";
import { CsvError, decodeCsvBytes, readCsv, sniffDelimiter } from "../src/csv-read";

const rows = (text: string, delimiter?: "," | ";" | "\t") => readCsv(text, delimiter).map((r) => [r.line, ...r.fields]);

describe("readCsv", () => {
  it.each<[string, string, (string | number)[][]]>([
    ["LF line ends", "name,phone\nJo,415\n", [[1, "name", "phone"], [2, "Jo", "415"]]],
    ["CRLF line ends", "name,phone\r\nJo,415\r\n", [[1, "name", "phone"], [2, "Jo", "415"]]],
    ["old Mac CR line ends", "name,phone\rJo,415\r", [[1, "name", "phone"], [2, "Jo", "415"]]],
    ["no line end at the end", "a,b\nc,d", [[1, "a", "b"], [2, "c", "d"]]],
    ["a byte-order mark", "\uFEFFname,phone\r\n", [[1, "name", "phone"]]],
    ["a quoted field with a comma", '"Smith, Jo",415', [[1, "Smith, Jo", "415"]]],
    ["doubled quotes inside a quoted field", '"Jo ""JJ"" Smith",415', [[1, 'Jo "JJ" Smith', "415"]]],
    ["a quoted field spanning lines, and the line after it", 'a,"x\r\ny"\r\nb,c\r\n', [[1, "a", "x\r\ny"], [3, "b", "c"]]],
    ["an empty quoted field", 'a,"",c', [[1, "a", "", "c"]]],
    ["empty fields, and a trailing comma", "a,,c,\n", [[1, "a", "", "c", ""]]],
    ["blank lines are skipped, the line numbers stay the file's", "a\n\n\r\nb\n", [[1, "a"], [4, "b"]]],
    ["a line of commas is a record of empty fields", "a,b\n,\n", [[1, "a", "b"], [2, "", ""]]],
    ["a quote inside an unquoted field is kept as typed", 'Pipe 5" long,x', [[1, 'Pipe 5" long', "x"]]],
    ["spaces are kept (trimming is the caller's)", " a , b ", [[1, " a ", " b "]]],
    ["non-ASCII text and emoji", "José,☎️ 😀", [[1, "José", "☎️ 😀"]]],
    ["an empty file", "", []],
    ["only a BOM", "\uFEFF", []],
  ])("%s", (_name, text, expected) => {
    expect(rows(text)).toEqual(expected);
  });

  it("reads a semicolon- or tab-delimited file, commas then being plain text", () => {
    expect(rows("name;phone;tags\nSmith, Jo;415;vip,customer\n", ";")).toEqual([
      [1, "name", "phone", "tags"],
      [2, "Smith, Jo", "415", "vip,customer"],
    ]);
    expect(rows("name\tphone\nJo\t415\n", "\t")).toEqual([[1, "name", "phone"], [2, "Jo", "415"]]);
  });

  it.each<[string, string, number, RegExp]>([
    ["an unterminated quote", 'name,phone\n"Jo,415\nAnn,416\n', 2, /never closed/],
    ["an unterminated quote at the very end", 'a,b\nc,"', 2, /never closed/],
    ["text after a closing quote", 'name,phone\n"Jo" Smith,415\n', 2, /after a closing quote/],
    ["text after a closing quote on a later line of the field", 'a\n"x\ny"z\n', 3, /after a closing quote/],
  ])("refuses a malformed file: %s (line %i)", (_name, text, line, message) => {
    let error: unknown;
    try {
      readCsv(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).line).toBe(line);
    expect((error as CsvError).message).toMatch(message);
  });
});

describe("sniffDelimiter", () => {
  it.each([
    ["name,phone,tags\n", ","],
    ["name;phone;tags\r\n", ";"],
    ["name\tphone\ttags\n", "\t"],
    ["phone\n", ","],
    ["name,phone;x\n", ","],
  ])("%j → %j", (text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });
});

describe("decodeCsvBytes", () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it.each<[string, Uint8Array, string]>([
    ["UTF-8", new TextEncoder().encode("José,😀"), "José,😀"],
    ["UTF-8 with a BOM (the BOM is dropped)", bytes(0xef, 0xbb, 0xbf, 0x61), "a"],
    ["Windows-1252 from Excel's CSV (Comma delimited)", bytes(0x4a, 0x6f, 0x73, 0xe9, 0x2c, 0x80, 0x93, 0x94), "José,€“”"],
    ["UTF-16LE with its BOM (Excel's Unicode Text)", bytes(0xff, 0xfe, 0x61, 0x00, 0xe9, 0x00), "aé"],
    ["UTF-16BE with its BOM", bytes(0xfe, 0xff, 0x00, 0x61, 0x00, 0xe9), "aé"],
  ])("%s", (_name, input, text) => {
    expect(decodeCsvBytes(input)).toBe(text);
  });
});
