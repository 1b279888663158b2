/**
 * A cold house in the caller's words ("house is down to 58 degrees", "it's 50 inside", "thermostat
 * says 52"), for a business whose urgent words hold a temperature word such as "below 60 degrees
 * inside" (Fahrenheit; "below 15°C inside" in Celsius) (DESIGN.md §6.3). A reading counts when it
 * is said of the inside (inside, in here, the house, the thermostat…), not of the weather, and not
 * as a setting ("set the thermostat to 55"). Text in matching form (match-text.ts). Pure: no I/O.
 */

/** The temperature word: "below 60 degrees inside", "below 60°F indoors", "below 15 °C inside". */
const WORD = /^below\s+(-?\d{1,3})\s*(?:°\s*([fc])?|degrees?(?:\s+([fc]))?)?\s+(?:inside|indoors)$/i;

/**
 * The limit in °F a temperature word sets, or null for any other word.
 *
 * @example coldLimit("below 60 degrees inside") // 60
 * @example coldLimit("below 15°C inside") // 59
 */
export function coldLimit(phrase: string): number | null {
  const m = WORD.exec(phrase.trim());
  if (!m) return null;
  const degrees = Number(m[1]);
  return (m[2] ?? m[3] ?? "f").toLowerCase() === "c" ? (degrees * 9) / 5 + 32 : degrees;
}

/** A number, and its unit when it has one: "58 degrees", "12°C", "50F", or a bare "52". */
const READING = /(?<![\w.])(-?\d{1,3})(?:\s*(?:°\s*([fc])?(?![a-z])|deg(?:ree)?s?(?:\s+(f|c|fahrenheit|celsius))?(?![a-z])|([fc])(?![\w'])))?/gi;

/** A bare number is a temperature only said of the inside: "55 in here", "52 inside", "thermostat says 52". */
const BARE_AFTER = /^\s+(?:inside|indoors|in\s+here|in\s+the\s+(?:house|home|apartment))\b/i;
const BARE_BEFORE = /\bthermostat\s+(?:says|reads|shows|is\s+at|at|on)\s+(?:it'?s\s+)?(?:only\s+)?$/i;

/** Where a reading's subject ends: "it's -20 outside and the house is at 56" is two readings. */
const CLAUSE_BREAK = /[.;!?\n,]|\b(?:and|but|while|though|although)\b/i;
const INSIDE = /\b(?:inside|indoors?|in\s+here|house|home|apartment|condo|thermostat|upstairs|downstairs|bedroom|living\s+room|basement)\b/i;
const WEATHER = /\b(?:outside|outdoors|out\s+there|wind\s*chill|forecast|weather|low\s+of|high\s+of)\b/i;
const SETTING = /\b(?:set|sets|setting|keep|keeps|kept)\b/i;

/**
 * The indoor temperatures under `limitF` the text reports, where each stands.
 *
 * @example coldReadings("House is down to 58 degrees", 60) // [{ start: 17, end: 27 }]
 * @example coldReadings("It's -20 outside", 60) // []
 */
export function coldReadings(text: string, limitF: number): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (const m of text.matchAll(READING)) {
    const start = m.index;
    const end = start + m[0].length;
    const unit = (m[2] ?? m[3] ?? m[4])?.toLowerCase();
    const hasUnit = m[0].trim() !== m[1];
    if (!hasUnit && !BARE_AFTER.test(text.slice(end)) && !BARE_BEFORE.test(text.slice(0, start))) continue;
    const clause = `${text.slice(0, start).split(CLAUSE_BREAK).at(-1) ?? ""}${m[0]}${text.slice(end).split(CLAUSE_BREAK)[0] ?? ""}`;
    if (!INSIDE.test(clause) || WEATHER.test(clause) || SETTING.test(clause)) continue;
    const degrees = Number(m[1]);
    const fahrenheit = unit?.startsWith("c") ? (degrees * 9) / 5 + 32 : degrees;
    if (fahrenheit < limitF && fahrenheit > -40) found.push({ start, end });
  }
  return found;
}
