/**
 * Differential test: src/rules/phone-metadata.json (the max metadata without its formatting rules,
 * scripts/phone-metadata.mjs) must parse, validate and classify every number exactly as
 * libphonenumber-js/max does. Tests are not bundled into the Worker, so importing max here costs
 * the deployed bundle nothing.
 *
 * Inputs: every example number libphonenumber-js ships (examples.mobile.json: one mobile number per
 * country), numbers drawn from every type pattern of every numbering plan (so every country's
 * fixed-line, toll-free, premium-rate… ranges, and the non-geographic +800, +882…), each written
 * internationally, nationally and with the trunk prefix; then fast-check digit strings after +1,
 * +44, +61, +49, +33, and national input read in US, GB and CA.
 */
import fc from "fast-check";
import type { CountryCode, MetadataJson, PhoneNumber, PhoneNumberType } from "libphonenumber-js";
import examples from "libphonenumber-js/examples.mobile.json";
import { getCountries, parsePhoneNumberFromString as parseMax } from "libphonenumber-js/max";
import maxMetadata from "libphonenumber-js/metadata.max.json";
import { describe, expect, it } from "vitest";
import { describeNumber, isValidNanp, normalizePhone } from "../../src/rules/phone";
import strippedJson from "../../src/rules/phone-metadata.json";
import { parsePhoneNumber } from "../../src/rules/phone-numbers";

const SEED = 20_260_714;
const stripped = strippedJson as unknown as MetadataJson;

type Plan = unknown[];
const plansOf = (m: MetadataJson): [string, Plan][] => [
  ...Object.entries(m.countries as Record<string, Plan>),
  ...Object.entries(m.nonGeographic as Record<string, Plan>),
];
const countryPlans = Object.entries(maxMetadata.countries as Record<string, Plan>);
const nonGeographicPlans = Object.entries(maxMetadata.nonGeographic as Record<string, Plan>);

/** Everything a parse yields that does not depend on formatting. */
function view(p: PhoneNumber | undefined) {
  if (!p) return undefined;
  return {
    number: p.number,
    country: p.country,
    countryCallingCode: p.countryCallingCode,
    nationalNumber: p.nationalNumber,
    carrierCode: p.carrierCode,
    ext: p.ext,
    valid: p.isValid(),
    possible: p.isPossible(),
    type: p.getType(),
    nonGeographic: p.isNonGeographic(),
  };
}

/**
 * Parses every input with both metadata sets, and records what max said (for the coverage checks)
 * and every disagreement.
 */
class Differ {
  count = 0;
  valid = 0;
  readonly types = new Set<PhoneNumberType | undefined>();
  readonly countries = new Set<string>();
  readonly mismatches: unknown[] = [];

  check(input: string, defaultCountry?: CountryCode): ReturnType<typeof view> {
    const expected = view(defaultCountry ? parseMax(input, defaultCountry) : parseMax(input));
    const actual = view(parsePhoneNumber(input, defaultCountry));
    this.count++;
    if (expected?.valid) {
      this.valid++;
      this.types.add(expected.type);
      if (expected.country) this.countries.add(expected.country);
    }
    if (JSON.stringify(actual) !== JSON.stringify(expected) && this.mismatches.length < 20) {
      this.mismatches.push({ input, defaultCountry, max: expected, stripped: actual });
    }
    return expected;
  }
}

const DIGIT = fc.constantFrom(..."0123456789");
/** Digit strings of any length up to 14, and (three times as often) of one of `lengths`. */
const digits = (lengths: number[]) =>
  fc.oneof(
    { arbitrary: fc.string({ unit: DIGIT, maxLength: 14 }), weight: 1 },
    {
      arbitrary: fc.constantFrom(...lengths).chain((n) => fc.string({ unit: DIGIT, minLength: n, maxLength: n })),
      weight: 3,
    },
  );

/** A national significant number written the ways callers and admins write it. */
function checkNational(d: Differ, nationalNumber: string, plan: Plan, country?: CountryCode) {
  const callingCode = plan[0] as string;
  d.check(`+${callingCode}${nationalNumber}`);
  if (!country) return;
  d.check(nationalNumber, country);
  const nationalPrefix = plan[5];
  if (typeof nationalPrefix === "string" && nationalPrefix !== "") d.check(`${nationalPrefix}${nationalNumber}`, country);
}

