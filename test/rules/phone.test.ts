import type { CountryCode } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { parsePhoneNumber } from "../../src/rules/phone-numbers";
import {
  type CallerNumberProblem,
  callerNumberProblem,
  describeNumber,
  isE164,
  isValidNanp,
  isWithheldCallerId,
  normalizePhone,
} from "../../src/rules/phone";

const US_CA = ["US", "CA"] as const;

describe("isWithheldCallerId", () => {
  it.each<[string | null | undefined, boolean]>([
    // Twilio keypad sentinels (compliance.md §6.2): as sent, with a leading 1, without '+'
    ["+266696687", true],
    ["+1266696687", true],
    ["266696687", true],
    ["+7378742833", true],
    ["+17378742833", true], // parses as a valid Texas number: must still be withheld
    ["7378742833", true],
    ["17378742833", true],
    ["+1 (737) 874-2833", true],
    ["+8656696", true],
    ["+18656696", true],
    ["8656696", true],
    ["+2562533", true],
    ["+12562533", true],
    ["2562533", true],
    ["+86282452253", true],
    ["+186282452253", true],
    ["86282452253", true],
    // words and empties
    ["anonymous", true],
    ["Anonymous", true],
    [" RESTRICTED ", true],
    ["unknown", true],
    ["Private", true],
    ["unavailable", true],
    ["blocked", true],
    ["sip:anonymous@anonymous.invalid", true],
    ["+", true],
    ["", true],
    ["   ", true],
    [null, true],
    [undefined, true],
    // real numbers
    ["+14155552671", false],
    ["+17372345678", false], // same Texas area code as the sentinel, different number
    ["+447400123456", false],
  ])("%j → %s", (raw, expected) => {
    expect(isWithheldCallerId(raw)).toBe(expected);
  });
});

describe("isE164", () => {
  it.each<[string, boolean]>([
    ["+14155552671", true],
    ["+12", true],
    ["+123456789012345", true], // 15 digits
    ["+1234567890123456", false], // 16 digits
    ["+1", false],
    ["+0123", false],
    ["2125551234", false],
    ["+1 212 555 1234", false],
    ["+1-212-555-1234", false],
    [" +12125551234", false],
    ["", false],
  ])("%j → %s", (s, expected) => {
    expect(isE164(s)).toBe(expected);
  });
});

describe("isValidNanp", () => {
  it.each<[string, boolean]>([
    ["+12125551234", true],
    ["+12342355678", true], // §7.2's own valid example 234-235-5678
    ["+12349115678", false], // N11 exchange
    ["+14115551234", false], // N11 area code
    ["+11235551234", false], // NPA starts with 1
    ["+10125551234", false], // NPA starts with 0
    ["+12121234567", false], // exchange starts with 1
    ["+12120234567", false], // exchange starts with 0
    ["+12912345678", false], // NPA second digit 9
    ["+12125550099", true], // just below the fiction block
    ["+12125550100", false],
    ["+12125550199", false],
    ["+12125550200", true],
    ["+12125551212", false], // directory assistance
    ["+1212555123", false], // 9 digits
    ["+121255512345", false], // 11 digits
    ["+447400123456", true], // not NANP: not our business
  ])("%s → %s", (e164, expected) => {
    expect(isValidNanp(e164)).toBe(expected);
  });
});

