/**
 * The placeholders a template may hold, the values they stand for, and where a business sets each
 * (DESIGN.md §6.4, §6.5). Pure: no I/O.
 */
import { formatPhone } from "./display";

export interface TemplateVars {
  business: string;
  bookingUrl?: string | null;
  businessPhone?: string | null;
  callerPhone?: string | null;
  /** The caller's first name (rules/caller-name.ts: contact, lead, caller ID); often absent. */
  callerFirstName?: string | null;
  /** The business's line for its customers (`priorityPhone`), in their `existing_customer` text. */
  priorityPhone?: string | null;
  /** Today's opening hours in words, e.g. "8:00-12:00 and 13:00-17:00" or "closed". */
  hoursToday?: string | null;
}

/** The placeholders the renderer fills in. Anything else in braces is left as typed. */
export const PLACEHOLDERS = ["business", "bookingUrl", "businessPhone", "callerPhone", "callerFirstName", "priorityPhone", "hoursToday"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** snake_case spellings people (and other products' templates) use for the same values. */
export const PLACEHOLDER_ALIASES: Record<string, Placeholder> = {
  booking_url: "bookingUrl",
  business_phone: "businessPhone",
  caller_phone: "callerPhone",
  caller_first_name: "callerFirstName",
  priority_phone: "priorityPhone",
  hours_today: "hoursToday",
};

/** A known placeholder as typed, in either spelling; group 1 is the name inside the braces. */
export const KNOWN_PLACEHOLDER = new RegExp(`\\{(${[...PLACEHOLDERS, ...Object.keys(PLACEHOLDER_ALIASES)].join("|")})\\}`, "g");

/** The placeholder a name inside braces stands for ("booking_url" → "bookingUrl"). */
export function placeholderNamed(inner: string): Placeholder {
  return PLACEHOLDER_ALIASES[inner] ?? (inner as Placeholder);
}

/**
 * Why a placeholder has no value for a business and where to give it one: what the checker tells the
 * owner. Only the caller's name is per caller and often unknown, so it has none (no name reads
 * "Hi there"); the phone numbers are always there when a text is sent.
 */
export const WHY_EMPTY: Record<Exclude<Placeholder, "callerFirstName">, string> = {
  business: "this business has no name (Settings → Business name)",
  bookingUrl: "this business has no booking link (Settings → Booking link)",
  businessPhone: "this business has no number yet (Numbers); texts are sent from one, which fills it in",
  callerPhone: "there is no caller's number here; a text always has one",
  priorityPhone: "this business has no priority line (Settings → Priority line for customers)",
  hoursToday: "this business has no opening hours (Settings → Opening hours)",
};

export function valueOf(vars: TemplateVars, name: Placeholder): string {
  const raw = vars[name] ?? "";
  // Values are single-line: a stray newline in a business name must not reshape the text.
  const value = raw.replace(/\s+/g, " ").trim();
  // A number as people dial it: "(512) 555-0100", not "+15125550100".
  return PHONE_PLACEHOLDERS.has(name) ? formatPhone(value) : value;
}

const PHONE_PLACEHOLDERS: ReadonlySet<Placeholder> = new Set(["businessPhone", "callerPhone", "priorityPhone"]);
