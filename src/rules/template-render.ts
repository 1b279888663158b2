/**
 * Rendering a template for one text: its placeholders filled in, and the words that belong to an
 * empty one left out with it, so a missing value never leaves "Book here:." behind nor takes the
 * whole text with it (DESIGN.md §6.4: an empty value renders cleanly). Pure: no I/O.
 */
import { normalizeLineEndings } from "./encoding";
import { hasOptOutWording } from "./opt-out-wording";
import { KNOWN_PLACEHOLDER, placeholderNamed, valueOf, type Placeholder, type TemplateVars } from "./placeholders";

/** A placeholder that came out empty, and what was left out with it. */
export interface TemplateGap {
  placeholder: Exclude<Placeholder, "callerFirstName">;
  /** The sentence left out with it, as typed, the empty placeholder shown as "…"; "" when only the placeholder went. */
  leftOut: string;
}

export interface RenderedTemplate {
  text: string;
  /** Each empty placeholder but the caller's name (often unknown, see below), once per sentence it was in. */
  gaps: TemplateGap[];
}

/** A greeting right before the caller's name: without a name it reads "Hi there,", never "Hi ,". */
const GREETING_BEFORE_NAME = /\b(hi|hello|hey|hiya|howdy)([ \t]+)\{(?:callerFirstName|caller_first_name)\}/gi;

/**
 * Marks a placeholder while the template is cut into sentences, then where an empty one stays (so
 * the tidy-up touches only those spots). NUL never belongs in an SMS: it is taken out of the input.
 */
const MARK = "\u0000";
/** A line made only of empty placeholders (and blanks): dropped whole, newline included. */
const HOLE_ONLY_LINE = /^[ \t]*\u0000(?:[ \t]*\u0000)*[ \t]*(?:\n|$)/gm;
/** A sentence that is only a label and empty values ("Book online: {bookingUrl}"): nothing to say without them. */
const LABEL_ONLY = /^[^\u0000]*:[ \t]*\u0000(?:[ \t]*\u0000)*[ \t]*[.!?]*[ \t]*$/;
/** An empty placeholder with the blanks around it. */
const HOLE_WITH_BLANKS = /[ \t]*\u0000(?:[ \t]*\u0000)*[ \t]*/g;

/** Where a sentence ends: a run of . ! or ? (maybe closed by a quote or bracket), then blanks. */
const SENTENCE_END = /[.!?]+["'”’)\]]*[ \t]+/g;
/** A full stop that does not end the sentence: after a title or an abbreviation ("Dr. Lee", "e.g. a"). */
const GOES_ON = /\b(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|e\.g|i\.e)\.$/i;

interface Slot {
  name: Placeholder;
  /** As typed, braces included. */
  raw: string;
  value: string;
}

/** A sentence of the template: its text with each placeholder as {@link MARK}, and those placeholders in order. */
interface Sentence {
  text: string;
  slots: Slot[];
}

/** The caller's name is the one value a text often lacks, and it is a word, not a sentence's point: only it goes. */
const dropsItsSentence = (slot: Slot): slot is Slot & { name: TemplateGap["placeholder"] } => slot.value === "" && slot.name !== "callerFirstName";

/**
 * A line cut into sentences, blanks after each kept with it, so joining them gives the line back. A
 * sentence ends at . ! or ? followed by a blank and then anything but a lower-case letter ("5 p.m.
 * today" goes on), and not after a title ("Dr. Lee").
 */
export function sentencesOf(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of line.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    const next = line[end];
    if (next === undefined) break;
    if (/\p{Ll}/u.test(next) || GOES_ON.test(line.slice(start, m.index + 1))) continue;
    out.push(line.slice(start, end));
    start = end;
  }
  out.push(line.slice(start));
  return out;
}

/** The template's lines, each cut into sentences, with the placeholders each sentence holds. */
function sentencesByLine(marked: string, slots: readonly Slot[]): Sentence[][] {
  let next = 0;
  return marked.split("\n").map((line) =>
    sentencesOf(line).map((text) => {
      const count = text.split(MARK).length - 1;
      const own = slots.slice(next, next + count);
      next += count;
      return { text, slots: own };
    }),
  );
}

/** The sentence with its values in, an empty one as `hole`. */
function filled(s: Sentence, hole: string): string {
  let i = 0;
  return s.text.replace(/\u0000/g, () => {
    const slot = s.slots[i++];
    return slot && slot.value !== "" ? slot.value : hole;
  });
}

/** The sentence as the owner typed it, each empty placeholder as "…"; "" when nothing else was in it. */
function asTyped(s: Sentence): string {
  let i = 0;
  const text = s.text.replace(/\u0000/g, () => {
    const slot = s.slots[i++];
    return slot && dropsItsSentence(slot) ? "…" : (slot?.raw ?? "");
  });
  const words = text.replace(/…/g, "").trim();
  return /[\p{L}\p{N}]/u.test(words) ? text.trim().replace(/…[.!?]+$/, "…") : "";
}