describe("callerNumberProblem", () => {
  it.each<[string | null | undefined, readonly string[], CallerNumberProblem | null]>([
    // textable
    ["+14155552671", US_CA, null],
    ["+12125551234", US_CA, null],
    ["+12125550200", US_CA, null],
    ["+16132345678", US_CA, null], // Ottawa, CA
    ["+14162345678", US_CA, null], // Toronto, CA
    ["+17372345678", US_CA, null],
    // withheld wins over everything
    ["+266696687", US_CA, "withheld_caller_id"],
    ["+17378742833", US_CA, "withheld_caller_id"],
    ["7378742833", US_CA, "withheld_caller_id"],
    ["+86282452253", US_CA, "withheld_caller_id"],
    ["anonymous", US_CA, "withheld_caller_id"],
    ["", US_CA, "withheld_caller_id"],
    [null, US_CA, "withheld_caller_id"],
    [undefined, US_CA, "withheld_caller_id"],
    // not E.164
    ["2125551234", US_CA, "invalid_number"],
    ["+0123", US_CA, "invalid_number"],
    ["+1234567890123456", US_CA, "invalid_number"],
    ["+1 212 555 1234", US_CA, "invalid_number"],
    ["+12", US_CA, "invalid_number"],
    // E.164-shaped but not valid
    ["+12129111234", US_CA, "invalid_number"], // N11 exchange: libphonenumber says valid
    ["+14115551234", US_CA, "invalid_number"], // N11 area code
    ["+11125551234", US_CA, "invalid_number"], // NPA starts with 1
    ["+10125551234", US_CA, "invalid_number"], // NPA starts with 0
    ["+12121234567", US_CA, "invalid_number"], // exchange starts with 1
    ["+12120234567", US_CA, "invalid_number"], // exchange starts with 0
    ["+12925551234", US_CA, "invalid_number"], // NPA second digit 9
    ["+12125550100", US_CA, "invalid_number"], // fiction block: libphonenumber says valid
    ["+12125550199", US_CA, "invalid_number"],
    ["+16135550143", US_CA, "invalid_number"], // fiction block in CA
    ["+12125551212", US_CA, "invalid_number"],
    ["+13101234", US_CA, "invalid_number"], // CA 7-digit UAN 310-xxxx: libphonenumber says valid
    ["+7378742834", US_CA, "invalid_number"], // not possible in RU
    ["+4407400123456", ["GB"], "invalid_number"], // trunk 0 kept: parses, but not canonical E.164
    // +1 but not US/CA: region from libphonenumber, not the prefix (§6.1)
    ["+18765551234", US_CA, "country_not_allowed"], // Jamaica
    ["+18765551234", ["US", "CA", "JM"], null],
    ["+18095551234", US_CA, "country_not_allowed"], // Dominican Republic
    ["+17875551234", US_CA, "country_not_allowed"], // Puerto Rico
    ["+17875551234", ["US", "PR"], null],
    ["+16132345678", ["US"], "country_not_allowed"], // CA when only US allowed
    // cost checks come before country
    ["+19002345678", US_CA, "premium_rate"],
    ["+19002345678", [], "premium_rate"],
    ["+18002345678", US_CA, "toll_free"],
    ["+18882345678", US_CA, "toll_free"],
    ["+18332345678", US_CA, "toll_free"],
    ["+18772345678", [], "toll_free"],
    ["+80012345678", US_CA, "toll_free"], // international freephone, no region
    // international
    ["+447400123456", US_CA, "country_not_allowed"], // UK mobile
    ["+447400123456", ["US", "CA", "GB"], null],
    ["+447400123456", ["gb"], null], // allow-list compared case-insensitively
    ["+14155552671", [], "country_not_allowed"],
  ])("%j with %j → %s", (raw, allowed, expected) => {
    expect(callerNumberProblem(raw, allowed)).toBe(expected);
  });
});

describe("normalizePhone", () => {
  it.each<[string, CountryCode | undefined, string | null]>([
    ["(212) 555-1234", undefined, "+12125551234"],
    ["+1 212 555 1234", undefined, "+12125551234"],
    ["212.555.1234", undefined, "+12125551234"],
    ["1-212-555-1234", undefined, "+12125551234"],
    ["  2125551234  ", undefined, "+12125551234"],
    ["+12125551234", undefined, "+12125551234"],
    ["613-234-5678", undefined, "+16132345678"], // CA numbers read fine with US default: same plan
    ["613-234-5678", "CA", "+16132345678"],
    ["07400 123456", "GB", "+447400123456"],
    ["+44 7400 123456", undefined, "+447400123456"],
    ["011 44 7400 123456", undefined, "+447400123456"],
    ["07400 123456", undefined, null], // a UK national number is not a US one
    ["555-1234", undefined, null], // 7 digits
    ["(212) 555-0150", undefined, null], // fiction block
    ["212 911 1234", undefined, null], // N11 exchange
    ["2125551234 ext 5", undefined, null], // letters refused rather than dropped
    ["1-800-GOT-MILK", undefined, null],
    ["call 2125551234", undefined, null],
    ["hello", undefined, null],
    ["", undefined, null],
  ])("%j (%s) → %s", (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });
});

describe("describeNumber", () => {
  it.each<[string, ReturnType<typeof describeNumber>]>([
    ["+14155552671", { e164: "+14155552671", country: "US", type: "FIXED_LINE_OR_MOBILE" }],
    ["+18765551234", { e164: "+18765551234", country: "JM", type: "MOBILE" }],
    ["+19002345678", { e164: "+19002345678", country: "US", type: "PREMIUM_RATE" }],
    ["+447400123456", { e164: "+447400123456", country: "GB", type: "MOBILE" }],
    ["+14115551234", { e164: "+14115551234", country: undefined, type: undefined }], // parses, not valid
    ["2125551234", null],
    ["anonymous", null],
    ["", null],
  ])("%j → %j", (e164, expected) => {
    expect(describeNumber(e164)).toEqual(expected);
  });
});

describe("the metadata's types", () => {
  // callerNumberProblem asks getType() once and reads undefined as invalid: true only while the
  // metadata keeps types, where libphonenumber's isValid() is that same test.
  it("make isValid() the same as getType() finding a type", () => {
    const numbers = ["+14155552671", "+18765551234", "+19002345678", "+18005550199", "+447400123456", "+442071838750", "+4407400123456", "+14115551234", "+12125550123", "+33612345678", "+33912345678", "+61412345678", "+8613800138000", "+5511912345678", "+999123456", "+1212555"];
    for (let i = 0; i < 300; i++) numbers.push(`+1${String(2_000_000_000 + ((i * 2_654_435_761) % 7_999_999_999)).slice(0, 10)}`);
    for (const n of numbers) {
      const parsed = parsePhoneNumber(n);
      if (parsed) expect([n, parsed.getType() !== undefined]).toEqual([n, parsed.isValid()]);
    }
  });
});
