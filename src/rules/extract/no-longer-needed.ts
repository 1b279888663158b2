/**
 * A caller calling off their own request ("nvm found my spare key", "never mind, got in", "all good
 * now, no longer need you"), for the line (DESIGN.md §6.2, §6.3): such a reply answers no question
 * and names nobody; the questions stop, and whoever was paged about them is stood down. Errs towards
 * not reading it: a page stood down wrongly leaves someone locked out, so "never mind the car, my son
 * is locked in the house", "still need you" or a question of theirs is no cancellation. Read in
 * matching form (match-text.ts: "don’t" is "don't"). Pure: no I/O.
 */
import { matchText } from "../match-text";
import { asksQuestion } from "../first-reply";

/** What follows "nvm" or "never mind" when it calls the request off: the end, a pause, or how it got sorted ("nvm the breaker reset"). */
const AFTER_NEVER_MIND = String.raw`(?=\s*(?:[,.!:;-]|$)|\s+(?:i|i'm|im|we|we're|found|got|it's|its|all|just|no|figured|sorted|someone|my\s+(?:wife|husband|son|daughter|roommate|neighbor|landlord|partner)|problem|(?:the\s+)?(?:power|breaker|heat|ac|furnace|water|electricity)(?:'s|\s+is|\s+has)?\s+(?:reset|back|came\s+back|kicked\s+(?:back\s+)?on|(?:is\s+)?working)))`;

/** Something back to working ("power's back on", "breaker reset"), then said to be fine: "…, we're good". */
const BACK_AND_FINE =
  /\b(?:the\s+)?(?:power|breaker|heat|ac|furnace|water|electricity)(?:'s|\s+is|\s+has)?\s+(?:back(?:\s+on)?|reset|came\s+back(?:\s+on)?)\b[^.!?]*\b(?:all good|we're good|were good|good now|all set|no need)\b/;

const CALLED_OFF: readonly RegExp[] = [
  new RegExp(String.raw`^\s*(?:ok(?:ay)?[\s,]+)?(?:nvm|never\s?mind|nevermind|disregard|scratch that)\b${AFTER_NEVER_MIND}`),
  /\bno longer (?:need|needed|required)\b/,
  /\b(?:don't|do not|dont) need (?:you|help|your help|anyone|anybody|someone|a locksmith|it|the service|a tech|a technician)(?: guys)? (?:anymore|any more|now|after all|no more)\b/,
  /\b(?:found|got|located) (?:my|the|our|a) (?:spare |extra |other )?keys?\b(?! made| cut| copied)(?![^.!]*\b(?:but|broke|broken|snapped|stuck|doesn't|won't)\b)/,
  /\b(?:all good|we're good|were good|i'm good|im good|all set|all sorted|all fixed) now\b/,
  /\b(?:figured it out|problem solved|sorted it out|got it sorted)\b/,
  BACK_AND_FINE,
  /\b(?:got|managed to get|able to get|got the door|got the car|got it) (?:in|inside|open|opened)(?=\s*(?:[,.!]|$|now|already|after all|thanks|thank you|thx|ty))/,
];

/** Words that say help is still needed, whatever else the text says. */
const STILL_NEEDED = /\b(?:still (?:need|locked|stuck|can't|cant)|not (?:all )?(?:good|set|sorted)|need (?:you|help|someone) (?:now|asap|still))\b/;

/**
 * Whether the caller says they no longer need help.
 *
 * @example saysNoLongerNeeded("nvm found my spare key") // true
 * @example saysNoLongerNeeded("never mind the car, my son is locked in the house") // false
 */
export function saysNoLongerNeeded(text: string): boolean {
  const read = matchText(text).text.toLowerCase();
  if (STILL_NEEDED.test(read) || asksQuestion(text)) return false;
  return CALLED_OFF.some((p) => p.test(read));
}
