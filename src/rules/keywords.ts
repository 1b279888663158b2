/**
 * Opt-out / opt-in / help keyword classification of an inbound text (compliance.md §1).
 * Pure: no I/O, no runtime-specific APIs.
 *
 * Two tiers, as recommended in §1.5:
 * - **keyword**: the whole message, normalised, is exactly one keyword (STOP, "opt-out", "Arrêt.").
 * - **intent**: a clear free-text opt-out ("please stop texting me", "don't text", "no más"), the
 *   whole message give or take politeness, or a short message that starts with a strong phrase
 *   (opt-out-intent.ts).
 * A reply that may be an opt-out without saying so clearly ("Stop, I found someone") is no opt-out
 * but is flagged, so a person reads it before automation answers. Opt-in and help are keyword-only:
 * a sentence starting with "yes" or "help" is conversation.
 */
import { normalizeKeyword, sentences, sentenceTokens, stripPadding } from "./keyword-text";
import { mayBeOptOut, optOutPhrase } from "./opt-out-intent";

export { normalizeKeyword } from "./keyword-text";

export type KeywordClass = "opt_out" | "opt_in" | "help" | null;

export type KeywordFlag = "possible_opt_out" | "cancellation_request" | null;

export interface KeywordResult {
  kind: KeywordClass; // null = ordinary conversation
  /** how it matched: an exact keyword after normalisation, or a clear free-text intent */
  via: "keyword" | "intent" | null;
  /** the matched keyword or phrase, for the consent ledger's evidence */
  matched: string | null;
  /**
   * A conversation a person should read before automation answers it: it may be an opt-out ("Stop,
   * I found someone") or asks to cancel ("cancel my appointment for friday").
   */
  flag: KeywordFlag;
}

/**
 * Exact opt-out keywords.
 * - STOP … OPTOUT: FCC per-se words (§1.1) and Twilio's default list incl. REVOKE/OPTOUT (§1.3).
 *   Telnyx's two-word "STOP ALL" (§1.3) becomes STOPALL because inner spaces are dropped.
 * - ARRET, ARRETE, ARRETT: French (Canada) — AWS Canada and Twilio Proxy (§1.3 Proxy, §1.4).
 * - ALTO: Spanish, Twilio's Spanish short-code requirements (§1.4).
 * Deliberately absent: PARAR (in no provider list, §1.4), BAJA/CANCELAR (UNVERIFIED, §1.4), and
 * AWS-only REMOVE/TD (§1.3 "Other references"; we do not send through AWS, and a bare "remove" is
 * an ordinary answer in a service business: "remove the old heater?" — "Remove").
 */
export const OPT_OUT_KEYWORDS = [
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "REVOKE",
  "OPTOUT",
  "ARRET",
  "ARRETE",
  "ARRETT",
  "ALTO",
] as const;

/** Exact opt-in keywords: Twilio's START, YES, UNSTOP (§1.3); UNSTOP is also the toll-free carrier's word. */
export const OPT_IN_KEYWORDS = ["START", "YES", "UNSTOP"] as const;

/** Exact help keywords: HELP, INFO (Twilio, §1.3), AIDE (French Canada) and AYUDA (Spanish) (§1.4). */
export const HELP_KEYWORDS = ["HELP", "INFO", "AIDE", "AYUDA"] as const;

const OPT_OUT_SET: ReadonlySet<string> = new Set(OPT_OUT_KEYWORDS);
const OPT_IN_SET: ReadonlySet<string> = new Set(OPT_IN_KEYWORDS);
const HELP_SET: ReadonlySet<string> = new Set(HELP_KEYWORDS);

/**
 * Opt-out keywords that still count when wrapped in politeness ("STOP please", "Stop. Thank you",
 * §1.3 notes Twilio misses these). CANCEL and END are left out: "please cancel" usually means the
 * appointment, so it is flagged for the business instead, and "end please" is too vague.
 */
