/**
 * Free-text opt-outs (compliance.md §1.1 "other wording", §1.5 tier B), and the replies that may be
 * one without saying so clearly. Pure: no I/O.
 *
 * The FCC counts any wording a reasonable person would read as "stop" (§1.1), but opting out a
 * customer who wanted a plumber is expensive too. So a phrase opts out only as the whole message
 * (give or take politeness and "again"), or, for the strongest ones, at the start of a short
 * message. Anything else that sounds like it (a stop on its own followed by more, a clear phrase
 * inside a longer text, wording no provider lists) is not answered by automation: a person reads it
 * (§1.5 allows "flag them for the business to confirm quickly").
 */
import { contains, sentences, startsWith, stripPadding } from "./keyword-text";

/**
 * Where a phrase counts.
 * - `lead`: opts out as the whole message or at the start of a short one ("stop texting me, I found
 *   someone"); anywhere else, a person reads the text.
 * - `whole`: opts out only as the whole message, because a longer text starting with it is often
 *   ordinary ("wrong number on my invoice", "remove me from Friday's schedule"); anywhere else, a
 *   person reads the text.
 * - `sentence`: everyday words ("no more leaks since you came"): opts out as the whole message; a
 *   person reads a text that has it as a sentence of its own ("No more. We're all set").
 */
type Reach = "lead" | "whole" | "sentence";

interface IntentPhrase {
  words: readonly string[];
  reach: Reach;
}

/**
 * Every word list a pattern spells: `(A|B C)` is one of the choices, `(…)?` may be left out.
 *
 * @example expand("STOP (TEXTING|SENDING ME)?") // [["STOP", "TEXTING"], ["STOP", "SENDING", "ME"], ["STOP"]]
 */
export function expand(pattern: string): string[][] {
  let out: string[][] = [[]];
  for (const [, group, optional, word] of pattern.matchAll(/\(([^)]*)\)(\?)?|(\S+)/g)) {
    const choices = word !== undefined ? [[word]] : group!.split("|").map((c) => c.split(" "));
    if (optional) choices.push([]);
    out = out.flatMap((head) => choices.map((c) => [...head, ...c]));
  }
  return out;
}

/**
 * The phrases, in word form (apostrophes dropped, diacritics stripped, upper case, "do not" read
 * as DONT, texting shorthand spelled out: keyword-text.ts). Each must read as "stop messaging me".
 * Order matters only for the evidence recorded: the first match is kept.
 */
