/**
 * When the caller would like someone to come or call ("tomorrow morning", "after 5pm", "Friday at
 * 10"), as they wrote it, for the `preferredTime` answer of qualification (DESIGN.md §6.2): in the
 * answer to the question asking when, or said in passing about calling, coming or meeting in the
 * answer to another; a deadline or a court date is never one, nor someone else's coming or calling
 * ("the adjuster is coming Thursday", "calling my insurance tomorrow"). Pure: no I/O.
 * It keeps the caller's words rather than a date: the person who calls back reads it. Read in
 * matching form (match-text.ts), given back in the caller's own characters.
 */
import { matchText } from "../match-text";

const DAY = String.raw`(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?`;
const CLOCK = String.raw`(?:\d{1,2}(?::[0-5]\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:[0-5]\d|noon|midnight)`;
const PART = String.raw`(?:morning|afternoon|evening|night|lunch(?:time)?)`;

/** Each alternative is a phrase people use; the longest one starting first wins. */
const PHRASES = [
  String.raw`(?:between|from)\s+${CLOCK}\s*(?:and|to|-)\s*${CLOCK}`,
  String.raw`(?:between|from)\s+\d{1,2}\s*(?:and|to|-)\s*\d{1,2}(?:\s*(?:am|pm))?`,
  String.raw`(?:(?:next|this)\s+)?${DAY}(?:\s+(?:morning|afternoon|evening|night))?(?:\s+(?:at|around|after|before|by)\s+(?:${CLOCK}|\d{1,2}(?![\d:])))?`,
  String.raw`(?:today|tonight|tomorrow|tmrw|tmr)(?:\s+(?:morning|afternoon|evening|night))?(?:\s+(?:at|around|after|before|by)\s+(?:${CLOCK}|\d{1,2}(?![\d:])))?`,
  String.raw`(?:this|tomorrow|in\s+the)\s+${PART}`,
  String.raw`(?:after|before|around|by|at)\s+(?:${CLOCK}|\d{1,2}(?![\d:]))(?!\s*(?:years?|yrs?|days?|hours?|mins?|minutes?|weeks?|months?|times?|people|stars?|[a-z]*\s*(?:st|street|ave|avenue|rd|road|dr|drive|ln|lane)\b))`,
  String.raw`${CLOCK}`,
  String.raw`(?:this|next)\s+week(?:end)?`,
  String.raw`(?:this|over\s+the)\s+weekend`,
  String.raw`(?:asap|as\s+soon\s+as\s+possible|right\s+away|any\s*time|whenever(?:\s+you\s+can)?)`,
];

const TIME = new RegExp(`(?<![\\w:])(?:${PHRASES.join("|")})(?![\\w:])`, "gi");

/** Words just before a phrase that put it in the past ("since Monday", "last Tuesday"). */
const PAST_BEFORE = /\b(?:since|last|ago|until|till|was|were|on)\s*$/i;
/** Words after it that do the same ("3 hours ago"). */
const PAST_AFTER = /^\s*(?:ago|already)\b/i;

/**
 * Words shortly before a phrase that make it a deadline, not a time to meet: "a statement by
 * Friday", "court tomorrow", "the hearing is Monday", "due today".
 */
const DEADLINE_BEFORE = /\b(?:(?<!\b(?:stop|swing|drop|come|pass)\s+)by|due|deadlines?|court|hearing|trial|deposition|mediation|arraignment|sentencing|statement|filed|file|respond|response|expires?|closing|until|till)\b(?:\s+\S+){0,2}\s*$/i;

/**
 * Words that say the sentence is about when to call, come or meet ("call me after 5", "can you
 * come tomorrow", "I'm free Friday", "need a cleaning friday at 10"): only there does a day word
 * answer the time question unasked.
 */
const MEETING = /\b(?:call|calls|calling|ring|reach|phone|talk|speak|contact|text|come|coming|came\s+in|stop\s+by|swing\s+by|drop\s+by|visit|meet|meeting|see\s+(?:me|us|you)|appointment|appt|book|booking|schedule|available|availability|free|works?|good|best|fine|prefer|convenient|need|like|get\s+in|fit\s+(?:me|us)\s+in|home|around)\b/i;

/** People besides the caller and the business who come or are called about a job: an insurer and its adjuster, a landlord. */
const OTHERS = String.raw`(?:adjust[eo]rs?|inspectors?|appraisers?|agents?|landlords?|hoa|insurers?|insurance(?:\s+(?:company|companies|guy|lady|man|rep|people))?|state\s+farm|allstate|usaa|farmers|travelers|progressive|geico|nationwide|liberty\s+mutual)`;

/**
 * Someone else coming or calling ("the adjuster is coming Thursday", "they're coming Friday"), or
 * the caller calling someone else ("calling my insurance tomorrow", "calling them tomorrow"): a
 * time there is theirs, not when the caller wants the business.
 */