const PADDABLE_OPT_OUT: ReadonlySet<string> = new Set(OPT_OUT_KEYWORDS.filter((k) => k !== "CANCEL" && k !== "END"));

/**
 * Words that mean the caller wants to cancel something (usually the job), when the message is not
 * itself an opt-out. Raising a flag is cheap: the business just reads the message.
 */
const CANCEL_WORDS: ReadonlySet<string> = new Set([
  "CANCEL", "CANCELS", "CANCELED", "CANCELLED", "CANCELING", "CANCELLING", "CANCELATION", "CANCELLATION",
  "CANCELAR", "ANNULER",
]);
/** "please don't cancel" is not a cancellation. */
const NEGATORS: ReadonlySet<string> = new Set(["DONT", "NOT", "NEVER", "NO"]);

function optOutIntent(matched: string): KeywordResult {
  return { kind: "opt_out", via: "intent", matched, flag: null };
}

/** A clear free-text opt-out, or null. */
function matchIntent(tokens: readonly string[]): KeywordResult | null {
  const core = stripPadding(tokens);
  const first = core[0];
  if (first === undefined) return null;

  // A paddable keyword wrapped in politeness ("STOP please", "opt out, thanks"), or repeated
  // ("stop stop stop"). Joining tokens mirrors normalizeKeyword dropping inner spaces.
  const joined = core.join("");
  if (PADDABLE_OPT_OUT.has(joined)) return optOutIntent(joined);
  if (core.length > 1 && PADDABLE_OPT_OUT.has(first) && core.every((t) => t === first)) return optOutIntent(first);
  const phrase = optOutPhrase(core, tokens.length);
  return phrase ? optOutIntent(phrase) : null;
}

/**
 * An opt-out keyword as a sentence of its own ("Stop. I found someone", "End please"). CANCEL is
 * left to the cancellation flag: "Cancel, something came up" is usually about the job.
 */
function keywordSentence(text: string): boolean {
  return sentences(text).some((s) => {
    const key = stripPadding(s).join("");
    return key !== "CANCEL" && OPT_OUT_SET.has(key);
  });
}

function mentionsCancellation(tokens: readonly string[]): boolean {
  return tokens.some((t, i) => CANCEL_WORDS.has(t) && !NEGATORS.has(tokens[i - 1] ?? ""));
}

/**
 * Classify an inbound text as opt-out, opt-in, help, or conversation (kind null), and flag
 * conversations a person should read first: a possible opt-out, a request to cancel. Keywords win over intents; opt-in and help match only as exact
 * keywords. `via: "keyword"` says how *we* matched, not that the provider blocked: Twilio ignores
 * "OPT OUT" with a space, for instance (§1.3), so never skip our own suppression on it.
 *
 * @example classifyKeyword("Stop.") // { kind: "opt_out", via: "keyword", matched: "STOP", flag: null }
 * @example classifyKeyword("please stop texting me") // { kind: "opt_out", via: "intent", matched: "STOP TEXTING", flag: null }
 * @example classifyKeyword("Stop, I found someone") // { kind: null, via: null, matched: null, flag: "possible_opt_out" }
 * @example classifyKeyword("cancel my appointment for friday") // { kind: null, via: null, matched: null, flag: "cancellation_request" }
 */
export function classifyKeyword(text: string): KeywordResult {
  const key = normalizeKeyword(text);
  if (OPT_OUT_SET.has(key)) return { kind: "opt_out", via: "keyword", matched: key, flag: null };
  if (OPT_IN_SET.has(key)) return { kind: "opt_in", via: "keyword", matched: key, flag: null };
  if (HELP_SET.has(key)) return { kind: "help", via: "keyword", matched: key, flag: null };

  const tokens = sentenceTokens(text);
  const intent = matchIntent(tokens);
  if (intent) return intent;
  const flag = keywordSentence(text) || mayBeOptOut(text, tokens) ? "possible_opt_out" : mentionsCancellation(tokens) ? "cancellation_request" : null;
  return { kind: null, via: null, matched: null, flag };
}
