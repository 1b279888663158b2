/**
 * Whether a caller's words take back the urgent word they use (DESIGN.md §6.3 "not negated"). Only
 * a negation of the thing itself does: "no pain", "not bleeding anymore", "don't have any
 * swelling", "no longer swollen", "the leak stopped". A negation of something else leaves it
 * urgent: a remedy that fails ("Advil doesn't touch the pain", "nothing helps the swelling", "can't
 * stop the bleeding"), or an emergency that won't end ("won't stop", "isn't getting better"). When
 * in doubt the words stay urgent: a false alarm costs less than a missed emergency. An emergency
 * that is over is taken back too: one in the past ("the furnace died last winter") or said to be
 * fixed since ("the heat went out but it's working again"), or thanked for as done ("thanks for
 * fixing the burst pipe": a customer after the job, not a new emergency). Pure: no I/O.
 */

/** Words that say no (apostrophes as typed or left out). */
export const NEGATORS: readonly string[] = [
  "no", "not", "never", "nothing", "none", "nobody", "without", "nor", "neither", "ain't",
  "can't", "cannot", "couldn't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
  "won't", "wouldn't", "hasn't", "haven't", "hadn't",
];

const key = (word: string) => word.toLowerCase().replace(/'/g, "");

const NEGATOR_KEYS: ReadonlySet<string> = new Set(NEGATORS.map(key));

/** Words before the thing that say it is over ("stopped leaking", "fixed the leak"). */
const ENDERS: ReadonlySet<string> = new Set(["stopped", "fixed"]);

/**
 * Words that may stand between a negator and the thing it takes back: articles, amounts, "be" and
 * "have", seeing and feeling ("don't see any leak"), "think it's" ("don't think it's an
 * emergency"). A verb not listed ("doesn't touch", "nothing helps", "can't stop") means the
 * negator is about that verb, not the thing.
 */
const BETWEEN: ReadonlySet<string> = new Set([
  "a", "an", "any", "the", "my", "our", "his", "her", "their", "its", "it", "i", "we", "there", "theres",
  "that", "so", "too", "very", "really", "super", "all", "much", "more", "longer", "real", "actual", "actually",
  "major", "big", "serious", "obvious", "visible", "sign", "signs", "of", "trace", "evidence", "anything",
  "currently", "actively", "even", "yet", "ever", "anymore",
  "is", "be", "been", "was", "were", "are", "am", "being",
  "have", "has", "had", "having", "experiencing",
  "see", "seeing", "saw", "notice", "noticed", "noticing", "feel", "feeling", "felt", "smell", "smelling",
  "think", "seem", "seems", "look", "looks", "like", "sound", "sounds",
]);

/** Most words that may stand between a negator and the thing. */
const MAX_BETWEEN = 4;

/** Where a clause ends, so "no pain, but it's swollen" leaves the swelling urgent. */
const CLAUSE_BREAK = /[.,;:!?\n]|\s-\s|\b(?:but|though|although|however|except)\b/i;

/** Words right after the thing that say it is over ("the leak stopped", "swelling's gone", "bleeding went down"). */
const ENDED =
  /^(?:'s|\s+(?:is|has|was|got|had|have|are|were)(?:\s+been)?)?(?:\s+(?:now|finally|already|all))?\s+(?:stopped|fixed|gone|resolved|over|sorted|(?:went|gone)\s+(?:away|down)|under\s+control|cleared\s+up)\b/i;

/**
 * A time that puts the thing in the past, as an episode that is over: "died last winter", "quit 2
 * years ago". Last night, this morning, an hour or two days ago are the emergency still going on,
 * and so is anything "since last week" or "for the last month".
 */
const PAST =
  /\b(?<!\b(?:since|for|the|past)\s+)(?:last\s+(?:week|month|year|winter|fall|autumn|spring|summer|season)|(?:\d+|a|an|one|two|three|four|five|six|few|couple|several|many)\s+(?:of\s+)?(?:weeks?|months?|years?)\s+ago|a\s+(?:few|couple)\s+(?:of\s+)?(?:weeks|months|years)\s+ago|a\s+while\s+(?:ago|back)|(?:back\s+)?in\s+(?:19|20)\d\d)\b/i;

/** Where the time of a thing stops applying: a clause break, or another thing joined by "and". */
const TIME_BREAK = /[.,;:!?\n]|\s-\s|\b(?:and|but|though|although|however|so|now|then)\b/i;

/**
 * Later words that say the thing is over: "it's working again", "came back on", "was fixed". Not
 * "be fixed" or "be back on": a caller asking when it will be is still waiting.
 */
const RESOLVED =
  /\b(?:(?:is|are|it'?s|it\s+is|they'?re|was|were|been|got)\s+(?:now\s+|finally\s+|all\s+)?(?:fixed|repaired|(?:working|running)\s+(?:again|fine)|back\s+(?:on|up))|(?:working|running)\s+again|came\s+back\s+on)\b/i;

/** Later words that bring a past episode back to now: "flooded last week and again today". */
const ONGOING = /\b(?:again|still|today|tonight|right\s+now)\b/i;

/**
 * Thanks for work done on the thing, in the sentence before it: "thanks for fixing the burst pipe",
 * "thank you for coming out so fast for the flood". Only thanks: "need help fixing the leak" is a job.
 */
const THANKED_FOR =
  /\b(?:thanks|thank\s+(?:you|u)|thx|ty|appreciate(?:d)?)\b[^.!?\n]*\b(?:fix(?:ing|ed)?|repair(?:ing|ed)?|sort(?:ing|ed)|(?:taking|took)\s+care\s+of|handl(?:ing|ed)|c(?:oming|ame)\s+out)\b[^.!?\n]*$/i;

/** Whether the thing at `start`…`end` is a past episode, said to be over later in the text, or thanked for as done. */
function over(text: string, start: number, end: number): boolean {
  const rest = text.slice(end);
  const after = rest.split(TIME_BREAK)[0] ?? "";
  const before = text.slice(0, start).split(TIME_BREAK).at(-1) ?? "";
  if (THANKED_FOR.test(text.slice(0, start)) && !ONGOING.test(rest)) return true;
  return ((PAST.test(after) || PAST.test(before)) && !ONGOING.test(rest)) || RESOLVED.test(rest);
}

/** The words of the clause before `index`, nearest last, lower case, apostrophes dropped. */
function wordsBefore(text: string, index: number): string[] {
  const clause = text.slice(0, index).split(CLAUSE_BREAK).at(-1) ?? "";
  return clause
    .split(/\s+/)
    .map((w) => key(w).replace(/[^a-z0-9]/g, ""))
    .filter(Boolean);
}

/**
 * Whether the words before the thing take it back: a negator, with only words of BETWEEN after it
 * (or the other half of "no fever or swelling").
 */
function negatedBefore(words: readonly string[]): boolean {
  let between = 0;
  // After "or"/"nor" the words back to the negator are the list's other item: "no fever or swelling".
  let listItem = 0;
  for (let i = words.length - 1; i >= 0 && between <= MAX_BETWEEN; i--) {
    const w = words[i]!;
    if (NEGATOR_KEYS.has(w) || ENDERS.has(w)) return w !== "never" || between === 0;
    if (w === "or" || w === "nor") {
      listItem = 2;
      continue;
    }
    if (listItem > 0) listItem--;
    else if (!BETWEEN.has(w)) return false;
    between++;
  }
  return false;
}

/**
 * Whether the caller takes back the thing they named at `start`…`end` of `text` (the text in
 * matching form). A phrase that is itself a negation ("no heat", "can't breathe") is never taken
 * back by a negator before it: "we don't have no heat" has no heat.
 *
 * @example isNegated("Advil doesn't touch the severe pain", 21, 32, "severe pain") // false
 * @example isNegated("I don't have any swelling", 17, 25, "swelling") // true
 */
export function isNegated(text: string, start: number, end: number, phrase: string): boolean {
  if (ENDED.test(text.slice(end)) || over(text, start, end)) return true;
  const first = key(phrase.trim().split(/\s+/)[0] ?? "");
  if (NEGATOR_KEYS.has(first)) return false;
  return negatedBefore(wordsBefore(text, start));
}
