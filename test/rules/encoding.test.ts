import { describe, expect, it } from "vitest";
import {
  countSegments,
  GSM7_BASIC_CHARS,
  GSM7_EXTENSION_CHARS,
  normalizeLineEndings,
  smartReplacement,
  toGsmSmart,
  truncateToSegments,
} from "../../src/rules/encoding";

const a = (n: number): string => "a".repeat(n);
/** compliance.md §5.3 example. */
const ACME = "Hi, this is Acme Plumbing. Sorry we missed your call! How can we help? Reply STOP to opt out.";

describe("GSM-7 tables", () => {
  it("has the 127 basic characters of §5.1, all distinct", () => {
    expect(GSM7_BASIC_CHARS).toHaveLength(127);
    expect(new Set(GSM7_BASIC_CHARS).size).toBe(127);
    expect(GSM7_BASIC_CHARS).not.toContain("\u001b");
  });

  it("has the 10 extension characters of §5.2", () => {
    expect([...GSM7_EXTENSION_CHARS].sort()).toEqual(["\f", "^", "{", "}", "\\", "[", "~", "]", "|", "€"].sort());
  });

  it.each(GSM7_BASIC_CHARS.map((ch) => [ch]))("basic %j is one septet", (ch) => {
    expect(countSegments(ch)).toEqual({ encoding: "GSM-7", units: 1, segments: 1, nonGsmChars: [] });
  });

  it.each(GSM7_EXTENSION_CHARS.map((ch) => [ch]))("extension %j is two septets", (ch) => {
    expect(countSegments(ch)).toEqual({ encoding: "GSM-7", units: 2, segments: 1, nonGsmChars: [] });
  });
});

describe("countSegments", () => {
  type Row = [name: string, body: string, encoding: "GSM-7" | "UCS-2", units: number, segments: number];
  const rows: Row[] = [
    // §5.3 worked examples
    ["§5.3 English text-back", ACME, "GSM-7", 93, 1],
    ["§5.3 with an emoji appended", `${ACME} 😊`, "UCS-2", 96, 2],
    ["§5.3 en dash instead of !", ACME.replace("!", "–"), "UCS-2", 93, 2],
    ["§5.3 Spanish ó", "¿Cómo le podemos ayudar? Responda ALTO.", "UCS-2", 39, 1],
    ["§5.3 French é stays GSM-7", "Désolé, nous avons manqué votre appel. Répondez ARRET.", "GSM-7", 54, 1],
    ["empty body sends nothing", "", "GSM-7", 0, 0],
    // GSM-7 boundaries
    ["GSM 160", a(160), "GSM-7", 160, 1],
    ["GSM 161", a(161), "GSM-7", 161, 2],
    ["GSM 306", a(306), "GSM-7", 306, 2],
    ["GSM 307", a(307), "GSM-7", 307, 3],
    ["GSM 459", a(459), "GSM-7", 459, 3],
    ["GSM 460", a(460), "GSM-7", 460, 4],
    // extension characters count 2 ...
    ["80 euro signs fill one segment", "€".repeat(80), "GSM-7", 160, 1],
    ["81 euro signs", "€".repeat(81), "GSM-7", 162, 2],
    ["159 + one extension char", `${a(159)}^`, "GSM-7", 161, 2],
    // ... and are never split: 152 + [€ does not fit, moves] 2 + 151 | 1 = 3 segments, not ceil(306/153) = 2
    ["extension char at a segment boundary moves whole", `${a(152)}€${a(152)}`, "GSM-7", 306, 3],
    ["extension char that just fits", `${a(151)}€${a(153)}`, "GSM-7", 306, 2],
    // UCS-2 boundaries
    ["UCS 70", `ó${a(69)}`, "UCS-2", 70, 1],
    ["UCS 71", `ó${a(70)}`, "UCS-2", 71, 2],
    ["UCS 134", `ó${a(133)}`, "UCS-2", 134, 2],
    ["UCS 135", `ó${a(134)}`, "UCS-2", 135, 3],
    // surrogate pairs count 2 and are never split
    ["35 emoji fill one segment", "😊".repeat(35), "UCS-2", 70, 1],
    ["36 emoji", "😊".repeat(36), "UCS-2", 72, 2],
    ["emoji at a segment boundary moves whole", `${a(66)}😊${a(66)}`, "UCS-2", 134, 3],
    ["emoji that just fits", `${a(65)}😊${a(67)}`, "UCS-2", 134, 2],
    // grapheme clusters are kept whole: 👍🏽 is 4 units; split by code points this would be 2 segments
    ["skin-tone emoji at a boundary moves whole", `${a(65)}👍🏽${a(65)}`, "UCS-2", 134, 3],
    // Ç (0x09 in Twilio's table) vs ç
    ["capital Ç is GSM-7", "Ça va", "GSM-7", 5, 1],
    ["small ç forces UCS-2", "Garçon", "UCS-2", 6, 1],
    // look-alikes are not the GSM Greek letters
    ["Greek capital omega is GSM-7", "\u03A9", "GSM-7", 1, 1],
    ["Ohm sign is not", "\u2126", "UCS-2", 1, 1],
    ["backtick is not GSM-7", "`", "UCS-2", 1, 1],
    // line endings
    ["CRLF counts as one LF", "a\r\nb", "GSM-7", 3, 1],
    ["lone CR is a GSM-7 character", "a\rb", "GSM-7", 3, 1],
    ["CRLF normalised before the 160 limit", `${a(79)}\r\n${a(80)}`, "GSM-7", 160, 1],
    ["CRLF in UCS-2", `ó\r\n${a(68)}`, "UCS-2", 70, 1],
    // the first non-GSM character decides, wherever it is
    ["non-GSM last character after 201 GSM ones", `${a(201)}ó`, "UCS-2", 202, 4],
    ["extension chars before a non-GSM one count 1 unit in UCS-2", `€€${a(66)}ó`, "UCS-2", 69, 1],
    ["e + combining acute is one UCS-2 character", "Cafe\u0301", "UCS-2", 5, 1],
  ];

  it.each(rows)("%s", (_name, body, encoding, units, segments) => {
    const info = countSegments(body);
    expect({ encoding: info.encoding, units: info.units, segments: info.segments }).toEqual({ encoding, units, segments });
  });

  it("lists each character that forced UCS-2 once, in order of appearance", () => {
    expect(countSegments("ç ó Ç ç 😊 ó “hi”").nonGsmChars).toEqual(["ç", "ó", "😊", "“", "”"]);
    expect(countSegments(ACME).nonGsmChars).toEqual([]);
  });

  it("reports a GSM-7 letter with a combining mark as one non-GSM character", () => {
    expect(countSegments("Cafe\u0301 ok").nonGsmChars).toEqual(["e\u0301"]);
  });

  it("reports a multi-code-point emoji as one character", () => {
    expect(countSegments("Family: 👨‍👩‍👧 and 👍🏽").nonGsmChars).toEqual(["👨‍👩‍👧", "👍🏽"]);
  });

  it("still counts a grapheme cluster longer than a segment, splitting it between code points", () => {
    const zalgo = `a${"\u0301".repeat(80)}`;
    expect(countSegments(zalgo)).toMatchObject({ encoding: "UCS-2", units: 81, segments: 2 });
  });
});

