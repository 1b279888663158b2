/**
 * A US street address and ZIP code in a caller's reply ("12 Oak St, Apt 4B, Austin TX 78701"), for
 * qualification (DESIGN.md §6.2). Pure: no I/O. Errs towards finding nothing: a question asked
 * again costs less than a wrong address on a job. Read in matching form (match-text.ts: "O’Brien",
 * fullwidth digits); an address is given back in the caller's own characters.
 */
import { matchText } from "../match-text";

const SUFFIXES = [
  "street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "drive", "dr", "lane", "ln", "court", "ct",
  "way", "place", "pl", "terrace", "ter", "parkway", "pkwy", "highway", "hwy", "circle", "cir", "loop", "trail", "trl",
  "square", "sq", "pike", "crossing", "xing", "run", "path", "row", "alley", "aly", "plaza", "plz",
];

/** A word in any case, for a pattern that is otherwise case-sensitive (state codes must be capitals). */
const anyCase = (word: string) => word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
const words = (list: readonly string[]) => list.map(anyCase).join("|");

const DIRECTION = String.raw`(?:[NSEW]\.?|${words(["north", "south", "east", "west"])}|NE|NW|SE|SW)`;
/** A street name: one to four words of letters (or a numbered street like 5th), not starting with a direction alone. */
const NAME = String.raw`(?:\d{1,3}(?:${words(["st", "nd", "rd", "th"])})|[A-Za-z][A-Za-z'.-]*)(?:\s+(?:\d{1,3}(?:${words(["st", "nd", "rd", "th"])})|[A-Za-z][A-Za-z'.-]*)){0,3}?`;
const UNIT = String.raw`(?:\s*,?\s*(?:${words(["apt", "apartment", "unit", "suite", "ste"])}\.?|#)\s*[A-Za-z0-9-]{1,6})`;
const STATES =
  "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY";
/** ", Austin TX 78701", ", Austin, TX", " 78701". */
const TAIL = String.raw`(?:\s*,?\s*(?:[A-Za-z][A-Za-z .'-]{1,30}?,?\s+)?(?:${STATES})\b)?(?:\s*,?\s*\d{5}(?:-\d{4})?\b)?`;

const ADDRESS = new RegExp(
  String.raw`(?<![\w$#-])(\d{1,6}[A-Za-z]?)\s+(?:${DIRECTION}\s+)?(${NAME})\s+(?:${words(SUFFIXES)})\b\.?(?:\s+${DIRECTION}\b\.?)?${UNIT}?${TAIL}`,
);

/**
 * The first street address in the text, as written (trimmed of trailing punctuation), or null.
 *
 * @example extractAddress("It's at 1204 W. Oak St Apt 3, Austin TX 78701, thanks") // "1204 W. Oak St Apt 3, Austin TX 78701"
 */
export function extractAddress(text: string): string | null {
  const read = matchText(text);
  const m = ADDRESS.exec(read.text);
  return m ? read.original(m.index, m.index + m[0].length).trim().replace(/[\s,.]+$/, "") : null;
}

/** Words before a five-digit number that make it something other than a ZIP. */
const NOT_A_ZIP_BEFORE = /(?:\$|#|\b(?:apt|apartment|unit|suite|ste|order|invoice|ref|reference|no|number|account|acct|model|serial|po|box|pin)\.?\s*(?:is\s+|:\s*)?#?)\s*$/i;
/** Words after it that do the same ("5 stars", "12000 btu", "10000 gallons"). */
const NOT_A_ZIP_AFTER = /^\s*(?:stars?|btu|gallons?|gal|sq|square|feet|ft|miles?|mi|dollars?|bucks|k\b|%|psi|watts?|volts?|years?|people)/i;

/**
 * The first US ZIP code in the text (ZIP+4 gives its five digits, in ASCII however typed, for the
 * service area), or null: five digits standing
 * alone, not inside a longer run of digits (a phone number), not a price, an apartment, an order or
 * a quantity.
 *
 * @example extractZip("We're in 78704, near the park") // "78704"
 * @example extractZip("call me at 512-555-0147") // null
 */
export function extractZip(typed: string): string | null {
  const text = matchText(typed).text;
  for (const m of text.matchAll(/(?<![\d-])(\d{5})(?:-\d{4})?(?![\d-]|\.\d)/g)) {
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + m[0].length);
    if (NOT_A_ZIP_BEFORE.test(before) || NOT_A_ZIP_AFTER.test(after)) continue;
    // Part of a phone number written with spaces: "(512) 555 01478" has no five-digit group, but
    // "512 55501" would; a phone-like run of digits around it disqualifies it.
    if (/\d[\d ().-]{6,}$/.test(before) && /^[\s.-]*\d/.test(after)) continue;
    if (/\(\d{3}\)\s*$/.test(before) || /\d{3}[\s.-]$/.test(before)) continue;
    return m[1]!;
  }
  return null;
}
