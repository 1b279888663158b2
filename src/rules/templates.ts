/**
 * Message templates: rendering, the checks shown to the business owner when saving, and the
 * defaults a new business starts with (compliance.md §2, §5). Pure: no I/O.
 */
import { countSegments, normalizeLineEndings, smartReplacement, toGsmSmart, type SmsEncoding } from "./encoding";
import type { TemplateKind } from "./reasons";

export interface TemplateVars {
  business: string;
  bookingUrl?: string | null;
  businessPhone?: string | null;
  callerPhone?: string | null;
  /** From the carrier's caller-name lookup (CNAM) when the number has it; often absent. */
  callerFirstName?: string | null;
  /** Today's opening hours in words, e.g. "8:00-12:00 and 13:00-17:00" or "closed". */
  hoursToday?: string | null;
}

/** The placeholders the renderer fills in. Anything else in braces is left as typed. */
export const PLACEHOLDERS = ["business", "bookingUrl", "businessPhone", "callerPhone", "callerFirstName", "hoursToday"] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** snake_case spellings people (and other products' templates) use for the same values. */
export const PLACEHOLDER_ALIASES: Record<string, Placeholder> = {
  booking_url: "bookingUrl",
  business_phone: "businessPhone",
  caller_phone: "callerPhone",
  caller_first_name: "callerFirstName",
  hours_today: "hoursToday",
};

const KNOWN_PLACEHOLDER = new RegExp(`\\{(${[...PLACEHOLDERS, ...Object.keys(PLACEHOLDER_ALIASES)].join("|")})\\}`, "g");

/** Marks where a placeholder came out empty, so the tidy-up below touches only those spots. NUL never belongs in an SMS. */
const HOLE = "\u0000";
/** A line made only of empty placeholders (and blanks): dropped whole, newline included. */
const HOLE_ONLY_LINE = /^[ \t]*\u0000(?:[ \t]*\u0000)*[ \t]*(?:\n|$)/gm;
/** An empty placeholder with the blanks around it. */
const HOLE_WITH_BLANKS = /[ \t]*\u0000(?:[ \t]*\u0000)*[ \t]*/g;

function valueOf(vars: TemplateVars, name: Placeholder): string {
  const raw = vars[name] ?? "";
  // Values are single-line: a stray newline in a business name must not reshape the text.
  return raw.replace(/\s+/g, " ").trim();
}

/**
 * Fill in {business}, {bookingUrl}, {businessPhone} and {callerPhone}. Unknown {placeholders} are
 * left as typed. A missing optional value renders as nothing and the text around it is tidied: a
 * line that held only empty placeholders is dropped, the double space left behind is collapsed,
 * no space is left before punctuation, and the result is trimmed. CR LF becomes LF (see
 * {@link normalizeLineEndings}).
 *
 * @example
 * renderTemplate("This is {business}.\n{bookingUrl}\nReply STOP to opt out.", { business: "Acme", bookingUrl: null })
 * // "This is Acme.\nReply STOP to opt out."
 */
export function renderTemplate(body: string, vars: TemplateVars): string {
  const filled = normalizeLineEndings(body).replace(KNOWN_PLACEHOLDER, (_m, name: string) => {
    const value = valueOf(vars, PLACEHOLDER_ALIASES[name] ?? (name as Placeholder));
    return value === "" ? HOLE : value;
  });
  if (!filled.includes(HOLE)) return filled.trim();
  return filled
    .replace(HOLE_ONLY_LINE, "")
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

export type TemplateWarningCode =
  | "missing_business_name"
  | "missing_opt_out"
  | "link_shortener"
  | "non_gsm_characters"
  | "multiple_segments"
  | "over_recommended_length"
  | "unknown_placeholder";

export type TemplateWarning = {
  code: TemplateWarningCode;
  /** One or two plain sentences for the business owner: what is wrong and what to do. */
  message: string;
  /** A corrected template body the UI can offer to apply (only for non_gsm_characters, when smart encoding fixes it). */
  suggestion?: string;
};

export interface TemplateCheck {
  encoding: SmsEncoding;
  segments: number;
  /** Length of the rendered text in UTF-16 code units (an emoji counts 2), after CR LF → LF. */
  length: number;
  warnings: TemplateWarning[];
  /** Non-empty means the template must not be saved (the API answers 400). */
  errors: string[];
}

/** Twilio rejects longer bodies with error 21617 (compliance.md §5.5). */
const MAX_BODY_LENGTH = 1600;
/** Twilio's recommended maximum for one SMS body (compliance.md §5.5). */
const RECOMMENDED_MAX_LENGTH = 320;

/** Kinds that must tell the reader how to stop texts: first messages (CTIA), HELP replies, and the opt-in confirmation (§1.2). */
const NEEDS_STOP: ReadonlySet<TemplateKind> = new Set<TemplateKind>([
  "missed_call",
  "after_hours",
  "voicemail",
  "ai_abandoned",
  "help",
  "opt_in",
]);
const FIRST_MESSAGE: ReadonlySet<TemplateKind> = new Set<TemplateKind>(["missed_call", "after_hours", "voicemail", "ai_abandoned"]);

/** "Reply STOP", "reply with STOP", "Text "STOP"" as plain words, any case. */
const STOP_INSTRUCTION = /\b(?:reply|text)\s+(?:with\s+)?["'“”‘’]?stop\b/i;

/** Public link shorteners; carriers filter texts carrying them as likely spam. */
export const LINK_SHORTENERS = [
  "bit.ly",
  "tinyurl.com",
  "t.co",
  "goo.gl",
  "ow.ly",
  "is.gd",
  "buff.ly",
  "rebrand.ly",
  "cutt.ly",
  "shorturl.at",
  "tiny.cc",
  "rb.gy",
] as const;

const SHORTENER_PATTERN = new RegExp(
  // Not part of a longer host on the left ("at.com" is not "t.co"), nor on the right ("t.com").
  `(?<![\\w.-])(?:www\\.)?(${LINK_SHORTENERS.map((d) => d.replace(/\./g, "\\.")).join("|")})(?![\\w-]|\\.\\w)`,
  "gi",
);

/** Braced text that looks like a placeholder. */
const BRACED = /\{([^{}\n]{1,40})\}/g;

function squash(s: string): string {
  return s.toLowerCase().replace(/[\s_-]/g, "");
}

function unknownPlaceholderWarnings(source: string): TemplateWarning[] {
  const seen = new Set<string>();
  const out: TemplateWarning[] = [];
  for (const match of source.matchAll(BRACED)) {
    const inner = match[1] ?? "";
    if ((PLACEHOLDERS as readonly string[]).includes(inner) || inner in PLACEHOLDER_ALIASES || seen.has(inner)) continue;
    seen.add(inner);
    const near = PLACEHOLDERS.find((p) => squash(p) === squash(inner));
    const hint = near
      ? `Did you mean {${near}}? Placeholders are case-sensitive.`
      : `Use one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}, or remove it.`;
    out.push({
      code: "unknown_placeholder",
      message: `{${inner}} is not a placeholder we fill in, so callers would see it exactly as typed. ${hint}`,
    });
  }
  return out;
}

/** How to show a character in a message: visible ones as they are, invisible ones by code point. */
function showChar(ch: string): string {
  if (/^[\s\p{C}\u200B-\u200D\u2060\uFEFF]+$/u.test(ch)) {
    const cp = ch.codePointAt(0) ?? 0;
    return `an invisible or special space (U+${cp.toString(16).toUpperCase().padStart(4, "0")})`;
  }
  return ch;
}

function nonGsmWarning(source: string, nonGsm: readonly string[], sample: TemplateVars): TemplateWarning {
  const fixable = nonGsm.filter((ch) => smartReplacement(ch) !== undefined);
  const stuck = nonGsm.filter((ch) => smartReplacement(ch) === undefined);
  const fromDetails = stuck.filter((ch) => !source.includes(ch));
  const parts = [
    `These characters make this text use Unicode, which fits only 70 characters per text instead of 160 and can double the cost: ${nonGsm.map(showChar).join(" ")}.`,
  ];
  if (fixable.length > 0) {
    const swaps = fixable.map((ch) => {
      const to = smartReplacement(ch) ?? "";
      return to === "" ? `remove ${showChar(ch)}` : `${showChar(ch)} → ${to.trim() === "" ? "a normal space" : to}`;
    });
    parts.push(`Use plain characters instead (${swaps.join(", ")}).`);
  }
  if (stuck.length > 0) {
    parts.push(
      `Remove or reword ${stuck.map(showChar).join(" ")}: accented letters like ó and emoji have no plain equivalent in the standard SMS alphabet.`,
    );
  }
  if (fromDetails.length > 0) {
    parts.push(`${fromDetails.map(showChar).join(" ")} ${fromDetails.length === 1 ? "comes" : "come"} from your business details, not the template.`);
  }
  const warning: TemplateWarning = { code: "non_gsm_characters", message: parts.join(" ") };
  const smart = toGsmSmart(source);
  if (fixable.length > 0 && countSegments(renderTemplate(smart, sample)).encoding === "GSM-7") {
    warning.suggestion = smart;
  }
  return warning;
}

/**
 * Check a template as the owner saves it: render it with the sample values (the business's own
 * name and links), count the segments of the rendered text, and collect errors (refuse to save)
 * and warnings (save, but show them).
 *
 * @example
 * checkTemplate("missed_call", "Call us back!", { business: "Acme Plumbing" }).warnings.map((w) => w.code)
 * // ["missing_business_name", "missing_opt_out"]
 */
export function checkTemplate(kind: TemplateKind, body: string, sample: TemplateVars): TemplateCheck {
  const source = normalizeLineEndings(body);
  if (source.trim() === "") {
    return { encoding: "GSM-7", segments: 0, length: 0, warnings: [], errors: ["The message is empty. Write the text callers should receive."] };
  }
  const rendered = renderTemplate(source, sample);
  const info = countSegments(rendered);
  const length = rendered.length;
  const errors: string[] = [];
  const warnings: TemplateWarning[] = [];

  if (rendered === "") {
    errors.push("The message comes out empty once your details are filled in. Add some text around the placeholders.");
  }
  if (length > MAX_BODY_LENGTH) {
    errors.push(
      `The message is ${length} characters long; carriers accept at most ${MAX_BODY_LENGTH}. Shorten it by at least ${length - MAX_BODY_LENGTH} character${length - MAX_BODY_LENGTH === 1 ? "" : "s"}.`,
    );
  }

  const business = valueOf(sample, "business");
  const namesBusiness =
    source.includes("{business}") || (business !== "" && rendered.toLowerCase().includes(business.toLowerCase()));
  if (!namesBusiness) {
    warnings.push({
      code: "missing_business_name",
      message:
        "The text does not say who it is from. Add {business} (for example \"This is {business}.\") so callers recognise you; carriers expect every text to name the sender.",
    });
  }

  if (NEEDS_STOP.has(kind) && !STOP_INSTRUCTION.test(rendered)) {
    const why = FIRST_MESSAGE.has(kind)
      ? "This is the first text a caller gets from you, so it must say how to stop texts."
      : kind === "help"
        ? "The reply to HELP must say how to stop texts."
        : "The confirmation that someone is subscribed again must remind them how to stop texts.";
    warnings.push({ code: "missing_opt_out", message: `${why} Add "Reply STOP to opt out." at the end.` });
  }

  const shorteners = [...new Set(Array.from(rendered.matchAll(SHORTENER_PATTERN), (m) => (m[1] ?? "").toLowerCase()))];
  if (shorteners.length > 0) {
    warnings.push({
      code: "link_shortener",
      message:
        `Carriers often block texts with ${shorteners.join(", ")} links as spam, so this text may never arrive. ` +
        "Use the full address of a page on your own website instead.",
    });
  }

  if (info.encoding === "UCS-2") warnings.push(nonGsmWarning(source, info.nonGsmChars, sample));

  if (info.segments > 1) {
    const limit = info.encoding === "GSM-7" ? 160 : 70;
    const because = info.encoding === "GSM-7" ? "" : " (70 because of the special characters)";
    warnings.push({
      code: "multiple_segments",
      message:
        `This text counts as ${info.units} characters, so it is sent as ${info.segments} parts, each billed as a separate text, ` +
        `and some phones show the parts out of order. Shorten it to ${limit} characters or fewer${because} to send it as one text.`,
    });
  }

  if (length > RECOMMENDED_MAX_LENGTH && length <= MAX_BODY_LENGTH) {
    warnings.push({
      code: "over_recommended_length",
      message: `At ${length} characters this text is over the recommended maximum of ${RECOMMENDED_MAX_LENGTH}, and long texts are more likely to be delayed or filtered. Keep it short: say who you are, offer help and how to opt out.`,
    });
  }

  warnings.push(...unknownPlaceholderWarnings(source));
  return { encoding: info.encoding, segments: info.segments, length, warnings, errors };
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
  follow_up:
    "{business} here, following up on your call. Still need help? Just reply to this text.\n{bookingUrl}\nReply STOP to opt out.",
  help: "{business}: we text you back when we miss your call. For help, reply here or call us. Msg&data rates may apply. Reply STOP to opt out.",
  opt_out: "{business}: You have been unsubscribed and will receive no more messages. Reply START to resubscribe.",
  opt_in: "{business}: You have been resubscribed and will get texts about your calls again. Msg&data rates may apply. Reply STOP to opt out.",
});
