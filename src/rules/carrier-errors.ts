/**
 * Carrier error codes in words, for people reading why a text failed: Twilio and SignalWire's
 * numeric codes, Telnyx's, and our own (`invalid_credentials`, `api_user_retired`, `timeout`, `network`,
 * `http_<status>`).
 * Pure. An unknown code is still named, so it can be looked up.
 */
import { LANDLINE_ERROR_CODES } from "../vocabulary";

/** A Bandwidth number still saved with an API user's username and password, which Bandwidth no longer accepts. */
export const API_USER_RETIRED = "api_user_retired";

const WORDS: Record<string, string> = {
  "21610": "they had unsubscribed from this number at the carrier",
  "40300": "they had unsubscribed from this number at the carrier",
  "9": "they had unsubscribed from this number at the carrier", // Vonage
  "1000": "the carrier was too busy", // Vonage
  "1030": "the carrier had an internal error", // Vonage
  unauthorized: "the carrier refused the number's credentials", // Vonage
  "low-balance": "the carrier account is out of credit", // Vonage
  "21211": "the carrier rejected the number",
  "40310": "the carrier rejected the number",
  "21612": "the carrier cannot reach this number by text",
  "21614": "the number cannot receive texts (not a mobile number)",
  "21635": "the number is a landline",
  "30006": "the number is a landline or cannot be reached",
  "40001": "the number is a landline or cannot be reached",
  "30005": "the number is unknown or no longer in service",
  "30003": "their phone was off or out of reach",
  "30004": "the text was blocked by them or their carrier",
  "30007": "their carrier filtered it as spam",
  "30008": "the carrier could not deliver it",
  "40008": "the carrier could not deliver it",
  "21408": "the carrier account may not text that country",
  "21606": "the business number cannot send texts",
  "21608": "the carrier account is a trial and this number is not verified",
  "21617": "the text is too long",
  "20003": "the carrier refused the number's credentials",
  "10009": "the carrier refused the number's credentials",
  "20404": "the carrier account or number was not found",
  "20429": "the carrier was too busy",
  "20500": "the carrier had an internal error",
  "20503": "the carrier was unavailable",
  "21611": "the business number's queue at the carrier was full",
  "plivo-200": "they had unsubscribed from this number at the carrier",
  "plivo-50": "the carrier rejected the number",
  "plivo-70": "the number cannot receive texts",
  "plivo-30": "their carrier filtered it as spam",
  "plivo-80": "their phone was off or out of reach",
  "plivo-450": "the carrier account may not text that country",
  "plivo-900": "the carrier account is out of credit",
  "bandwidth-4775": "they had unsubscribed from this number at the carrier",
  "bandwidth-4720": "the number cannot receive texts (invalid, or a landline)",
  "bandwidth-4721": "the number is no longer in service",
  "bandwidth-4406": "the number is unknown or no longer in service",
  "bandwidth-4470": "the text was blocked as spam",
  "bandwidth-4770": "their carrier filtered it as spam",
  "bandwidth-4702": "their phone was off or out of reach",
  invalid_credentials: "the number's stored credentials are not valid",
  [API_USER_RETIRED]: "Bandwidth no longer accepts API users (username and password): the number needs an API credential's client ID and secret",
  timeout: "the carrier did not answer in time",
  network: "the carrier could not be reached",
};

/**
 * The carrier refused the number's credentials (Twilio and SignalWire 20003, Telnyx 10009, or a bare
 * HTTP 401 / 403), or no longer takes their kind (a Bandwidth API user): nothing from that number
 * goes out until someone fixes them, so it is not one text's problem but the number's.
 */
export const CARRIER_AUTH_ERRORS = ["20003", "10009", "http_401", "http_403", API_USER_RETIRED] as const;

export function isCarrierAuthError(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && (CARRIER_AUTH_ERRORS as readonly string[]).includes(code);
}

/**
 * The carrier refused a text because the number is a landline or cannot take texts
 * (LANDLINE_ERROR_CODES): the caller can only be called back. The other refusals (an invalid,
 * unknown or deactivated number, a block, spam filtering) say nothing of a phone to call back.
 *
 * @example isLandlineError("21614") // true
 * @example isLandlineError("30005") // false
 */
export function isLandlineError(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && (LANDLINE_ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Why the carrier refused or failed a text, in words.
 *
 * @example carrierErrorWords("21211") // "the carrier rejected the number"
 * @example carrierErrorWords("30999") // "the carrier refused it (error 30999)"
 */
export function carrierErrorWords(code: string | null | undefined): string {
  if (!code) return "the carrier refused it";
  const words = WORDS[code];
  if (words) return words;
  const http = /^http_(\d{3})$/.exec(code);
  return http ? `the carrier answered HTTP ${http[1]}` : `the carrier refused it (error ${code})`;
}
