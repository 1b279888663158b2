/**
 * libphonenumber-js bound to our own metadata: parsing, isValid() and getType() for every country,
 * without the formatting rules (9 KB gzip of the bundle). src/rules/phone-metadata.json is generated
 * by scripts/phone-metadata.mjs (`npm run phone-metadata`; CI fails when it is stale) from the max
 * metadata, and test/rules/phone-metadata.test.ts checks it parses exactly as libphonenumber-js/max.
 *
 * Never format a number parsed here (format(), formatNational(), AsYouType): the formats are gone.
 * From `core/es6`, the same library built for ES2015+ rather than ES5: the same code without Babel's
 * helpers in every module (3 KB of the bundle's gzip); the differential test runs it against the
 * ES5 build of libphonenumber-js/max.
 */
import type { CountryCode, MetadataJson, PhoneNumber } from "libphonenumber-js/core/es6";
import { isSupportedCountry, parsePhoneNumberFromString as parseWithMetadata } from "libphonenumber-js/core/es6";
import metadataJson from "./phone-metadata.json";

// The JSON's inferred type (arrays of unions) is wider than libphonenumber's tuple types.
const metadata = metadataJson as unknown as MetadataJson;

/**
 * libphonenumber-js/max's parsePhoneNumberFromString: undefined when the input is not a number;
 * national numbers are read in `defaultCountry`.
 *
 * @example parsePhoneNumber("+18765551234")?.country // "JM"
 * @example parsePhoneNumber("07400 123456", "GB")?.number // "+447400123456"
 */
export function parsePhoneNumber(text: string, defaultCountry?: CountryCode): PhoneNumber | undefined {
  return defaultCountry === undefined ? parseWithMetadata(text, metadata) : parseWithMetadata(text, defaultCountry, metadata);
}

/**
 * Whether `code` names a country libphonenumber has numbers for: ISO 3166 alpha-2 in capitals, as
 * its metadata names them (a caller's country is read from the same metadata).
 *
 * @example isCountryCode("JM") // true
 * @example isCountryCode("XX") // false
 */
export function isCountryCode(code: string): code is CountryCode {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code as CountryCode, metadata);
}
