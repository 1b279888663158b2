/**
 * The checks shown to the business owner when saving a template (compliance.md §2, §5): errors
 * refuse the save, warnings explain what to change. Pure: no I/O.
 */
import { countSegments, normalizeLineEndings, smartReplacement, toGsmSmart, type SmsEncoding } from "./encoding";
import { hasOptOutWording, OPT_OUT_LINE } from "./opt-out-wording";
import type { TemplateKind } from "./reasons";
import { TEXT_BACK_KINDS } from "../vocabulary";
import { bareLinkWarnings, emptyPlaceholderWarnings, unknownPlaceholderWarnings } from "./placeholder-warnings";
import { valueOf, type TemplateVars } from "./placeholders";
import { renderTemplate, renderTemplateWithGaps } from "./template-render";

export type TemplateWarningCode =
  | "missing_business_name"
  | "missing_opt_out"
  | "link_shortener"
  | "non_gsm_characters"
  | "multiple_segments"
  | "over_recommended_length"
  | "unknown_placeholder"
  | "empty_placeholder"
  | "bare_link";

/** The rules a template may not break: each refuses the save, named by its code. */
export type TemplateErrorCode = "empty" | "renders_empty" | "opt_out_required" | "too_many_segments";

export interface TemplateError {
  code: TemplateErrorCode;
  /** What is wrong and what to do, led by the rule's name in words. */
  message: string;
}

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
  /** Non-empty means the template must not be saved (the API answers 400 naming each rule). */
  errors: TemplateError[];
  /**
   * For a template that greets the caller by name ({callerFirstName}): the text as a caller with a
   * name gets it and as one without (most callers: no contact, no caller ID name). Both are
   * checked; the counts above are the named one's, the longer.
   */
  previews?: { withName: string; withoutName: string };
}

/** The name a template is checked and previewed with: a long one, so the counts are the worst case. */
export const SAMPLE_FIRST_NAME = "Christopher";

const NAME_PLACEHOLDER = /\{(?:callerFirstName|caller_first_name)\}/;

/** Whether a template greets the caller by name. */
export function usesCallerName(body: string): boolean {
  return NAME_PLACEHOLDER.test(body);
}

/**
 * The most segments a template may render to. Twilio's own ceiling is 1,600 characters (error
 * 21617, compliance.md §5.5), which is 11 GSM-7 segments or 24 in Unicode, each billed as a text
 * to every caller: past 10, a template is a mistake, not a choice.
 */
export const MAX_TEMPLATE_SEGMENTS = 10;
/** Per segment when concatenated (compliance.md §5.3): what "shorten it by" counts in. */
const PART_UNITS = { "GSM-7": 153, "UCS-2": 67 } as const;
/** Twilio's recommended maximum for one SMS body (compliance.md §5.5). */
const RECOMMENDED_MAX_LENGTH = 320;

/**
 * The first text a caller gets from the business must say how to stop texts (compliance.md §2.1):
 * refused without it. The HELP answer and the opt-in confirmation should too (§1.2, §2.2), but they
 * answer a keyword the person sent, so there it is a warning.
 */
const FIRST_MESSAGE: ReadonlySet<TemplateKind> = new Set<TemplateKind>(TEXT_BACK_KINDS);
const SHOULD_NAME_STOP: ReadonlySet<TemplateKind> = new Set<TemplateKind>(["help", "opt_in"]);

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
 * and warnings (save, but show them). A placeholder the sample has no value for is a warning naming
 * it and what is left out without it (empty-placeholders.ts), never a refusal by itself.
 *
 * @example
 * const check = checkTemplate("missed_call", "Call us back!", { business: "Acme Plumbing" })
 * check.warnings.map((w) => w.code) // ["missing_business_name"]
 * check.errors.map((e) => e.code) // ["opt_out_required"]
 */
export function checkTemplate(kind: TemplateKind, body: string, sample: TemplateVars): TemplateCheck {
  const source = normalizeLineEndings(body);
  if (source.trim() === "") {
    return { encoding: "GSM-7", segments: 0, length: 0, warnings: [], errors: [{ code: "empty", message: "The message is empty. Write the text callers should receive." }] };
  }
  const named = usesCallerName(source) ? namePreviews(source, sample) : undefined;
  const rendered = named ? named.withName : renderTemplate(source, sample);
  const info = countSegments(rendered);
  const warnings = [
    ...emptyPlaceholderWarnings(renderTemplateWithGaps(source, sample).gaps),
    ...senderWarnings(kind, source, rendered, sample),
    ...(info.encoding === "UCS-2" ? [nonGsmWarning(source, info.nonGsmChars, sample)] : []),
    ...sizeWarnings(info, rendered.length),
    ...unknownPlaceholderWarnings(source),
    ...bareLinkWarnings(source),
  ];
  // Without a name the text is shorter, but it may lose what a rule needs (all of it, or its STOP line).
  const ruleBreaks = ruleErrors(kind, rendered);
  const unnamedBreaks = named && ruleBreaks.length === 0 ? ruleErrors(kind, named.withoutName).map(withoutNameSaid) : [];
  const errors = [...ruleBreaks, ...unnamedBreaks, ...segmentErrors(info)];
  const check: TemplateCheck = { encoding: info.encoding, segments: info.segments, length: rendered.length, warnings, errors };
  if (named) check.previews = named;
  return check;
}

