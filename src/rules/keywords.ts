/**
 * Opt-out / opt-in / help keyword classification of an inbound text (compliance.md §1).
 * Pure: no I/O, no runtime-specific APIs.
 *
 * Two tiers, as recommended in §1.5:
 * - **keyword**: the whole message, normalised, is exactly one keyword (STOP, "opt-out", "Arrêt.").
 * - **intent**: a clear free-text opt-out ("please stop texting me", "wrong number", "no más").
 *   The FCC counts any wording a reasonable person would read as "stop" (§1.1), but opting out a
 *   customer who wanted a plumber is expensive too, so intents must be the whole message (give or
 *   take polite padding) or a short message that starts with a strong phrase. Opt-in and help are
 *   keyword-only: a sentence starting with "yes" or "help" is conversation.
 */

export type KeywordClass = "opt_out" | "opt_in" | "help" | null;

export interface KeywordResult {
  kind: KeywordClass; // null = ordinary conversation
  /** how it matched: an exact keyword after normalisation, or a clear free-text intent */
  via: "keyword" | "intent" | null;
  /** the matched keyword or phrase, for the consent ledger's evidence */
  matched: string | null;
  /** a conversation the business should look at (e.g. "cancel my appointment for friday") */
  flag: "cancellation_request" | null;
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

/** Politeness and greetings that may surround a request without changing it (sentence form). */
const PADDING: readonly (readonly string[])[] = [
  ["PLEASE"], ["PLS"], ["PLZ"], ["KINDLY"], ["JUST"],
  ["THANKS"], ["THANX"], ["THX"], ["TY"], ["THANKYOU"], ["THANK", "YOU"],
  ["OK"], ["OKAY"], ["SORRY"], ["HI"], ["HEY"], ["HELLO"],
  ["POR", "FAVOR"], ["GRACIAS"],
  ["MERCI"], ["SVP"], ["SIL", "VOUS", "PLAIT"],
];

interface IntentPhrase {
  /** sentence-form tokens */
  words: readonly string[];
  /**
   * true: may also start a short message ("stop texting me, I found someone"). false: only the whole
   * message, because a longer sentence starting with it is often ordinary ("wrong number on my
   * invoice", "remove me from Friday's schedule", "stop calling, just text me").
   */
  prefix: boolean;
}

/** A short message may start with a prefix phrase and say more; longer ones are conversation. */
const MAX_PREFIX_WORDS = 8;

const phrase = (text: string, prefix: boolean): IntentPhrase => ({ words: text.split(" "), prefix });

/**
 * Free-text opt-outs (§1.1 "other wording", §1.5 tier B), in sentence form (apostrophes dropped,
 * diacritics stripped, upper case). Kept small on purpose: each must read as "stop messaging me"
 * on its own.
 */
const INTENT_PHRASES: readonly IntentPhrase[] = [
  // English
  phrase("STOP TEXTING", true),
  phrase("STOP MESSAGING", true),
  phrase("STOP CONTACTING ME", true),
  phrase("STOP SENDING ME TEXTS", true),
  phrase("STOP SENDING ME MESSAGES", true),
  phrase("STOP SENDING TEXTS", true),
  phrase("STOP SENDING MESSAGES", true),
  phrase("QUIT TEXTING", true),
  phrase("QUIT MESSAGING", true),
  phrase("DONT TEXT ME", true),
  phrase("DO NOT TEXT ME", true),
  phrase("DONT MESSAGE ME", true),
  phrase("DO NOT MESSAGE ME", true),
  phrase("DONT TEXT THIS NUMBER", true),
  phrase("DO NOT TEXT THIS NUMBER", true),
  phrase("REMOVE ME FROM YOUR LIST", true),
  phrase("REMOVE ME FROM THIS LIST", true),
  phrase("REMOVE ME FROM YOUR TEXT LIST", true),
  phrase("REMOVE ME FROM YOUR TEXTING LIST", true),
  phrase("REMOVE ME FROM YOUR MAILING LIST", true),
  phrase("REMOVE ME FROM YOUR CONTACT LIST", true),
  phrase("TAKE ME OFF YOUR LIST", true),
  phrase("TAKE ME OFF THIS LIST", true),
  phrase("TAKE ME OFF YOUR TEXT LIST", true),
  phrase("TAKE ME OFF YOUR TEXTING LIST", true),
  phrase("TAKE ME OFF YOUR MAILING LIST", true),
  phrase("UNSUBSCRIBE ME", true),
  phrase("OPT ME OUT", true),
  phrase("I WANT TO UNSUBSCRIBE", true),
  phrase("I WANT TO OPT OUT", true),
  phrase("I WOULD LIKE TO UNSUBSCRIBE", true),
  phrase("I WOULD LIKE TO OPT OUT", true),
  phrase("ID LIKE TO UNSUBSCRIBE", true),
  phrase("ID LIKE TO OPT OUT", true),
  phrase("NO MORE TEXTS", true),
  phrase("NO MORE TEXT MESSAGES", true),
  phrase("NO MORE MESSAGES", true),
  phrase("NO MORE TEXTING", true),
  phrase("LEAVE ME ALONE", true),
  phrase("REMOVE ME", false),
  phrase("REMOVE MY NUMBER", false),
  phrase("TAKE ME OFF", false),
  phrase("WRONG NUMBER", false),
  phrase("YOU HAVE THE WRONG NUMBER", false),
  phrase("YOUVE GOT THE WRONG NUMBER", false),
  // "Stop it" / "stop now" as the whole reply to a text can only mean the texts.
  phrase("STOP IT", false),
  phrase("STOP NOW", false),
  // Texts are "calls" under the TCPA, and someone who says this wants no contact at all. Whole
  // message only: "stop calling, just text me" asks for texts.
  phrase("STOP CALLING", false),
  phrase("STOP CALLING ME", false),
  phrase("QUIT CALLING", false),
  phrase("QUIT CALLING ME", false),
  // Spanish: "No más" is the commentators' own example (§1.1).
  phrase("NO MAS", false),
  phrase("NO MAS MENSAJES", true),
  phrase("NO MAS TEXTOS", true),
  phrase("NO ME ESCRIBAN", true),
  phrase("NO ME ESCRIBAS", true),
  phrase("NO ME MANDEN MENSAJES", true),
  // French (Canada): imperatives of "arrêter" and "ne m'écrivez plus".
  phrase("ARRETEZ", false),
  phrase("ARRETEZ DE MECRIRE", true),
  phrase("ARRETEZ LES MESSAGES", true),
  phrase("NE MECRIVEZ PLUS", true),
];

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

/**
 * Apostrophe look-alikes, dropped before anything else so "don't", "don’t" and "don´t" all read
 * DONT (NFKC would turn ´ into a space plus a combining mark, splitting the word).
 */
const APOSTROPHES = /['\u2018\u2019\u201B\u02BC\u0060\u00B4\uFF07]/gu;

/** NFKC, strip diacritics and invisible format characters, upper-case. */
function fold(text: string): string {
  return text
    .normalize("NFKC") // full-width ＳＴＯＰ, ligatures, NBSP → ASCII forms
    .normalize("NFD")
    .replace(/\p{M}/gu, "") // accents, and emoji variation selectors
    .normalize("NFC")
    .replace(/\p{Cf}/gu, "") // zero-width spaces/joiners, BOM, bidi marks
    .toUpperCase();
}

/**
 * Normalise a message for the exact-keyword lookup: NFKC, diacritics stripped, upper case,
 * surrounding punctuation/quotes/emoji/symbols removed, and then hyphens, underscores, dots and
 * whitespace dropped so every spelling of a keyword collapses to one key.
 *
 * @example normalizeKeyword("🛑 Opt-Out!!") // "OPTOUT"
 * @example normalizeKeyword("Arrêt.") // "ARRET"
 */
export function normalizeKeyword(text: string): string {
  return fold(text)
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")
    // Dropping every inner space also covers collapsing them: "s t o p", "STOP ALL" (Telnyx, §1.3).
    .replace(/[\s\p{Pd}_.]/gu, "");
}

/** Sentence form for intent matching: words only, apostrophes dropped, everything else a space. */
function sentenceTokens(text: string): string[] {
  const words = fold(text.replace(APOSTROPHES, ""))
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return words === "" ? [] : words.split(" ");
}

function startsWith(tokens: readonly string[], words: readonly string[], at = 0): boolean {
  if (at < 0 || at + words.length > tokens.length) return false;
  return words.every((w, i) => tokens[at + i] === w);
}

/** Remove politeness from both ends ("please stop, thank you" → ["STOP"]). */
function stripPadding(tokens: readonly string[]): string[] {
  let start = 0;
  let end = tokens.length;
  let changed = true;
  while (changed && start < end) {
    changed = false;
    for (const pad of PADDING) {
      if (start + pad.length <= end && startsWith(tokens, pad, start)) {
        start += pad.length;
        changed = true;
      }
      if (end - pad.length >= start && startsWith(tokens, pad, end - pad.length)) {
        end -= pad.length;
        changed = true;
      }
    }
  }
  return tokens.slice(start, end);
}

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

  for (const p of INTENT_PHRASES) {
    if (core.length === p.words.length && startsWith(core, p.words)) return optOutIntent(p.words.join(" "));
    if (p.prefix && tokens.length <= MAX_PREFIX_WORDS && startsWith(core, p.words)) return optOutIntent(p.words.join(" "));
  }
  return null;
}

function mentionsCancellation(tokens: readonly string[]): boolean {
  return tokens.some((t, i) => CANCEL_WORDS.has(t) && !NEGATORS.has(tokens[i - 1] ?? ""));
}

/**
 * Classify an inbound text as opt-out, opt-in, help, or conversation (kind null), and flag
 * conversations that ask to cancel. Keywords win over intents; opt-in and help match only as exact
 * keywords. `via: "keyword"` says how *we* matched, not that the provider blocked: Twilio ignores
 * "OPT OUT" with a space, for instance (§1.3), so never skip our own suppression on it.
 *
 * @example classifyKeyword("Stop.") // { kind: "opt_out", via: "keyword", matched: "STOP", flag: null }
 * @example classifyKeyword("please stop texting me") // { kind: "opt_out", via: "intent", matched: "STOP TEXTING", flag: null }
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
  return { kind: null, via: null, matched: null, flag: mentionsCancellation(tokens) ? "cancellation_request" : null };
}
