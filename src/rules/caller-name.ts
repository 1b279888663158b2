/**
 * The name a text greets a caller by, `{callerFirstName}` (DESIGN.md §6.4): the business's own
 * contact first, then the name the caller gave their lead, then the carrier's caller ID name
 * (CNAM). Pure: no I/O.
 */
import { firstNameOf } from "./contacts";

/**
 * Caller ID names that say nothing about the person: the carriers' placeholders for a number
 * without a listing. Compared without case, blanks and punctuation.
 */
const PLACEHOLDER_NAMES = new Set(
  [
    "wireless caller",
    "cell phone",
    "cellular caller",
    "mobile caller",
    "unknown",
    "unknown caller",
    "unknown name",
    "unavailable",
    "not available",
    "anonymous",
    "private",
    "private caller",
    "private number",
    "restricted",
    "blocked",
    "no caller id",
    "out of area",
    "toll free",
    "toll free call",
    "caller",
    "voip caller",
    "spam likely",
    "scam likely",
    "potential spam",
  ].map((n) => n.replace(/[^a-z]/g, "")),
);

/** The US states, DC and Canadian provinces as CNAM ends a place with them ("DALLAS TX", "TORONTO ON"). */
const REGIONS = new Set(
  (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA " +
    "RI SC SD TN TX UT VT VA WA WV WI WY PR AB BC MB NB NL NS NT NU ON PE QC SK YT"
  ).split(" "),
);

/**
 * US states and Canadian provinces by name: a caller ID name that is only a place ("CALIFORNIA",
 * "NEW YORK") says where the number is from, not who has it. Compared like PLACEHOLDER_NAMES.
 */
const REGION_NAMES = new Set(
  [
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "district of columbia",
    "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada",
    "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon",
    "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia",
    "washington", "west virginia", "wisconsin", "wyoming", "puerto rico", "alberta", "british columbia", "manitoba",
    "new brunswick", "newfoundland", "nova scotia", "ontario", "prince edward island", "quebec", "saskatchewan", "yukon",
  ].map((n) => n.replace(/[^a-z]/g, "")),
);

/** CNAM holds 15 characters; a longer "name" is something else, and is not put in a text. */
const MAX_CNAM_LENGTH = 40;

/** Words that make a listing a business, not a person ("ACME PLUMBING LLC"): nobody to greet. */
const BUSINESS_WORDS = /\b(?:llc|inc|corp|co|ltd|company|services?|group|church|school|hospital|clinic|dept|office)\b/i;

/**
 * The person's name in a carrier's caller ID name, or null when it is no name: a placeholder
 * ("WIRELESS CALLER", "UNKNOWN"), a number, a place ("DALLAS TX", "SAN ANTONIO TX"), a business, or
 * a single letter. CNAM is upper case and at most 15 characters ("SMITH,JOHN" or "JOHN SMITH"):
 * the result is in title case, with a "Last,First" comma kept for {@link firstNameOf}.
 *
 * @example carrierCallerName("SMITH,JOHN") // "Smith,John"
 * @example carrierCallerName("WIRELESS CALLER") // null
 * @example carrierCallerName("DALLAS TX") // null
 */
export function carrierCallerName(raw: string | null | undefined): string | null {
  const name = (raw ?? "").replace(/\s+/g, " ").trim();
  if (name === "" || name.length > MAX_CNAM_LENGTH || /\d/.test(name) || !/^[\p{L}][\p{L} .,'-]*$/u.test(name)) return null;
  if (BUSINESS_WORDS.test(name)) return null;
  const words = name.split(/[ ,]+/).filter((w) => w !== "");
  if (isPlaceholderOrPlace(words)) return null;
  if (words.every((w) => w.replace(/[.'-]/g, "").length < 2)) return null;
  return name === name.toUpperCase() ? titleCase(name) : name;
}

const squeezed = (words: readonly string[]) => words.join("").toLowerCase().replace(/[^a-z]/g, "");

/**
 * A carrier's placeholder, alone or padded with a two-letter code ("CELL PHONE   TX", "WIRELESS
 * CALLER XX"), or a place: a state or province by code or name, or anything ending in a state
 * code ("DALLAS TX").
 */
function isPlaceholderOrPlace(words: readonly string[]): boolean {
  const last = words[words.length - 1] ?? "";
  const coded = words.length >= 2 && last.length === 2;
  if (PLACEHOLDER_NAMES.has(squeezed(words)) || (coded && PLACEHOLDER_NAMES.has(squeezed(words.slice(0, -1))))) return true;
  if (REGION_NAMES.has(squeezed(words))) return true;
  return last.length === 2 && REGIONS.has(last.toUpperCase()) && (coded || words.length === 1);
}

/**
 * A carrier's caller ID name as a lead's name (DESIGN.md §6.1): the person's name in reading order
 * ("SMITH,JOHN" → "John Smith"), or null when it is no name (see carrierCallerName).
 *
 * @example callerIdDisplayName("JOHN SMITH") // "John Smith"
 * @example callerIdDisplayName("SMITH, JOHN A") // "John A Smith"
 * @example callerIdDisplayName("CELL PHONE   TX") // null
 */
export function callerIdDisplayName(raw: string | null | undefined): string | null {
  const name = carrierCallerName(raw);
  if (name === null) return null;
  const comma = name.indexOf(",");
  if (comma < 0) return name;
  const [last, given] = [name.slice(0, comma).trim(), name.slice(comma + 1).replace(/,/g, " ").replace(/\s+/g, " ").trim()];
  return given ? `${given} ${last}` : last;
}

/** "O'BRIEN,MARY-ANN" → "O'Brien,Mary-Ann". */
function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|[ ,'-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Where a caller's name may come from, most trusted first. */
export interface CallerNameSources {
  /** The business's contact for the caller. */
  contact?: string | null;
  /** The name the caller gave (their lead's, from qualification). */
  lead?: string | null;
  /** The carrier's caller ID name, as the webhook reported it (cleaned here). */
  carrier?: string | null;
}

/**
 * `{callerFirstName}`: the contact's first name, else the lead's, else the carrier's caller ID
 * name's; null when none is a name (the template then renders without it, see renderTemplate).
 *
 * @example callerFirstName({ contact: null, lead: "dana", carrier: "SMITH,JOHN" }) // "dana"
 * @example callerFirstName({ carrier: "SMITH,JOHN" }) // "John"
 * @example callerFirstName({ carrier: "WIRELESS CALLER" }) // null
 */
export function callerFirstName(sources: CallerNameSources): string | null {
  const carrier = firstNameOf(carrierCallerName(sources.carrier));
  // An initial ("J SMITH") is no name to greet anyone by.
  return firstNameOf(sources.contact) ?? firstNameOf(sources.lead) ?? (carrier && carrier.replace(/\W/g, "").length >= 2 ? carrier : null);
}
