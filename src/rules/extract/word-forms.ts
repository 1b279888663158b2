/**
 * The forms of a word callers use for the same thing, so a business that lists "swelling" also hears
 * "swollen", and "can't breathe" also matches "cannot breathe" (DESIGN.md §6.3). Pure: no I/O.
 *
 * Families are written out rather than guessed by stripping endings: "fire" must not match
 * "fired", nor "leak" "leaky", nor "flood" "floodlight". Any word also takes a plural.
 */

const FAMILIES: readonly (readonly string[])[] = [
  // dental
  ["swell", "swells", "swelled", "swelling", "swellings", "swollen", "swolen"],
  ["bleed", "bleeds", "bleeding", "bled"],
  ["break", "breaks", "breaking", "broke", "broken"],
  ["tooth", "teeth"],
  ["breathe", "breathes", "breathing", "breath"],
  ["swallow", "swallows", "swallowing", "swallowed"],
  ["spread", "spreads", "spreading"],
  ["abscess", "abscesses", "abscessed"],
  ["infection", "infections", "infected"],
  ["fever", "fevers", "feverish"],
  // home services
  ["leak", "leaks", "leaking", "leaked"],
  ["flood", "floods", "flooding", "flooded"],
  ["burst", "bursts", "bursting"],
  ["freeze", "freezes", "freezing", "froze", "frozen"],
  ["overflow", "overflows", "overflowing", "overflowed"],
  ["smell", "smells", "smelling", "smelled", "smelt"],
  ["heat", "heating"],
  ["spark", "sparks", "sparking", "sparked"],
  ["die", "dies", "died", "dying", "dead"],
  ["quit", "quits", "quitting"],
  // water coming in, a roof or ceiling giving way, a tree through it
  ["pour", "pours", "pouring", "poured"],
  ["drip", "drips", "dripping", "dripped"],
  ["get", "gets", "getting", "got", "gotten"],
  ["come", "comes", "coming", "came"],
  ["fall", "falls", "falling", "fell", "fallen"],
  ["cave", "caves", "caving", "caved"],
  ["collapse", "collapses", "collapsing", "collapsed"],
  ["sag", "sags", "sagging", "sagged"],
  ["blow", "blows", "blowing", "blew", "blown"],
  ["rip", "rips", "ripping", "ripped"],
  ["tear", "tears", "tearing", "tore", "torn"],
  ["crash", "crashes", "crashing", "crashed"],
  ["shatter", "shatters", "shattering", "shattered"],
  ["smash", "smashes", "smashing", "smashed"],
  // legal
  ["arrest", "arrests", "arrested"],
  ["eviction", "evictions", "evict", "evicts", "evicted", "evicting"],
  ["threaten", "threatens", "threatened", "threatening"],
  ["hurt", "hurts", "hurting"],
  // the same word spelled out, with or without its apostrophe (apostrophes are optional anyway)
  ["can't", "cannot", "can not"],
  ["won't", "will not"],
  ["don't", "do not"],
  ["doesn't", "does not"],
  ["isn't", "is not"],
  ["aren't", "are not"],
  ["wasn't", "was not"],
  ["hasn't", "has not"],
  ["haven't", "have not"],
];

const key = (word: string) => word.toLowerCase().replace(/'/g, "");

const BY_WORD: ReadonlyMap<string, readonly string[]> = new Map(FAMILIES.flatMap((family) => family.map((w) => [key(w), family] as const)));

/**
 * Every form of `word` a caller may write for it (lower case, `word` itself first; a form may be
 * two words: "can not").
 *
 * @example formsOf("swelling") // ["swelling", "swell", "swells", "swelled", "swellings", "swollen", "swolen"]
 * @example formsOf("pipe") // ["pipe"]
 */
export function formsOf(word: string): string[] {
  const w = word.toLowerCase();
  const family = BY_WORD.get(key(w)) ?? [];
  return [w, ...family.filter((f) => key(f) !== key(w))];
}
