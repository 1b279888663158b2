/**
 * Caller-number rules: which numbers we may text, and how admin input becomes E.164.
 * Pure, no I/O. Caller ID can be spoofed, so an attacker can make us text any number by
 * "calling from" it (compliance.md §6.1); these checks are the cost and fraud guard.
 */
import type { CountryCode } from "libphonenumber-js";
import { BoundedMap } from "../bounded-map";
// max metadata: strict isValid() and getType() (min cannot tell premium-rate or toll-free apart), §7.3,
// without its formatting rules (phone-numbers.ts).
import { parsePhoneNumber } from "./phone-numbers";

/** Why a caller number cannot be texted, or null if it can (the caller-number part of eligibility only). */
export type CallerNumberProblem =
  | "withheld_caller_id"
  | "invalid_number"
  | "country_not_allowed"
  | "premium_rate"
  | "toll_free";

export interface CallerNumber {
  e164: string;
  country: string | undefined;
  type: string | undefined;
}

/** Words other SIP/CPaaS platforms put in From when there is no number (§6.2). */
const WITHHELD_WORDS = new Set(["anonymous", "restricted", "unknown", "private", "unavailable", "blocked"]);

/**
 * Twilio's keypad-spelled placeholders (§6.2), as bare digits, each also with a leading 1:
 * +17378742833 (RESTRICTED) has been seen in real payloads and parses as a valid Texas number.
 */
const WITHHELD_DIGITS = new Set(
  ["266696687", "7378742833", "8656696", "2562533", "86282452253"].flatMap((d) => [d, `1${d}`]),
);

/**
 * True when the caller withheld their number: empty, a word or anything without digits, or one of
 * Twilio's keypad sentinels. Checked on the digits before any parse, because a parse can call a
 * sentinel valid (§6.2).
 *
 * @example isWithheldCallerId("+266696687") // true (ANONYMOUS)
 * @example isWithheldCallerId(" Restricted ") // true
 * @example isWithheldCallerId("+14155552671") // false
 */
export function isWithheldCallerId(raw: string | null | undefined): boolean {
  const s = (raw ?? "").trim();
  if (s === "" || WITHHELD_WORDS.has(s.toLowerCase())) return true;
  const digits = s.replace(/\D/g, "");
  return digits === "" || WITHHELD_DIGITS.has(digits);
}

/**
 * Strict E.164: '+', then 2 to 15 digits, the first 1-9 (§7.1). No spaces or punctuation.
 *
 * @example isE164("+14155552671") // true
 * @example isE164("+1 415 555 2671") // false
 */
export function isE164(s: string): boolean {
  return /^\+[1-9]\d{1,14}$/.test(s);
}

/** Characters people type in a phone number; anything else (letters, "ext") is refused, not guessed at. */
const PHONE_INPUT = /^[\d\s().+-]+$/;

/**
 * Normalise user input to E.164, reading national numbers in `defaultCountry`; null if the input is
 * not a valid number (including our NANP checks). Used by the admin API for forwardTo, contacts
 * and numbers.
 *
 * @example normalizePhone("(212) 555-1234") // "+12125551234"
 * @example normalizePhone("07400 123456", "GB") // "+447400123456"
 * @example normalizePhone("555-1234") // null
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = "US"): string | null {
  const s = input.trim();
  if (!PHONE_INPUT.test(s)) return null;
  const parsed = parsePhoneNumber(s, defaultCountry);
  if (!parsed?.isValid() || !isValidNanp(parsed.number)) return null;
  return parsed.number;
}

/** N11 codes are service codes (211..911), never an area code or exchange (§7.2). */
const isN11 = (code: string): boolean => /^[2-9]11$/.test(code);

/**
 * NANP rules libphonenumber does not apply (§7.2, §7.3): NPA and NXX start 2-9, NPA second digit
 * not 9, neither is N11, and not 555-0100..555-0199 (fiction) or 555-1212 (directory assistance,
 * never a caller). Only for +1 numbers, which must then have exactly 10 digits; others return true.
 *
 * @example isValidNanp("+12125551234") // true
 * @example isValidNanp("+12129111234") // false (N11 exchange)
 * @example isValidNanp("+447400123456") // true (not NANP)
 */
export function isValidNanp(e164: string): boolean {
  // Country code 1 is the only one starting with 1, so "+1" means NANP.
  if (!e164.startsWith("+1")) return true;
  const m = /^\+1([2-9][0-8]\d)([2-9]\d\d)(\d{4})$/.exec(e164);
  if (!m) return false;
  const [, npa = "", nxx = "", line = ""] = m;
  if (isN11(npa) || isN11(nxx)) return false;
  if (nxx === "555" && (line.startsWith("01") || line === "1212")) return false;
  return true;
}

/**
 * The parse's verdict per number: a conversation checks its caller's number for every text (the
 * line's decision, each answer at the outbox's guard), and the parse is most of a decision's CPU.
 */
const classified = new BoundedMap<string, { problem: CallerNumberProblem | null; country: string | undefined }>(2_000);

function classify(raw: string): { problem: CallerNumberProblem | null; country: string | undefined } {
  const parsed = parsePhoneNumber(raw);
  // number !== raw catches non-canonical input such as a UK trunk 0 (+4407400...), which the parser repairs.
  if (!parsed || parsed.number !== raw || !isValidNanp(raw)) return { problem: "invalid_number", country: undefined };
  // With types in the metadata, isValid() is exactly "getType() finds a type": ask once, not twice.
  const type = parsed.getType();
  if (type === undefined) return { problem: "invalid_number", country: undefined };
  if (type === "PREMIUM_RATE" || type === "SHARED_COST") return { problem: "premium_rate", country: parsed.country };
  if (type === "TOLL_FREE") return { problem: "toll_free", country: parsed.country };
  return { problem: null, country: parsed.country };
}

/**
 * Classify a caller's number for texting: null when textable, else the first problem in this order:
 * withheld, not E.164 or not valid, premium-rate or shared-cost, toll-free, country not allowed.
 * Cost checks come before country so +1 900 reports premium_rate. Country is libphonenumber's
 * region, not the +1 prefix: +1 shares 25 regions, and texting JM or DO is international (§6.1).
 *
 * @example callerNumberProblem("+14155552671", ["US", "CA"]) // null
 * @example callerNumberProblem("+18765551234", ["US", "CA"]) // "country_not_allowed" (Jamaica)
 * @example callerNumberProblem("+19002345678", ["US", "CA"]) // "premium_rate"
 */
export function callerNumberProblem(
  raw: string | null | undefined,
  allowedCountries: readonly string[],
): CallerNumberProblem | null {
  if (raw == null || isWithheldCallerId(raw)) return "withheld_caller_id";
  if (!isE164(raw)) return "invalid_number";
  let known = classified.get(raw);
  if (!known) classified.set(raw, (known = classify(raw)));
  if (known.problem) return known.problem;
  const { country } = known;
  if (!country || !allowedCountries.some((c) => c.toUpperCase() === country)) return "country_not_allowed";
  return null;
}

/**
 * Parsed info for display and records; null if unparseable. No validity check: this describes,
 * callerNumberProblem decides.
 *
 * @example describeNumber("+18765551234") // { e164: "+18765551234", country: "JM", type: "MOBILE" }
 */
export function describeNumber(e164: string): CallerNumber | null {
  const parsed = parsePhoneNumber(e164);
  if (!parsed) return null;
  return { e164: parsed.number, country: parsed.country, type: parsed.getType() };
}
