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
  "expressway", "expy", "freeway", "fwy", "tollway", "turnpike", "tpke", "cove", "cv", "bend", "ridge", "hollow", "glen", "grove",
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
/** A city named before a ZIP without its state: capitalised words (", Dallas 75205"), not "Zip". */
const CITY_BEFORE_ZIP = String.raw`(?!${words(["zip"])}\b)[A-Z][a-z'.-]+(?:\s+[A-Z][a-z'.-]+){0,2}(?=\s*,?\s*\d{5}\b)`;
/** ", Austin TX 78701", ", Austin, TX", ", Dallas 75205", " 78701". */
const TAIL = String.raw`(?:\s*,?\s*(?:(?:[A-Za-z][A-Za-z .'-]{1,30}?,?\s+)?(?:${STATES})\b|${CITY_BEFORE_ZIP}))?(?:\s*,?\s*\d{5}(?:-\d{4})?\b)?`;
/**
 * A numbered road, as Texas and other states name many: "FM 1960", "County Road 121", "Highway 75",
 * "I-45", "US 287", "Loop 12"; its number is part of the street, never a house number or a ZIP.
 */
const ROUTE = String.raw`(?:(?:(?:${words(["county", "state", "farm to market", "farm", "ranch", "private", "us"])})\s+)?(?:${words(["road", "rd", "highway", "hwy"])})|${words(["fm", "cr", "sh", "rr", "interstate", "route", "rte", "loop", "spur"])}|I|IH|US)\s*-?\s*\d{1,4}[A-Za-z]?\b(?:\s+(?:${words(SUFFIXES)})\b\.?)?`;
const STREET = String.raw`(?:(?:${DIRECTION}\s+)?(?:${ROUTE}|${NAME}\s+(?:${words(SUFFIXES)})\b\.?))`;

const ADDRESS = new RegExp(String.raw`(?<![\w$#-])\d{1,6}[A-Za-z]?\s+${STREET}(?:\s+${DIRECTION}\b\.?)?${UNIT}?${TAIL}`);

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

/** Words before a five-digit number that make it something other than a ZIP ("gate code 12345", "claim # 10234"). */
const NOT_A_ZIP_BEFORE =
  /(?:\$|#|\b(?:apt|apartment|unit|suite|ste|bldg|building|lot|room|rm|order|invoice|ref|reference|no|number|account|acct|model|serial|po|box|pin|claim|policy|ticket|case|permit|job|(?:gate|door|lockbox|alarm|access|entry|garage|keypad)\s+code)\.?\s*(?:is\s+|:\s*)?#?)\s*$/i;
/** Words after it that do the same ("5 stars", "12000 btu", "10000 gallons"). */
const NOT_A_ZIP_AFTER = /^\s*(?:stars?|btu|gallons?|gal|sq|square|feet|ft|miles?|mi|dollars?|bucks|k\b|%|psi|watts?|volts?|years?|people)/i;

/** A unit's or a road's number just before ("Apt 210 75240", "County Road 121 75009"): no phone number's first digits. */
const NUMBERED_BEFORE = /(?:\b(?:apt|apartment|unit|suite|ste|bldg|road|rd|highway|hwy|fm|cr|route|rte|loop|spur|interstate|ih|i|us)\.?|#)\s*-?\s*\d{3}[a-z]?[\s,]+$/i;

/** Words that may follow a ZIP ("75240 is the zip", "in the 02139 area", "75240 please"). */
const AFTER_A_ZIP = [
  "is", "area", "zip", "zipcode", "code", "please", "pls", "plz", "thanks", "thank", "thx", "ty", "ok", "okay", "yes", "yep", "correct",
  "and", "but", "or", "near", "in", "by", "for", "so", "if", "the", "that", "this", "it", "its", "i", "im", "we", "just", "also", "too",
  "asap", "now", "today", "tonight", "tomorrow", "tx", "texas", "usa",
];
/**
 * What follows five digits that are a house number, not a ZIP: a street's name ("14020 Noel Rd",
 * "12000 N Central", "25025 I-45", "12345 5th St"), any word but one that may follow a ZIP. US
 * addresses put the ZIP last, so a number before words is where the address begins.
 */
const HOUSE_NUMBER_AFTER = new RegExp(String.raw`^\s+(?:\d{1,3}(?:st|nd|rd|th)\b|(?!(?:${AFTER_A_ZIP.join("|")})\b)[a-z])`, "i");

/**
 * The US ZIP code in the text (ZIP+4 gives its five digits, in ASCII however typed, for the service
 * area), or null: five digits standing alone, not inside a longer run of digits (a phone number),
 * not a price, an apartment, an order, a code or a quantity, and not a house number ("14020 Noel
 * Rd 75240" is in 75240; "10220 Walnut Hill Ln 7523" gives none). Of several, the last: a ZIP ends
 * an address.
 *
 * @example extractZip("We're in 78704, near the park") // "78704"
 * @example extractZip("14020 Noel Rd 75240") // "75240"
 * @example extractZip("call me at 512-555-0147") // null
 */
export function extractZip(typed: string): string | null {
  const text = matchText(typed).text;
  let zip: string | null = null;
  for (const m of text.matchAll(/(?<![\d-])(\d{5})(?:-\d{4})?(?![\d-]|\.\d|[a-z])/gi)) {
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + m[0].length);
    if (NOT_A_ZIP_BEFORE.test(before) || NOT_A_ZIP_AFTER.test(after) || HOUSE_NUMBER_AFTER.test(after)) continue;
    // Part of a phone number written with spaces: "(512) 555 01478" has no five-digit group, but
    // "512 55501" would; a phone-like run of digits around it disqualifies it.
    if (/\d[\d ().-]{6,}$/.test(before) && /^[\s.-]*\d/.test(after)) continue;
    if (/\(\d{3}\)\s*$/.test(before) || (/(?<!\d)\d{3}[\s.-]$/.test(before) && !NUMBERED_BEFORE.test(before))) continue;
    zip = m[1]!;
  }
  return zip;
}
