/**
 * What a reply says the caller needs, once the words that answer other questions are taken out
 * (DESIGN.md §6.2): a caller's first reply often opens with a greeting, who they are and whether
 * they are a patient ("Hey this is Dana, I'm already a patient, my crown fell out"), and only the
 * rest ("my crown fell out") is the service. Pure: no I/O.
 *
 * Only what the extractors recognise is taken out (a name extract/name.ts finds, a standing
 * extract/patient-status.ts finds), so a reply they do not understand stays whole, as before.
 */
import { extractName } from "./name";
import { extractPatientStatus } from "./patient-status";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Greetings and courtesies that open a text ("Hi there,", "Good morning!", "Hello hello"). */
export const GREETING = /^\s*(?:(?:hi|hii+|hello|hey|heya|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening|day))(?:\s+(?:there|all|guys|folks|team))?\b[\s,!.:;-]*)+/i;

/** How a name is introduced before it ("it's", "this is", "my name is"), optional. */
const INTRO = String.raw`(?:(?:it's|it’s|its|it\s+is|this\s+is|i'm|i’m|im|i\s+am|my\s+name\s+is|my\s+name's|my\s+name’s|name\s+is|the\s+name\s+is|name's)\s+)?`;

/** Words before a patient's standing: "I'm", "and I'm a", "we are". */
const STATUS_LEAD = String.raw`(?:(?:and|but|also)\s+)?(?:(?:i'?m|i’m|i\s+am|we'?re|we’re|we\s+are|i'?ve\s+been|i’ve\s+been|i\s+have\s+been|i'?ve|i’ve|i\s+have|i\s+was|she'?s|he'?s|my\s+\w+\s+is)\s+)?(?:(?:already|also|still)\s+)?(?:(?:a|an)\s+)?`;

/** A patient's standing, as extract/patient-status.ts reads it. */
const STATUS_CORE = [
  String.raw`(?:existing|current|returning|regular|established|new|not\s+(?:a\s+)?new)\s+patient`,
  String.raw`already\s+(?:a\s+)?(?:patient|seen\s+(?:by|at)|see\s+(?:dr|doctor))`,
  String.raw`patient\s+(?=of|with|at|there|here)`,
  String.raw`never\s+been\s+(?:a\s+patient|to|in|there|seen)`,
  String.raw`first\s+(?:time|visit)\s+(?:patient)?`,
].join("|");

/** What may follow a standing and belongs to it: "here", "of Dr. Lee", "for years", "to your office". */
const STATUS_TAIL = String.raw`(?:\s*(?:here|there|(?:your|the)\s+(?:office|practice|clinic)|of\s+(?:dr\.?|doctor)\s*[A-Z][a-z]+|with\s+(?:you|you\s+guys|(?:dr\.?|doctor)\s*[A-Z][a-z]+)|at\s+(?:your|the)\s+(?:office|practice|clinic)|(?:to|in|at)\s+(?:your|the)\s+(?:office|practice|clinic)|(?:by|at|with)\s+(?:dr\.?|doctor)\s*[A-Z][a-z]+|for\s+(?:years|a\s+while|a\s+long\s+time|\d+\s+years)|(?:last|this)\s+year|before))*`;

const STATUS = new RegExp(String.raw`${STATUS_LEAD}(?:${STATUS_CORE})${STATUS_TAIL}(?![\w'])`, "gi");

/** Words that are no answer on their own ("thanks", "here", "please"). */
const EMPTY_WORDS = new Set(
  "a an and but so also or the thanks thank you thx ty please pls ok okay yes yeah yep sure hi hello hey here there again just um uh well hmm oh i me".split(" "),
);

/** The text with `name` and the words introducing it taken out ("this is Dana Lee here" → ""). */
function withoutName(text: string, name: string): string {
  const words = name.split(/\s+/).map(escape).join(String.raw`\s+`);
  return text.replace(new RegExp(String.raw`${INTRO}${words}(?:\s+here)?(?![\w'’])`, "i"), " ");
}

/** Stray punctuation and joining words left at the seams once parts are taken out. */
function tidy(text: string): string {
  let out = text.replace(/\s+/g, " ");
  // A clause taken out leaves its commas behind: ", , my crown" → ", my crown".
  out = out.replace(/\s*([,;:])(?:\s*[,;:])+/g, "$1").replace(/\s+([,.;:!?])/g, "$1");
  for (let before = ""; before !== out; ) {
    before = out;
    out = out.replace(/^[\s,.;:!?'’"-]+/, "").replace(/^(?:and|but|so|also|plus)\b\s*/i, "");
    out = out.replace(/[\s,;:-]+$/, "").replace(/\s+(?:and|but|so|also)$/i, "");
  }
  return out;
}

/** Whether what is left says anything: a word beyond thanks and fillers. */
function saysSomething(text: string): boolean {
  return text
    .toLowerCase()
    .split(/[^a-z0-9'’-]+/)
    .some((w) => w !== "" && !EMPTY_WORDS.has(w));
}

/**
 * The reply as the answer to "What can we help you with?": without its greeting, the name it
 * introduces and the patient's standing it states, as the caller wrote the rest; null when nothing
 * meaningful is left (the service question is still open).
 *
 * @example serviceAnswer("Hey this is Dana, my crown fell out") // "my crown fell out"
 * @example serviceAnswer("Hi it's Tom, I'm already a patient") // null
 * @example serviceAnswer("My water heater is leaking") // "My water heater is leaking"
 */
export function serviceAnswer(reply: string): string | null {
  let text = reply.replace(/\s+/g, " ").trim();
  const name = extractName(text);
  text = text.replace(GREETING, "");
  if (name) text = withoutName(text, name);
  if (extractPatientStatus(reply)) text = text.replace(STATUS, " ");
  const left = tidy(text);
  return saysSomething(left) ? left : null;
}
