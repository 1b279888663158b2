#!/usr/bin/env node
/**
 * `npm run phone-metadata`: regenerate src/rules/phone-metadata.json, the libphonenumber-js metadata
 * the Worker parses phone numbers with (src/rules/phone-numbers.ts). That file is GENERATED (JSON
 * holds no comment to say so): never edit it by hand; change this script, or upgrade
 * libphonenumber-js, and run this again.
 * `npm run phone-metadata -- --check`: fail (exit 1) when the committed file differs from what this
 * script makes of the installed libphonenumber-js now (CI runs this, so an upgrade of the package
 * without regenerating fails CI). Node built-ins only; offline.
 *
 * What it is: node_modules/libphonenumber-js/metadata.max.json (the "max" metadata: strict
 * isValid() and every number type for getType()), minus the fields that only formatting reads.
 * We parse, validate and classify numbers, and never format them for display, so the bundle need
 * not carry the formatting rules (38 KB of the max metadata's gzip size become 29 KB).
 *
 * The compressed metadata (version 4, which libphonenumber-js has written since 1.7.35) stores each
 * numbering plan, under `countries` (by ISO code) and `nonGeographic` (by calling code: +800, +882…)
 * alike, as an array read by position by NumberingPlan in libphonenumber-js/es6/metadata.js:
 *
 *   0  calling code                        kept: PhoneNumber.number, country selection
 *   1  IDD prefix (regexp)                 kept: parse strips it ("011 44 …" with default US)
 *   2  national number pattern             kept: isValid(), national-number extraction
 *   3  possible lengths                    kept: extraction, isPossible(), getType()
 *   4  formats                             STRIPPED: format(), AsYouType, findNumbers' leniency
 *   5  national prefix                     kept: parsing national numbers ("07400 …" in GB)
 *   6  national prefix formatting rule     STRIPPED: formatting only (always empty in the max
 *                                          metadata, which keeps the rule inside each format)
 *   7  national prefix for parsing         kept: parsing national numbers
 *   8  national prefix transform rule      kept: parsing national numbers (AR, BR, JP, JM, …)
 *   9  national prefix optional when fmt   STRIPPED: formatting only (also always empty here)
 *  10  leading digits                      kept: picks the region of a shared calling code
 *                                          (+1 876 is JM)
 *  11  types (pattern, possible lengths)   kept: isValid(), getType() (all ten types), and the
 *                                          region where leading digits do not decide (+44 1481: GG)
 *  12  default IDD prefix                  STRIPPED: only format('IDD') reads it (getIddPrefix)
 *  13  extension prefix                    STRIPPED: only format() reads it (Metadata#ext)
 *
 * A stripped position becomes 0, the compressed metadata's own "absent" marker, and trailing 0s
 * are dropped as upstream does (an index past the end reads as undefined, and every accessor
 * treats 0 and undefined alike). `version` and `country_calling_codes` are kept as they are.
 * test/rules/phone-metadata.test.ts proves that parsing with this metadata gives the same number,
 * country, validity and type as libphonenumber-js/max. Formatting a number parsed with it would
 * be wrong: use libphonenumber-js/max (or /min) for that, not this file.
 *
 * The output puts one numbering plan on a line, so an upgrade's diff shows which countries changed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { writeOrCheck } from "./lib/generated-file.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FILE = "src/rules/phone-metadata.json";
const require = createRequire(path.join(ROOT, "package.json"));
const SOURCE = require.resolve("libphonenumber-js/metadata.max.json");

/** Positions in a version-4 numbering-plan array that parsing, isValid() and getType() never read. */
const STRIPPED = {
  4: "formats",
  6: "national_prefix_formatting_rule",
  9: "national_prefix_is_optional_when_formatting",
  12: "default_idd_prefix",
  13: "ext",
};
/** The longest array version 4 writes (ext, at 13, is the last field). */
const FIELDS = 14;

function fail(message) {
  console.error(`${FILE}: ${message}`);
  process.exit(1);
}

function stripPlan(key, plan) {
  if (!Array.isArray(plan) || plan.length > FIELDS || typeof plan[0] !== "string" || !Array.isArray(plan[11])) {
    fail(`${key} in ${SOURCE} is not a version-4 numbering plan; check es6/metadata.js before updating this script.`);
  }
  const out = plan.map((value, i) => (i in STRIPPED ? 0 : value));
  while (out.length > 0 && out[out.length - 1] === 0) out.pop();
  return out;
}

function stripSection(section, name) {
  const out = {};
  for (const [key, plan] of Object.entries(section ?? {})) out[key] = stripPlan(`${name}.${key}`, plan);
  return out;
}

/** JSON with one numbering plan per line: small, and diffs by country. */
function serialize(metadata) {
  const section = (obj) =>
    `{\n${Object.entries(obj)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join(",\n")}\n}`;
  return (
    `{"version":${JSON.stringify(metadata.version)},\n` +
    `"country_calling_codes":${JSON.stringify(metadata.country_calling_codes)},\n` +
    `"countries":${section(metadata.countries)},\n` +
    `"nonGeographic":${section(metadata.nonGeographic)}}\n`
  );
}

function generate() {
  const max = JSON.parse(readFileSync(SOURCE, "utf8"));
  const known = ["version", "country_calling_codes", "countries", "nonGeographic"];
  const unknown = Object.keys(max).filter((k) => !known.includes(k));
  if (max.version !== 4 || unknown.length > 0) {
    fail(`${SOURCE} is metadata version ${max.version} with keys [${Object.keys(max)}]; this script knows version 4 with [${known}].`);
  }
  const stripped = {
    version: max.version,
    country_calling_codes: max.country_calling_codes,
    countries: stripSection(max.countries, "countries"),
    nonGeographic: stripSection(max.nonGeographic, "nonGeographic"),
  };
  return { text: serialize(stripped), maxText: JSON.stringify(max) };
}

const kib = (s) => `${(gzipSync(s, { level: 9 }).length / 1024).toFixed(1)} KiB gzip`;

function main() {
  const { text, maxText } = generate();
  const version = require("libphonenumber-js/package.json").version;
  writeOrCheck({
    root: ROOT,
    file: FILE,
    text,
    script: "phone-metadata",
    made: `scripts/phone-metadata.mjs makes of libphonenumber-js ${version}`,
    wrote: `Wrote ${FILE} from libphonenumber-js ${version} metadata.max.json without ${Object.values(STRIPPED).join(", ")}: ` +
        `${kib(JSON.stringify(JSON.parse(text)))} (max: ${kib(maxText)}).`,
    upToDate: `${FILE} is up to date with libphonenumber-js ${version}.`,
  });
}

main();