describe("normalizeLineEndings", () => {
  it.each([
    ["a\r\nb\r\nc", "a\nb\nc"],
    ["a\rb", "a\rb"],
    ["a\n\rb", "a\n\rb"],
  ])("%j → %j", (input, output) => {
    expect(normalizeLineEndings(input)).toBe(output);
  });
});

describe("toGsmSmart", () => {
  it.each([
    ["curly double quotes", "“Hi” «there» „x‟", '"Hi" "there" "x"'],
    ["curly single quotes and apostrophes", "We’re ‘open’ ʼtil ´6´ `now`", "We're 'open' 'til '6' 'now'"],
    ["dashes and bullet", "a‐b–c—d―e−f • g", "a-b-c-d-e-f - g"],
    ["ellipsis and double exclamation", "Wait… ‼", "Wait... !!"],
    ["special spaces", "a\u00A0b\u2009c\u202Fd\u3000e\u2028f\tg", "a b c d e f g"],
    ["zero-width characters removed", "a\u200Bb\u2060c\uFEFFd", "abcd"],
    ["fullwidth forms", "ＡＣＭＥ！ ＃１ （ｔｅｓｔ）", "ACME! #1 (test)"],
    ["small forms", "\uFE56\uFE57\uFE6B", "?!@"],
    ["fractions and division", "¼ ½ ¾ ÷", "1/4 1/2 3/4 /"],
    ["accents and emoji have no look-alike", "Cómo ç 😊", "Cómo ç 😊"],
    ["plain text unchanged", ACME, ACME],
  ])("%s", (_name, input, output) => {
    expect(toGsmSmart(input)).toBe(output);
  });

  it("turns a smart-quoted template into GSM-7", () => {
    const fancy = "We’re closed — reply “HELP” for help…";
    expect(countSegments(fancy).encoding).toBe("UCS-2");
    expect(countSegments(toGsmSmart(fancy))).toMatchObject({ encoding: "GSM-7", nonGsmChars: [] });
  });

  it("every replacement is itself GSM-7", () => {
    for (const ch of ["“", "’", "—", "…", "\u00A0", "ｘ", "｛", "＼"]) {
      const to = smartReplacement(ch);
      expect(to, ch).toBeDefined();
      expect(countSegments(`x${to ?? ""}`).encoding, ch).toBe("GSM-7");
    }
    expect(smartReplacement("ó")).toBeUndefined();
  });
});

describe("truncateToSegments", () => {
  it.each<[string, string, number, { segments: number; encoding: string; endsWith: string; length?: number }]>([
    ["1,600 GSM-7 characters to 3 segments", a(1600), 3, { segments: 3, encoding: "GSM-7", endsWith: "...", length: 459 }],
    ["1,600 characters with an emoji to 3 segments", `😊${a(1598)}`, 3, { segments: 3, encoding: "UCS-2", endsWith: "\u2026", length: 201 }],
    ["a text that fits, unchanged", ACME, 1, { segments: 1, encoding: "GSM-7", endsWith: "out." }],
  ])("%s", (_name, body, max, expected) => {
    const cut = truncateToSegments(body, max);
    expect(countSegments(cut)).toMatchObject({ segments: expected.segments, encoding: expected.encoding });
    expect(cut.endsWith(expected.endsWith)).toBe(true);
    if (expected.length !== undefined) expect(cut).toHaveLength(expected.length);
  });

  it("never cuts an emoji in two", () => {
    const cut = truncateToSegments("👍🏽".repeat(200), 2);
    expect(countSegments(cut).segments).toBe(2);
    expect(cut.replace(/\u2026$/, "")).toMatch(/^(👍🏽)+$/u);
  });
});