const PATTERNS: readonly [string, Reach][] = [
  // English
  ["(STOP|QUIT) (TEXTING|MESSAGING)", "lead"],
  ["STOP CONTACTING ME", "lead"],
  ["STOP SENDING (ME)? (TEXTS|MESSAGES|TEXT MESSAGES)", "lead"],
  ["STOP (THE|YOUR|ALL|THESE) (TEXTS|MESSAGES|TEXT MESSAGES)", "lead"],
  ["(STOP|QUIT) (BOTHERING|HARASSING|SPAMMING) (ME)?", "lead"],
  ["DONT (TEXT|MESSAGE|CONTACT) (ME|THIS NUMBER)", "lead"],
  ["DONT SEND ME (TEXTS|MESSAGES|ANYTHING)", "lead"],
  ["NEVER (TEXT|MESSAGE|CONTACT) ME", "lead"],
  ["REMOVE (ME|MY NUMBER) FROM (YOUR|THE|THIS) (TEXT|TEXTING|MAILING|CONTACT|CALL)? LIST", "lead"],
  ["TAKE (ME|MY NUMBER) OFF (YOUR|THE|THIS) (TEXT|TEXTING|MAILING|CONTACT|CALL)? LIST", "lead"],
  ["UNSUBSCRIBE ME", "lead"],
  ["OPT ME OUT", "lead"],
  ["(I WANT|I WOULD LIKE|ID LIKE) TO (UNSUBSCRIBE|OPT OUT)", "lead"],
  ["NO MORE (TEXTS|TEXT MESSAGES|MESSAGES|TEXTING)", "lead"],
  ["LEAVE ME ALONE", "lead"],
  ["DONT (TEXT|MESSAGE|CONTACT)", "whole"],
  ["STOP (SENDING|CONTACTING) (ME)?", "whole"],
  // Whole message only: "stop sending these guys, they were rude" is about the job.
  ["STOP SENDING (ME)? (THESE|THIS|THEM)", "whole"],
  ["NO TEXTS", "whole"],
  ["UNSUB", "whole"],
  ["(REMOVE|DELETE|LOSE) MY NUMBER", "whole"],
  ["REMOVE ME", "whole"],
  ["TAKE ME OFF", "whole"],
  ["(YOU HAVE|YOUVE GOT|YOU GOT)? (THE)? WRONG NUMBER", "whole"],
  // Texts are "calls" under the TCPA, and someone who says this wants no contact at all. Whole
  // message only: "stop calling, just text me" asks for texts.
  ["(STOP|QUIT) CALLING (ME)?", "whole"],
  ["NO MORE", "sentence"],
  // "Stop it" / "stop now" as the whole reply to a text can only mean the texts.
  ["STOP (IT|NOW)", "sentence"],
  // Spanish: "No más" is the commentators' own example (§1.1).
  ["NO MAS", "sentence"],
  ["NO MAS (MENSAJES|TEXTOS)", "lead"],
  ["NO ME (ESCRIBAN|ESCRIBAS|MANDEN MENSAJES)", "lead"],
  // French (Canada): imperatives of "arrêter" and "ne m'écrivez plus".
  ["ARRETEZ", "sentence"],
  ["ARRETEZ (DE MECRIRE|LES MESSAGES)", "lead"],
  ["NE MECRIVEZ PLUS", "lead"],
];

/** The patterns spelled out. */
const PHRASES: readonly IntentPhrase[] = PATTERNS.flatMap(([pattern, reach]) => expand(pattern).map((words) => ({ words, reach })));

/** A short message may start with a `lead` phrase and say more; longer ones are read by a person. */
const MAX_LEAD_WORDS = 8;

/**
 * Words after a `lead` phrase that may make it a condition, not a refusal ("don't text me after
 * 9pm", "stop texting me until Monday", "no more texts this week"): a person reads those.
 */
const CONDITIONS: ReadonlySet<string> = new Set([
  "UNTIL", "TILL", "TIL", "AFTER", "BEFORE", "AT", "BETWEEN", "DURING", "ON", "WHILE", "IF", "UNLESS",
  "EXCEPT", "ABOUT", "THIS", "NEXT", "TODAY", "TONIGHT", "TOMORROW", "LATE", "EARLY", "SO",
]);

/**
 * The phrase a message opts out with, or null: `core` is the message without politeness, `count`
 * how many words the whole message has.
 *
 * @example optOutPhrase(["DONT", "TEXT", "ME", "CALL", "ME", "INSTEAD"], 6) // "DONT TEXT ME"
 * @example optOutPhrase(["DONT", "TEXT", "ME", "AFTER", "9PM"], 5) // null
 */
export function optOutPhrase(core: readonly string[], count: number): string | null {
  for (const p of PHRASES) {
    if (core.length === p.words.length && startsWith(core, p.words)) return p.words.join(" ");
  }
  if (count > MAX_LEAD_WORDS) return null;
  for (const p of PHRASES) {
    if (p.reach !== "lead" || !startsWith(core, p.words)) continue;
    if (!core.slice(p.words.length).some((w) => CONDITIONS.has(w))) return p.words.join(" ");
  }
  return null;
}

/** Words that name an opt-out wherever they stand ("How do I opt out?", "unsubscribe my other number"). */
const OPT_OUT_WORDS: ReadonlySet<string> = new Set(["UNSUBSCRIBE", "UNSUB", "OPTOUT", "REVOKE", "STOPALL"]);

