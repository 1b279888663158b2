/**
 * A business's time zone as the admin takes it: the IANA name of a place ("America/Chicago"), whose
 * clocks follow that place's daylight saving time. Abbreviations and fixed offsets are refused with
 * the place to use instead: "EST" is UTC−5 all year (the runtime reads it as America/Panama), "CST"
 * is also China's, "GMT" never moves for British summer time. Old region aliases ("US/Central") are
 * stored as the place they stand for. Pure: no I/O.
 */
import { zonesForNumber } from "./npa-zones";
import { isTimeZone } from "./schedule";

/** The areas of IANA names that are places (tzdata's "backward" aliases use others: US/, Canada/, Etc/). */
const PLACE = /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Za-z0-9_+\-/]+$/i;
/** Aliases by country region, each a link to one place: US/Central is America/Chicago. */
const REGION_ALIAS = /^(US|Canada|Mexico|Brazil|Chile)\/[A-Za-z_-]+$/i;

/**
 * IANA's current name for zones ICU (and so the runtime) still lists under an older one: Asia/Kolkata,
 * not Asia/Calcutta. Both work; the list offers the current one.
 */
const CURRENT_NAME: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** What an abbreviation people type usually means, in North America, and the place to choose. */
const ABBREVIATION_MEANS: Readonly<Record<string, [meaning: string, place: string]>> = {
  EST: ["US Eastern time", "America/New_York"],
  EDT: ["US Eastern time", "America/New_York"],
  EST5EDT: ["US Eastern time", "America/New_York"],
  CST: ["US Central time", "America/Chicago"],
  CDT: ["US Central time", "America/Chicago"],
  CST6CDT: ["US Central time", "America/Chicago"],
  MST: ["US Mountain time", "America/Denver (or America/Phoenix in Arizona, which has no daylight saving time)"],
  MDT: ["US Mountain time", "America/Denver"],
  MST7MDT: ["US Mountain time", "America/Denver"],
  PST: ["US Pacific time", "America/Los_Angeles"],
  PDT: ["US Pacific time", "America/Los_Angeles"],
  PST8PDT: ["US Pacific time", "America/Los_Angeles"],
  AKST: ["Alaska time", "America/Anchorage"],
  HST: ["Hawaii time", "Pacific/Honolulu"],
  AST: ["Atlantic time", "America/Halifax (or America/Puerto_Rico, which has no daylight saving time)"],
  NST: ["Newfoundland time", "America/St_Johns"],
  GMT: ["UK time", "Europe/London (GMT never moves to British summer time; choose UTC for a clock that never changes)"],
};

const currentName = (zone: string) => CURRENT_NAME[zone] ?? zone;

/** The name the runtime gives a zone it knows ("us/central" → "America/Chicago"). */
function resolvedName(zone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
}

let places: readonly string[] | undefined;

/** Every place the runtime knows, by IANA's current name, sorted: what the admin's list offers. */
export function placeTimeZones(): readonly string[] {
  places ??= Intl.supportedValuesOf("timeZone")
    .filter((zone) => PLACE.test(zone))
    .map((zone) => (isTimeZone(currentName(zone)) ? currentName(zone) : zone))
    .sort();
  return places;
}

/** "IST", "CET", "NZ", "EST5EDT": capitals (and a POSIX offset), no area. */
const ABBREVIATION = /^[A-Z]{2,5}(\d{1,2}[A-Z]{3,4})?$/;

/** Why a name that is not a place is refused, and what to choose. */
function notAPlace(typed: string): string {
  const means = ABBREVIATION_MEANS[typed.toUpperCase()];
  if (means) return `"${typed}" is an abbreviation, not a place. For ${means[0]}, choose ${means[1]}: its clocks follow daylight saving time.`;
  const resolved = resolvedName(typed);
  const place = PLACE.test(resolved) ? currentName(resolved) : undefined;
  if (ABBREVIATION.test(typed)) {
    return `"${typed}" is an abbreviation, not a place: several zones share some, and some never follow daylight saving time. Choose the city whose clocks you follow${place ? `, like ${place}` : ""}.`;
  }
  if (place) return `"${typed}" is an old alias, not a place name: choose ${place}.`;
  return `"${typed}" is a fixed offset, not a place: it never follows daylight saving time. Choose the city whose clocks you follow, like America/New_York, or UTC for a clock that never changes.`;
}

/**
 * The places named after a city as people type it: "Chicago" or "new york" is America/New_York's
 * last part, spaces for underscores.
 */
function byCity(typed: string): string[] {
  const city = typed.replace(/\s+/g, "_").toLowerCase();
  if (!/^[a-z][a-z_'.-]*$/.test(city)) return [];
  return placeTimeZones().filter((zone) => zone.slice(zone.lastIndexOf("/") + 1).toLowerCase() === city);
}

/**
 * The zone to store for what the admin typed, or why it is refused.
 *
 * @example readTimeZone("America/Chicago") // { zone: "America/Chicago" }
 * @example readTimeZone("US/Central") // { zone: "America/Chicago" }
 * @example readTimeZone("new york") // { zone: "America/New_York" }
 * @example readTimeZone("EST").error // '"EST" is an abbreviation, not a place. For US Eastern time, choose America/New_York: …'
 */
export function readTimeZone(typed: string): { zone: string; error?: undefined } | { zone?: undefined; error: string } {
  const name = typed.trim();
  if (!isTimeZone(name)) {
    const cities = byCity(name);
    if (cities.length === 1) return { zone: cities[0]! };
    if (cities.length > 1) return { error: `"${name}" is a city in several places: choose ${cities.join(" or ")}` };
    return { error: `must be an IANA time zone like America/New_York ("${name}" is not one)` };
  }
  if (/^(Etc\/)?UTC$/i.test(name)) return { zone: "UTC" };
  if (PLACE.test(name)) {
    // The list's spelling when it is there in another case ("america/chicago"); an alias of a place as typed.
    const listed = placeTimeZones().find((zone) => zone.toLowerCase() === name.toLowerCase());
    return { zone: listed ?? name };
  }
  if (REGION_ALIAS.test(name) && PLACE.test(resolvedName(name))) return { zone: currentName(resolvedName(name)) };
  return { error: notAPlace(name) };
}

/**
 * The zone a business's own phone says by its area code, when the form leaves the zone empty: the
 * one zone a US or Canadian area code covers, as the list names it. Null when it covers several
 * (208: Boise or Los Angeles; the owner chooses) or is no such area code. An office's phone is
 * nearly always where the office is, unlike a guess of New York for everyone.
 *
 * @example zoneOfNumber("+15125550100") // "America/Chicago"
 * @example zoneOfNumber("+12085550100") // null
 */
export function zoneOfNumber(e164: string): string | null {
  const zones = zonesForNumber(e164);
  return zones?.length === 1 ? (readTimeZone(zones[0]!).zone ?? null) : null;
}
