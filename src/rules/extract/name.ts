/**
 * The name a caller introduces themselves by ("Hi, it's Tom Nguyen", "this is Maria", "my name is
 * dana lee"), for the `name` answer of qualification (DESIGN.md §6.2). Pure: no I/O.
 *
 * Only an introduction counts, so "this is urgent" or "it's Delta Dental" (an answer to another
 * question) is no name: after "my name is" (unmistakable) any case is read; "it's", "this is" or
 * "I'm" must follow a greeting ("Hi, it's Tom"), or "this is" open the text, and the words must be
 * capitalised as names are.
 */

/** Words capitalised at the start of a phrase that are not names. */
const NOT_NAMES = new Set(
  [
    "a", "an", "the", "i", "me", "my", "our", "your", "we", "you", "it", "this", "that", "here", "there", "just", "not", "so", "very", "really",
    "still", "also", "only", "about", "regarding", "re", "for", "from", "with", "and", "or", "but", "to", "in", "on", "at", "of", "is", "am",
    "urgent", "emergency", "important", "back", "again", "calling", "texting", "looking", "trying", "having", "going", "getting", "ok", "okay",
    "yes", "no", "fine", "good", "great", "done", "broken", "leaking", "available", "interested", "hi", "hello", "hey", "thanks", "thank", "sorry", "please", "mom", "dad", "mr", "mrs", "ms", "dr", "new", "existing", "already", "patient",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "tonight",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
  ],
);

/** A word of a name: letters, with an inner apostrophe or hyphen ("O'Brien", "Mary-Kate"), no possessive. */
const WORD = String.raw`[A-Za-z][a-z]*(?:['’-][A-Za-z][a-z]+)*`;

/** An introduction after a greeting, or "this is" opening the text. */
const OPENING = String.raw`(?:\b(?:hi|hello|hey|good\s+(?:morning|afternoon|evening))[,!.]?\s+(?:it's|it’s|it\s+is|this\s+is|i'm|i’m|i\s+am)|^\s*this\s+is)`;

const MY_NAME_IS = new RegExp(String.raw`\b(?:my name is|my name's|name is|the name is)\s+(${WORD}(?:\s+${WORD}){0,2})`, "i");
const INTRODUCED = new RegExp(String.raw`${OPENING}\s+(${WORD}(?:\s+${WORD}){0,2})`, "gi");
/** The answer to "What's your name?": "it's tom", "I'm Dana Lee", "this is Maria". */
const ANSWERED = new RegExp(String.raw`^\s*(?:it's|it’s|its|it\s+is|this\s+is|i'm|i’m|im|i\s+am)\s+(${WORD}(?:\s+${WORD}){0,2})`, "i");

export const titled = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Whether a word, capitalised or not, is one that opens a phrase but is never a name ("my", "urgent", "Friday"). */
export const notAName = (word: string) => NOT_NAMES.has(word.toLowerCase());

/** The leading words of `words` that can be a name (stopping at the first that cannot), at most three. */
function nameWords(words: string[], capitalised: boolean): string[] {
  const out: string[] = [];
  for (const word of words) {
    if (NOT_NAMES.has(word.toLowerCase()) || (capitalised && !/^[A-Z]/.test(word))) break;
    out.push(word);
  }
  return out;
}

/**
 * The name the text introduces, each word capitalised, or null. `answering`: the text answers a
 * question asking the name, so "it's tom" at its start is a name too.
 *
 * @example extractName("Hi it's Tom Nguyen, I'm already a patient") // "Tom Nguyen"
 * @example extractName("my name is dana lee and I need a cleaning") // "Dana Lee"
 * @example extractName("this is urgent, my tooth broke") // null
 */
export function extractName(text: string, answering = false): string | null {
  const said = MY_NAME_IS.exec(text) ?? (answering ? ANSWERED.exec(text) : null);
  if (said) {
    const words = nameWords(said[1]!.split(/\s+/), false);
    if (words.length > 0) return words.map(titled).join(" ");
  }
  for (const m of text.matchAll(INTRODUCED)) {
    const words = nameWords(m[1]!.split(/\s+/), true);
    if (words.length > 0) return words.join(" ");
  }
  return null;
}
