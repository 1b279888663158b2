/**
 * What the checker tells the owner about placeholders: one we do not fill in (callers would see it
 * as typed), and one that has no value for their business (which one, where to give it one, and
 * what callers will not get meanwhile; template-render.ts decides what goes), and a link alone on
 * its line (it reads like phishing). Warnings, never refusals: a business may well have no booking
 * link. Pure: no I/O.
 */
import { PLACEHOLDER_ALIASES, PLACEHOLDERS, WHY_EMPTY } from "./placeholders";
import type { TemplateWarning } from "./template-check";
import type { TemplateGap } from "./template-render";

/** Braced text that looks like a placeholder. */
const BRACED = /\{([^{}\n]{1,40})\}/g;

function squash(s: string): string {
  return s.toLowerCase().replace(/[\s_-]/g, "");
}

export function unknownPlaceholderWarnings(source: string): TemplateWarning[] {
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

/**
 * One warning per empty placeholder, naming it, why it is empty and what is left out.
 *
 * @example
 * emptyPlaceholderWarnings([{ placeholder: "bookingUrl", leftOut: "Book online: …" }])[0].message
 * // '{bookingUrl} is empty: this business has no booking link (Settings → Booking link), so "Book online: …" is left out.'
 */
export function emptyPlaceholderWarnings(gaps: readonly TemplateGap[]): TemplateWarning[] {
  const byPlaceholder = new Map<TemplateGap["placeholder"], Set<string>>();
  for (const gap of gaps) {
    const leftOut = byPlaceholder.get(gap.placeholder) ?? new Set<string>();
    if (gap.leftOut !== "") leftOut.add(gap.leftOut);
    byPlaceholder.set(gap.placeholder, leftOut);
  }
  return Array.from(byPlaceholder, ([placeholder, leftOut]) => {
    const quoted = Array.from(leftOut, (s) => `"${s}"`);
    const what =
      quoted.length === 0 ? "it is left out of the text" : `${quoted.slice(0, -1).join(", ")}${quoted.length > 1 ? " and " : ""}${quoted.at(-1)} ${quoted.length > 1 ? "are" : "is"} left out`;
    return { code: "empty_placeholder", message: `{${placeholder}} is empty: ${WHY_EMPTY[placeholder]}, so ${what}.` };
  });
}

/** A line that is a link and nothing else: the booking link's placeholder, or an address typed out. */
const BARE_LINK_LINE = /^[ \t]*(?:\{(?:bookingUrl|booking_url)\}|https?:\/\/\S+|www\.\S+)[ \t]*$/m;

/**
 * A warning when a line of the template is a link alone: with no words saying what it is, a link
 * (a workers.dev one above all) reads like phishing to callers and to carriers' filters. A warning,
 * not a refusal: the text still goes.
 *
 * @example bareLinkWarnings("Sorry we missed you.\n{bookingUrl}\nReply STOP to opt out.")[0].code // "bare_link"
 * @example bareLinkWarnings("Sorry we missed you.\nBook online: {bookingUrl}") // []
 */
export function bareLinkWarnings(source: string): TemplateWarning[] {
  const line = BARE_LINK_LINE.exec(source);
  if (!line) return [];
  const link = line[0].trim();
  return [
    {
      code: "bare_link",
      message: `${link} stands alone on its line: a link with no words around it looks like phishing to many callers and to carriers' spam filters. Say what it is, for example "Book online: ${link}".`,
    },
  ];
}