const THEIRS = new RegExp(
  String.raw`\b(?:(?:${OTHERS}(?:'s|'re|'ll)?|they(?:'re|'ll)|(?:he|she)(?:'s|'ll)|(?:they|he|she)(?=\s+(?:is|are|was|were|will)\b))(?:\s+(?:is|are|was|were|will|be|should|supposed\s+to|going\s+to|gonna))*\s+(?:coming|comes|come|came|visiting|visits|calling|calls|stopping\s+by|scheduled|here|out)` +
    String.raw`|(?:call|calls|calling|called|phone|phoning|contact|contacting|text|texting|talk(?:ing)?\s+to|speak(?:ing)?\s+(?:to|with))\s+(?:them|him|her|(?:(?:my|our|the)\s+)?${OTHERS}))\b`,
  "gi",
);

/**
 * Whether the time between `before` and `after` (its clause's words either side) is someone else's
 * (THEIRS): said just after their coming or calling, with no word of the caller's own about calling
 * or coming between ("adjuster coming thursday"), or just before it in a clause where the caller
 * asks nothing ("Thursday the adjuster comes"). "Can you come tomorrow before the adjuster comes"
 * is the caller's.
 */
function isTheirs(before: string, after: string): boolean {
  const mentions = [...before.matchAll(THEIRS)];
  const last = mentions.at(-1);
  if (last && !MEETING.test(before.slice(last.index + last[0].length))) return true;
  const next = [...after.matchAll(THEIRS)][0];
  return next !== undefined && !MEETING.test(before) && !MEETING.test(after.slice(0, next.index));
}

interface Found {
  phrase: string;
  deadline: boolean;
  /** Someone else's coming or calling (isTheirs): no time to call or come for the business. */
  theirs: boolean;
  /** Where the words about calling or coming are: in its clause, elsewhere in its sentence, or nowhere. */
  meeting: "clause" | "sentence" | null;
}

/** The words before and after `text.slice(at, end)` up to the marks that end a sentence (or, `marks`, a clause). */
function sides(text: string, at: number, end: number, marks: string): [before: string, after: string] {
  const stop = new RegExp(`[${marks}]`);
  let from = at;
  while (from > 0 && !stop.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !stop.test(text[to]!)) to++;
  return [text.slice(from, at), text.slice(end, to)];
}

/** The words around `text.slice(at, end)` up to the marks that end a sentence (or, `marks`, a clause). */
const around = (text: string, at: number, end: number, marks: string) => sides(text, at, end, marks).join(" ");

/** Each time phrase of the text not in the past, as written, with what its sentence says of it. */
function* timePhrases(typed: string): Generator<Found> {
  const read = matchText(typed);
  const text = read.text;
  for (const m of text.matchAll(TIME)) {
    const end = m.index + m[0].length;
    const before = text.slice(0, m.index);
    if (PAST_BEFORE.test(before) || PAST_AFTER.test(text.slice(end))) continue;
    const sentence = around(text, m.index, end, ".!?;\\n");
    const clause = sides(text, m.index, end, ".!?;,\\n");
    const meeting = MEETING.test(clause.join(" ")) ? "clause" : MEETING.test(sentence) ? "sentence" : null;
    const phrase = read.original(m.index, end).toLowerCase().replace(/\s+/g, " ").trim();
    // Only the sentence's words before it: "court tomorrow" is a deadline, "call me tomorrow, court is Friday" is not.
    const lead = before.slice(before.search(/[^.!?;\n]*$/));
    yield { phrase, deadline: DEADLINE_BEFORE.test(lead), theirs: isTheirs(...clause), meeting };
  }
}

/**
 * The first time the caller asks for, as written (lower case, single spaces), or null: the answer
 * to the question asking when. A deadline ("a statement by Friday", "court tomorrow") is no time to
 * call.
 *
 * @example extractTimePhrase("Could you come tomorrow morning?") // "tomorrow morning"
 * @example extractTimePhrase("It broke last Tuesday") // null
 * @example extractTimePhrase("They want a statement by Friday") // null
 */
export function extractTimePhrase(typed: string): string | null {
  return timesSaid(typed)[0] ?? null;
}

/**
 * Every time the caller gives, as written (lower case, single spaces), in order: not past, not a
 * deadline, not someone else's.
 *
 * @example timesSaid("any time wed, adjuster comes thursday") // ["any time", "wed"]
 */
export function timesSaid(typed: string): string[] {
  return [...timePhrases(typed)].filter((t) => !t.deadline && !t.theirs).map((t) => t.phrase);
}

/**
 * The time a reply asks to be called, to come or to meet, said in passing while answering another
 * question ("Burst pipe, can you come tomorrow morning?", "call me after 5"), or null: a day word
 * alone ("the adjuster wants a statement by Friday", "court tomorrow") says nothing of when to call.
 *
 * @example extractCallTime("Leaking sink, can you come tomorrow morning?") // "tomorrow morning"
 * @example extractCallTime("I have court tomorrow") // null
 */
export function extractCallTime(typed: string): string | null {
  const times = [...timePhrases(typed)].filter((t) => !t.deadline && !t.theirs);
  return (times.find((t) => t.meeting === "clause") ?? times.find((t) => t.meeting === "sentence"))?.phrase ?? null;
}