/**
 * Sentences that may be an opt-out but that no provider lists, so never one on their own: Spanish
 * BAJA and PARAR (compliance.md §1.4, UNVERIFIED), and a polite "not interested".
 */
const MAYBE_SENTENCES: readonly (readonly string[])[] = [["BAJA"], ["PARAR"], ["NOT", "INTERESTED"]];

/** Where "stop" is a visit, not a refusal: "stop by tomorrow", "stop in whenever". */
const VISITS: ReadonlySet<string> = new Set(["BY", "IN", "INTO", "OVER", "AT", "AROUND", "ON", "FOR", "OFF", "BACK", "HERE", "THERE"]);
/** What may follow "stop" before the thing to stop: "stop the leak" is about the job. */
const OBJECTS: ReadonlySet<string> = new Set(["THE", "THIS", "THAT", "THESE", "THOSE", "A", "AN", "IT", "MY", "OUR", "YOUR", "HIS", "HER", "THEIR"]);
/** The things to stop that are our messages: "stop your texts". */
const MESSAGING: ReadonlySet<string> = new Set(["TEXT", "TEXTS", "TEXTING", "MESSAGE", "MESSAGES", "MESSAGING", "CALLS", "CALLING", "SMS", "REMINDERS", "NOTIFICATIONS"]);
/** A request's opening: "can you stop?" */
const ASKING: ReadonlySet<string> = new Set(["CAN", "COULD", "WILL", "WOULD"]);

/**
 * A sentence that starts by telling us to stop ("Stop, I found someone", "can you stop?", "quit
 * it"), or ends "…you to stop"; not a visit ("stop by") nor a thing to stop ("stop the leak"), and
 * not a stop in the middle ("the toilet won't stop running").
 */
function tellsUsToStop(sentence: readonly string[]): boolean {
  let core = stripPadding(sentence);
  if (ASKING.has(core[0] ?? "") && core[1] === "YOU") core = stripPadding(core.slice(2));
  const n = core.length;
  if (n >= 3 && core[n - 3] === "YOU" && core[n - 2] === "TO" && (core[n - 1] === "STOP" || core[n - 1] === "QUIT")) return true;
  if (core[0] !== "STOP" && core[0] !== "QUIT") return false;
  const next = core[1];
  if (next === undefined) return true;
  if (VISITS.has(next)) return false;
  if (OBJECTS.has(next)) return core[2] === undefined || MESSAGING.has(core[2]);
  return true;
}

/** A sentence of its own that is an opt-out phrase, or starts with a `lead` one. */
function saysPhrase(sentence: readonly string[]): boolean {
  const core = stripPadding(sentence);
  return PHRASES.some((p) => (p.words.length === core.length || p.reach === "lead") && startsWith(core, p.words));
}

/**
 * Whether a reply that is no opt-out by itself may still be one, so a person should read it before
 * automation answers: a stop on its own followed by more, a clear phrase inside a longer text, an
 * opt-out word anywhere, wording no provider lists. `tokens` is the whole message as words.
 *
 * @example mayBeOptOut("Stop. I already found someone", [...]) // true
 * @example mayBeOptOut("can you stop by tomorrow?", [...]) // false
 * @example mayBeOptOut("no more leaks after your fix, thanks!", [...]) // false
 */
export function mayBeOptOut(text: string, tokens: readonly string[]): boolean {
  if (tokens.some((t) => OPT_OUT_WORDS.has(t)) || contains(tokens, ["OPT", "OUT"])) return true;
  if (PHRASES.some((p) => p.reach !== "sentence" && contains(tokens, p.words))) return true;
  return sentences(text).some((s) => {
    const core = stripPadding(s);
    return saysPhrase(s) || tellsUsToStop(s) || MAYBE_SENTENCES.some((m) => m.length === core.length && startsWith(core, m));
  });
}
