/**
 * What the caller needs, when their text says it outright ("I'd like to book a cleaning", "need a
 * plumber for a clogged drain", "water heater quote"), for the `service` answer of qualification
 * (DESIGN.md §6.2) when no question asked for it: someone who texts first. Pure: no I/O.
 *
 * A sentence says it when it names one of the business's services (its job values), or states a
 * request ("I need a…", "I'd like to book…") for more than a call, a talk or an appointment. The
 * answer is that sentence, as the caller wrote it, as a reply to the text-back's question is.
 */

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A request for something: the words after it say what. */
const REQUEST = /\b(?:i'?d\s+like|i\s+would\s+like|(?:i|we)\s+(?:really\s+|also\s+)?(?:need|want)|we'?d\s+like|looking\s+for|in\s+need\s+of|(?:book|schedule)\s+(?:a|an|me|us))\b|^\s*need\b/i;

/** A request to talk or to know something is for a person, not a service. */
const CONVERSATION = /^\s*(?:to\s+)?(?:talk|speak|chat|ask|know|find\s+out|check|confirm|hear|get\s+back|reach)\b/i;

/** Words that say nothing of what is needed ("to book an appointment soon", "someone to call me"). */
const EMPTY = new Set(
  ("a an the my our your to for with of in on at me us you someone somebody anyone please book schedule make get set up come out over by see "
    + "appointment appt appointments visit time slot quote estimate help info information call back text soon asap today tomorrow this next week "
    + "some more can could would like just also and or it one").split(" "),
);

/** Whether the words after a request name anything beyond a meeting or a call. */
function asksFor(rest: string): boolean {
  if (CONVERSATION.test(rest)) return false;
  return rest.toLowerCase().split(/[^a-z'-]+/).some((w) => w !== "" && !EMPTY.has(w));
}

/** The sentences of a text, each with its closing punctuation. */
const sentencesOf = (text: string) => (text.match(/[^.!?\n]+[.!?]*/g) ?? []).map((s) => s.trim()).filter(Boolean);

const MAX = 300;

/**
 * The sentence that says what the caller needs, or null.
 *
 * @example extractService("Do you take Delta Dental? I'd like to book a cleaning", ["cleaning"]) // "I'd like to book a cleaning"
 * @example extractService("Hi there, can someone call me?", []) // null
 */
export function extractService(text: string, services: readonly string[]): string | null {
  const named = services.filter((s) => s.trim() !== "").map((s) => new RegExp(`(?<![\\w])${escape(s.trim()).replace(/\s+/g, "\\s+")}(?![\\w])`, "i"));
  for (const sentence of sentencesOf(text)) {
    // A question asks about something ("Do you need my insurance card?"); only a named service in one counts.
    const request = sentence.endsWith("?") ? null : REQUEST.exec(sentence);
    const asks = request !== null && asksFor(sentence.slice(request.index + request[0].length));
    if (asks || named.some((p) => p.test(sentence))) return sentence.replace(/\s+/g, " ").slice(0, MAX);
  }
  return null;
}