describe("src/rules/phone-metadata.json", () => {
  it("is libphonenumber-js's max metadata without the formatting fields, and nothing else changed", () => {
    const formattingOnly = new Set([4, 6, 9, 12, 13]);
    expect(stripped.version).toBe(maxMetadata.version);
    expect(stripped.country_calling_codes).toEqual(maxMetadata.country_calling_codes);
    const max = new Map(plansOf(maxMetadata));
    const ours = plansOf(stripped);
    expect(ours.map(([k]) => k)).toEqual([...max.keys()]);
    for (const [key, plan] of ours) {
      const full = max.get(key) ?? [];
      for (let i = 0; i < 14; i++) {
        expect(plan[i] ?? 0, `${key}[${i}]`).toEqual(formattingOnly.has(i) ? 0 : (full[i] ?? 0));
      }
    }
    // The formats were there to strip (so this is not a comparison of max with itself).
    expect(countryPlans.filter(([, plan]) => Array.isArray(plan[4])).length).toBeGreaterThan(200);
  });
});

describe("parsing with the stripped metadata is parsing with libphonenumber-js/max", () => {
  it("every shipped example number, in every country, written every way", () => {
    const d = new Differ();
    const plans = new Map(countryPlans);
    for (const [country, nationalNumber] of Object.entries(examples) as [CountryCode, string][]) {
      const plan = plans.get(country);
      if (!plan) throw new Error(`no metadata for example country ${country}`);
      checkNational(d, nationalNumber, plan, country);
      // dialled from abroad with an IDD prefix, and misread as a national number elsewhere
      d.check(`011${plan[0] as string}${nationalNumber}`, "US");
      d.check(`00${plan[0] as string}${nationalNumber}`, "GB");
      d.check(nationalNumber, "US");
      d.check(nationalNumber, "GB");
    }
    expect(d.mismatches).toEqual([]);
    expect(Object.keys(examples).length).toBeGreaterThanOrEqual(240);
    expect(d.valid).toBeGreaterThanOrEqual(3 * 240);
  });

  it("numbers of every type pattern of every numbering plan (countries and non-geographic)", () => {
    const d = new Differ();
    let patterns = 0;
    for (const [key, plan] of [...countryPlans, ...nonGeographicPlans]) {
      const country = /^[A-Z]{2}$/.test(key) ? (key as CountryCode) : undefined;
      for (const type of (plan[11] as ([string, number[]?] | 0)[] | 0) || []) {
        const pattern = type ? type[0] : "";
        if (!pattern) continue;
        patterns++;
        const arbitrary = fc.stringMatching(new RegExp(`^(?:${pattern})$`));
        for (const nationalNumber of fc.sample(arbitrary, { seed: SEED + patterns, numRuns: 6 })) {
          checkNational(d, nationalNumber, plan, country);
        }
      }
    }
    expect(d.mismatches).toEqual([]);
    expect(patterns).toBeGreaterThan(1000);
    // The inputs reach every type getType() can return, and nearly every region.
    const allTypes: PhoneNumberType[] = [
      "FIXED_LINE",
      "MOBILE",
      "FIXED_LINE_OR_MOBILE",
      "TOLL_FREE",
      "PREMIUM_RATE",
      "SHARED_COST",
      "VOIP",
      "PERSONAL_NUMBER",
      "PAGER",
      "UAN",
      "VOICEMAIL",
    ];
    expect([...d.types].sort()).toEqual([...allTypes].sort());
    expect(d.countries.size).toBeGreaterThan(getCountries().length * 0.95);
  });

  // the lengths national significant numbers have there (+49 varies most)
  it.each<[string, number[]]>([
    ["1", [10, 7]],
    ["44", [10, 9, 7]],
    ["61", [9, 6]],
    ["49", [7, 8, 9, 10, 11, 12]],
    ["33", [9]],
  ])("random digits after +%s", (callingCode, lengths) => {
    const d = new Differ();
    fc.assert(
      fc.property(digits(lengths), (rest) => {
        const input = `+${callingCode}${rest}`;
        const max = d.check(input);
        // and what phone.ts makes of it
        expect(describeNumber(input)).toEqual(max ? { e164: max.number, country: max.country, type: max.type } : null);
      }),
      { seed: SEED, numRuns: 3000 },
    );
    expect(d.mismatches).toEqual([]);
    expect(d.valid).toBeGreaterThan(150);
  });

  it.each<CountryCode>(["US", "GB", "CA"])("random national input read in %s", (country) => {
    const d = new Differ();
    // trunk prefixes, IDD prefixes and a stray '+', then digits, sometimes grouped with spaces
    const prefix = fc.constantFrom("", "", "0", "1", "00", "011", "+", "0044", "01144");
    fc.assert(
      fc.property(prefix, digits([10, 9, 7, 11, 12]), fc.boolean(), (p, rest, spaced) => {
        const input = `${p}${spaced ? rest.replace(/(\d{3})(?=\d)/g, "$1 ") : rest}`;
        const max = d.check(input, country);
        // and what phone.ts makes of it
        expect(normalizePhone(input, country)).toBe(max?.valid && isValidNanp(max.number) ? max.number : null);
      }),
      { seed: SEED, numRuns: 4000 },
    );
    expect(d.mismatches).toEqual([]);
    expect(d.valid).toBeGreaterThan(100);
  });
});
