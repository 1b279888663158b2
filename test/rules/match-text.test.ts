import { describe, expect, it } from "vitest";
import { matchText } from "../../src/rules/match-text";

// [what a phone or keyboard sent, what the text rules read]
const FORMS: [string, string, string][] = [
  ["iPhone's curly apostrophe", "I can\u2019t breathe", "I can't breathe"],
  ["left single quote", "don\u2018t text me", "don't text me"],
  ["prime", "can\u2032t", "can't"],
  ["modifier-letter apostrophe", "can\u02BCt", "can't"],
  ["acute accent typed as an apostrophe", "can\u00B4t", "can't"],
  ["backtick", "can`t", "can't"],
  ["fullwidth apostrophe", "can\uFF07t", "can't"],
  ["curly double quotes", "\u201CStop\u201D", '"Stop"'],
  ["low double quote and double prime", "\u201Ebad\u2033", '"bad"'],
  ["fullwidth letters and digits", "\uFF33\uFF34\uFF2F\uFF30 \uFF11\uFF12 Oak St", "STOP 12 Oak St"],
  ["non-breaking space", "no\u00A0heat", "no heat"],
  ["narrow no-break and ideographic spaces", "no\u202Fhot\u3000water", "no hot water"],
  ["en quad and thin space", "burst\u2000pipe\u2009now", "burst pipe now"],
  ["zero-width space inside a word", "swel\u200Bling", "swelling"],
  ["zero-width joiner and word joiner", "ble\u200Ded\u2060ing", "bleeding"],
  ["byte order mark", "\uFEFFflooding", "flooding"],
  ["soft hyphen", "swel\u00ADling", "swelling"],
  ["em dash between words", "pipe burst\u2014water everywhere", "pipe burst - water everywhere"],
  ["en dash with spaces already", "no heat \u2013 it's freezing", "no heat - it's freezing"],
  ["en dash between digits stays a hyphen", "between 9\u201311, ZIP 30301\u20131234", "between 9-11, ZIP 30301-1234"],
  ["unicode hyphen in a word", "knocked\u2010out tooth", "knocked-out tooth"],
  ["fullwidth punctuation", "help\uFF01\uFF01", "help!!"],
  ["ellipsis", "it hurts\u2026", "it hurts..."],
  ["line separator", "leak\u2028now", "leak\nnow"],
  ["composed accents kept", "Arre\u0302t", "Arr\u00EAt"],
  ["superscripts and fractions kept (no 3² read as 32)", "3\u00B2 \u00BD", "3\u00B2 \u00BD"],
  ["emoji kept", "flooding \u{1F62D}\u{1F30A}", "flooding \u{1F62D}\u{1F30A}"],
  ["plain text unchanged", "Burst pipe at 12 Oak St, Austin TX 78701!", "Burst pipe at 12 Oak St, Austin TX 78701!"],
];

describe("matchText", () => {
  it.each(FORMS)("%s", (_, sent, read) => {
    expect(matchText(sent).text).toBe(read);
  });

  it("reads its own output the same (normalising twice changes nothing)", () => {
    for (const [, sent] of FORMS) {
      const once = matchText(sent).text;
      expect(matchText(once).text).toBe(once);
    }
  });

  it("gives back the caller's own words for any stretch of what it read", () => {
    const sent = "It\u2019s at \uFF11\uFF12\u00A0O\u2019Brien St\u2014come\u200B quick";
    const m = matchText(sent);
    expect(m.text).toBe("It's at 12 O'Brien St - come quick");
    const at = m.text.indexOf("12 O'Brien St");
    expect(m.original(at, at + "12 O'Brien St".length)).toBe("\uFF11\uFF12\u00A0O\u2019Brien St");
    expect(m.original(0, m.text.length)).toBe(sent);
    expect(m.original(3, 3)).toBe("");
  });
});
