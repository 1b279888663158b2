/**
 * Message templates: rendering and the defaults a new business starts with (compliance.md §2, §5);
 * the checks shown to the owner on saving are template-check.ts. Pure: no I/O.
 */
import { normalizeLineEndings } from "./encoding";
import type { TemplateKind } from "./reasons";

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
type Placeholder = (typeof PLACEHOLDERS)[number];

/** snake_case spellings people (and other products' templates) use for the same values. */
export const PLACEHOLDER_ALIASES: Record<string, Placeholder> = {
  booking_url: "bookingUrl",
  business_phone: "businessPhone",
  caller_phone: "callerPhone",
  caller_first_name: "callerFirstName",
  priority_phone: "priorityPhone",
  hours_today: "hoursToday",
};

/** A greeting right before the caller's name: without a name it reads "Hi there,", never "Hi ,". */
const GREETING_BEFORE_NAME = /\b(hi|hello|hey|hiya|howdy)([ \t]+)\{(?:callerFirstName|caller_first_name)\}/gi;

const KNOWN_PLACEHOLDER = new RegExp(`\\{(${[...PLACEHOLDERS, ...Object.keys(PLACEHOLDER_ALIASES)].join("|")})\\}`, "g");

/** Marks where a placeholder came out empty, so the tidy-up below touches only those spots. NUL never belongs in an SMS. */
const HOLE = "\u0000";
/** A line made only of empty placeholders (and blanks): dropped whole, newline included. */
const HOLE_ONLY_LINE = /^[ \t]*\u0000(?:[ \t]*\u0000)*[ \t]*(?:\n|$)/gm;
/** A label whose value came out empty ("Priority line: {priorityPhone}" with none): dropped the same way. */
const HOLE_LABEL_LINE = /^[^\n\u0000:]*:[ \t]*\u0000(?:[ \t]*\u0000)*[ \t]*(?:\n|$)/gm;
/** An empty placeholder with the blanks around it. */
const HOLE_WITH_BLANKS = /[ \t]*\u0000(?:[ \t]*\u0000)*[ \t]*/g;

export function valueOf(vars: TemplateVars, name: Placeholder): string {
  const raw = vars[name] ?? "";
  // Values are single-line: a stray newline in a business name must not reshape the text.
  return raw.replace(/\s+/g, " ").trim();
}

/**
 * Fill in {business}, {bookingUrl}, {businessPhone} and {callerPhone}. Unknown {placeholders} are
 * left as typed. A missing optional value renders as nothing and the text around it is tidied: a
 * line that held only empty placeholders, or a label and then only empty placeholders ("Priority
 * line: {priorityPhone}"), is dropped, the double space left behind is collapsed, a greeting
 * before a missing {callerFirstName} reads "Hi there",
 * no space is left before punctuation, and the result is trimmed. CR LF becomes LF (see
 * {@link normalizeLineEndings}).
 *
 * @example
 * renderTemplate("This is {business}.\n{bookingUrl}\nReply STOP to opt out.", { business: "Acme", bookingUrl: null })
 * // "This is Acme.\nReply STOP to opt out."
 */
export function renderTemplate(body: string, vars: TemplateVars): string {
  const source = normalizeLineEndings(body);
  const greeted = valueOf(vars, "callerFirstName") === "" ? source.replace(GREETING_BEFORE_NAME, "$1$2there") : source;
  const filled = greeted.replace(KNOWN_PLACEHOLDER, (_m, name: string) => {
    const value = valueOf(vars, PLACEHOLDER_ALIASES[name] ?? (name as Placeholder));
    return value === "" ? HOLE : value;
  });
  if (!filled.includes(HOLE)) return filled.trim();
  return filled
    .replace(HOLE_ONLY_LINE, "")
    .replace(HOLE_LABEL_LINE, "")
    .replace(HOLE_WITH_BLANKS, (m: string, offset: number, whole: string) => {
      const before = whole[offset - 1];
      const after = whole[offset + m.length];
      const atLineEdge = before === undefined || before === "\n" || after === undefined || after === "\n";
      // "call {x}." must not become "call ." and "{x} Hi" must not start with a space.
      if (atLineEdge || /[.,!?;:)]/.test(after ?? "")) return "";
      return /[ \t]/.test(m) ? " " : "";
    })
    .trim();
}

/**
 * What a new business starts with. Each is GSM-7 and one segment with a business name of about 20
 * characters and a booking link of about 30, and reads well without a booking link: the link has
 * its own line, which the renderer drops when there is no link.
 */
export const DEFAULT_TEMPLATES: Record<TemplateKind, string> = Object.freeze({
  missed_call:
    "This is {business}. Sorry we missed your call! How can we help? Just reply here.\n{bookingUrl}\nReply STOP to opt out.",
  after_hours:
    "This is {business}. We're closed now, but reply here and we'll get back to you.\n{bookingUrl}\nReply STOP to opt out.",
  voicemail:
    "This is {business}. Thanks for your voicemail! We'll call you back soon, or reply here.\n{bookingUrl}\nReply STOP to opt out.",
  ai_abandoned:
    "This is {business}. Sorry your call ended early. Reply here and a person will help.\n{bookingUrl}\nReply STOP to opt out.",
  // A customer is greeted by name and given the line that reaches a person first; without a name
  // it reads "Hi there, it's …", without a priority line that line is dropped.
  existing_customer:
    "Hi {callerFirstName}, it's {business}. Sorry we missed you! We'll call back soon, or reply here.\nPriority line: {priorityPhone}\nReply STOP to opt out.",
  follow_up:
    "{business} here, following up on your call. Still need help? Just reply to this text.\n{bookingUrl}\nReply STOP to opt out.",
  help: "{business}: we text you back when we miss your call. For help, reply here or call us. Msg&data rates may apply. Reply STOP to opt out.",
  opt_out: "{business}: You have been unsubscribed and will receive no more messages. Reply START to resubscribe.",
  opt_in: "{business}: You have been resubscribed and will get texts about your calls again. Msg&data rates may apply. Reply STOP to opt out.",
});
