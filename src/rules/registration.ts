/**
 * US carriers filter texts from numbers that are not registered: A2P 10DLC (a brand and a campaign
 * on the Messaging Service holding an ordinary number) or toll-free verification. What a number's
 * status means to its owner, in words. Pure.
 */

export type RegistrationKind = "10dlc" | "tollfree";

export interface Registration {
  kind: RegistrationKind;
  /** The carrier's own status word, or null when the number is not registered at all. */
  status: string | null;
  ok: boolean;
  words: string;
  advice?: string;
}

const TOLL_FREE = /^\+18(00|33|44|55|66|77|88)\d{7}$/;

export function registrationKind(e164: string): RegistrationKind | null {
  if (!e164.startsWith("+1")) return null;
  return TOLL_FREE.test(e164) ? "tollfree" : "10dlc";
}

const APPROVED = new Set(["VERIFIED", "TWILIO_APPROVED", "APPROVED"]);
const WAITING = new Set(["IN_PROGRESS", "PENDING", "PENDING_REVIEW", "IN_REVIEW"]);

/**
 * @example registrationWords("10dlc", "VERIFIED").ok // true
 * @example registrationWords("10dlc", null).words // "Not registered for A2P 10DLC: …"
 */
export function registrationWords(kind: RegistrationKind, status: string | null): Registration {
  const what = kind === "10dlc" ? "A2P 10DLC" : "toll-free verification";
  const how =
    kind === "10dlc"
      ? "In Twilio's console, Messaging, Regulatory compliance: register a brand and a campaign, and add this number to the campaign's Messaging Service."
      : "In Twilio's console, Messaging, Regulatory compliance, Toll-free verifications: submit this number.";
  if (status === null) return { kind, status, ok: false, words: `Not registered for ${what}: US carriers filter its texts.`, advice: how };
  const s = status.toUpperCase();
  if (APPROVED.has(s)) return { kind, status, ok: true, words: `Registered (${what} approved).` };
  if (WAITING.has(s)) return { kind, status, ok: false, words: `${what} is under review (${status}): texts may be filtered until it is approved.` };
  return { kind, status, ok: false, words: `${what} was not approved (${status}): US carriers filter its texts.`, advice: how };
}