/** Empty placeholders in kept text: a line of nothing else goes, and no gap, double space or " ." is left. */
function tidyHoles(text: string): string {
  if (!text.includes(MARK)) return text;
  return text.replace(HOLE_ONLY_LINE, "").replace(HOLE_WITH_BLANKS, (m: string, offset: number, whole: string) => {
    const before = whole[offset - 1];
    const after = whole[offset + m.length];
    const atLineEdge = before === undefined || before === "\n" || after === undefined || after === "\n";
    // "call {x}." must not become "call ." and "{x} Hi" must not start with a space.
    if (atLineEdge || /[.,!?;:)]/.test(after ?? "")) return "";
    return /[ \t]/.test(m) ? " " : "";
  });
}

/**
 * A sentence that says how to stop texts, or names the business (with a value), keeps its other
 * words when a value in it is empty: a text must say who is writing and how to stop (compliance.md).
 */
function mustStay(s: Sentence): boolean {
  return hasOptOutWording(filled(s, "")) || s.slots.some((slot) => slot.name === "business" && slot.value !== "");
}

/**
 * The text from its sentences: with `dropSentences`, a sentence holding an empty value is left out;
 * without, only one that is nothing but a label for it (see renderTemplate).
 */
function assemble(lines: readonly Sentence[][], dropSentences: boolean): RenderedTemplate & { dropped: boolean } {
  const gaps: TemplateGap[] = [];
  const out: string[] = [];
  let dropped = false;
  for (const sentences of lines) {
    const kept: string[] = [];
    for (const s of sentences) {
      const empty = s.slots.filter(dropsItsSentence);
      const goes = empty.length > 0 && !mustStay(s) && (dropSentences || LABEL_ONLY.test(filled(s, MARK)));
      if (goes) {
        const leftOut = asTyped(s);
        for (const placeholder of new Set(empty.map((e) => e.name))) gaps.push({ placeholder, leftOut });
        continue;
      }
      for (const e of empty) gaps.push({ placeholder: e.name, leftOut: "" });
      kept.push(filled(s, MARK));
    }
    if (kept.length === sentences.length) {
      out.push(kept.join(""));
      continue;
    }
    dropped = true;
    const line = kept.join("").trimEnd();
    if (line.trim() !== "") out.push(line);
  }
  const joined = out.join("\n");
  // A line taken out between two blank ones must not leave a wider gap than the owner typed.
  const text = tidyHoles(dropped ? joined.replace(/\n{3,}/g, "\n\n") : joined).trim();
  return { text, gaps, dropped };
}

/**
 * Render a template with what its empty placeholders took with them (the checker's warnings).
 *
 * @example
 * renderTemplateWithGaps("Hi from {business}. Book online: {bookingUrl}", { business: "Acme" })
 * // { text: "Hi from Acme.", gaps: [{ placeholder: "bookingUrl", leftOut: "Book online: …" }] }
 */
export function renderTemplateWithGaps(body: string, vars: TemplateVars): RenderedTemplate {
  const source = normalizeLineEndings(body).replace(/\u0000/g, "");
  const greeted = valueOf(vars, "callerFirstName") === "" ? source.replace(GREETING_BEFORE_NAME, "$1$2there") : source;
  const slots: Slot[] = [];
  const marked = greeted.replace(KNOWN_PLACEHOLDER, (raw: string, inner: string) => {
    const name = placeholderNamed(inner);
    slots.push({ name, raw, value: valueOf(vars, name).replace(/\u0000/g, "") });
    return MARK;
  });
  const lines = sentencesByLine(marked, slots);
  const result = assemble(lines, true);
  // Never the whole text for one missing value: when every sentence held one, only the values go.
  const { text, gaps } = result.text === "" && result.dropped ? assemble(lines, false) : result;
  return { text, gaps };
}

/**
 * Fill in the placeholders (PLACEHOLDERS in placeholders.ts); unknown {placeholders} are left as typed, CR LF
 * becomes LF and the result is trimmed. An empty value takes with it the words that belong to it,
 * the smallest unit that reads as a whole without it:
 * - the caller's first name is only a word: it alone goes, and a greeting before it reads "Hi
 *   there" ("Thanks {callerFirstName}, it's…" → "Thanks, it's…");
 * - any other empty value takes its sentence: from the end of the one before (. ! or ? and a blank,
 *   or the start of its line) to its own end (the same, or the end of its line). A line left with
 *   nothing goes, newline included. So "Book online: {bookingUrl}" goes whole, and so does a line of
 *   only "{bookingUrl}" or "Priority line: {priorityPhone}";
 * - a sentence that says how to stop texts ("…or reply STOP to opt out.") or names the business is
 *   never left out (a text says who is writing and how to stop), and
 *   when every sentence of the text would go, only a label and its value are ("Book online:
 *   {bookingUrl}"): otherwise only the value goes, with no double space or " ." left behind.
 *
 * @example
 * renderTemplate("This is {business}. Reply STOP to opt out. Book online: {bookingUrl}", { business: "Acme" })
 * // "This is Acme. Reply STOP to opt out."
 * @example
 * renderTemplate("Book here: {bookingUrl}. Reply STOP to opt out.", { business: "Acme" })
 * // "Reply STOP to opt out."
 * @example
 * renderTemplate("This is {business}.\n{bookingUrl}\nReply STOP to opt out.", { business: "Acme", bookingUrl: null })
 * // "This is Acme.\nReply STOP to opt out."
 */
export function renderTemplate(body: string, vars: TemplateVars): string {
  return renderTemplateWithGaps(body, vars).text;
}