/**
 * The template as a caller with a name and one without get it: the sample's name if it has one,
 * else {@link SAMPLE_FIRST_NAME}.
 *
 * @example namePreviews("Hi {callerFirstName}, it's {business}.", { business: "Acme" })
 * // { withName: "Hi Christopher, it's Acme.", withoutName: "Hi there, it's Acme." }
 */
export function namePreviews(body: string, sample: TemplateVars): { withName: string; withoutName: string } {
  const name = valueOf(sample, "callerFirstName") || SAMPLE_FIRST_NAME;
  return { withName: renderTemplate(body, { ...sample, callerFirstName: name }), withoutName: renderTemplate(body, { ...sample, callerFirstName: null }) };
}

const withoutNameSaid = (e: TemplateError): TemplateError => ({ ...e, message: `For a caller whose name we do not know: ${e.message}` });

function ruleErrors(kind: TemplateKind, rendered: string): TemplateError[] {
  if (rendered === "") {
    return [{ code: "renders_empty", message: "The message comes out empty once your details are filled in. Add some text around the placeholders." }];
  }
  if (FIRST_MESSAGE.has(kind) && !hasOptOutWording(rendered)) {
    return [
      {
        code: "opt_out_required",
        message:
          `Opt-out wording is required: this is the first text a caller gets from you, so it must say how to stop texts. ` +
          `Add "${OPT_OUT_LINE}" (or "STOP to end"), in plain words with spaces.`,
      },
    ];
  }
  return [];
}

function segmentErrors(info: ReturnType<typeof countSegments>): TemplateError[] {
  if (info.segments <= MAX_TEMPLATE_SEGMENTS) return [];
  const over = info.units - MAX_TEMPLATE_SEGMENTS * PART_UNITS[info.encoding];
  const unicode = info.encoding === "UCS-2" ? " Its special characters make every part hold 67 characters instead of 153: replacing them also helps." : "";
  return [
    {
      code: "too_many_segments",
      message:
        `Too long: this text would be sent as ${info.segments} parts, and the most a template may take is ${MAX_TEMPLATE_SEGMENTS} ` +
        `(each part is billed as a text, to every caller). Shorten it by at least ${over} character${over === 1 ? "" : "s"}.${unicode}`,
    },
  ];
}

/** What carriers expect of every text: who it is from, how to stop texts, no public link shorteners. */
function senderWarnings(kind: TemplateKind, source: string, rendered: string, sample: TemplateVars): TemplateWarning[] {
  const warnings: TemplateWarning[] = [];
  const business = valueOf(sample, "business");
  // The text as sent must name it: a sentence with {business} may have gone with an empty value.
  const namesBusiness = business === "" ? source.includes("{business}") : rendered.toLowerCase().includes(business.toLowerCase());
  if (!namesBusiness) {
    warnings.push({
      code: "missing_business_name",
      message:
        "The text does not say who it is from. Add {business} (for example \"This is {business}.\") so callers recognise you; carriers expect every text to name the sender.",
    });
  }
  if (SHOULD_NAME_STOP.has(kind) && !hasOptOutWording(rendered)) {
    const why =
      kind === "help" ? "The reply to HELP must say how to stop texts." : "The confirmation that someone is subscribed again must remind them how to stop texts.";
    warnings.push({ code: "missing_opt_out", message: `${why} Add "${OPT_OUT_LINE}" at the end.` });
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
  return warnings;
}

function sizeWarnings(info: ReturnType<typeof countSegments>, length: number): TemplateWarning[] {
  const warnings: TemplateWarning[] = [];
  // Past the limit it is an error (segmentErrors), not advice.
  if (info.segments > 1 && info.segments <= MAX_TEMPLATE_SEGMENTS) {
    const limit = info.encoding === "GSM-7" ? 160 : 70;
    const because = info.encoding === "GSM-7" ? "" : " (70 because of the special characters)";
    warnings.push({
      code: "multiple_segments",
      message:
        `This text counts as ${info.units} characters, so it is sent as ${info.segments} parts, each billed as a separate text, ` +
        `and some phones show the parts out of order. Shorten it to ${limit} characters or fewer${because} to send it as one text.`,
    });
  }
  if (length > RECOMMENDED_MAX_LENGTH && info.segments <= MAX_TEMPLATE_SEGMENTS) {
    warnings.push({
      code: "over_recommended_length",
      message: `At ${length} characters this text is over the recommended maximum of ${RECOMMENDED_MAX_LENGTH}, and long texts are more likely to be delayed or filtered. Keep it short: say who you are, offer help and how to opt out.`,
    });
  }
  return warnings;
}
