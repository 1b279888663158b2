import { describe, expect, it } from "vitest";
import {
  classifyKeyword,
  HELP_KEYWORDS,
  type KeywordClass,
  normalizeKeyword,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
} from "../../src/rules/keywords";

type Via = "keyword" | "intent" | null;
type Flag = "cancellation_request" | "possible_opt_out" | null;
type Row = [input: string, kind: KeywordClass, via: Via, flag: Flag];

const OUT_KW = (input: string): Row => [input, "opt_out", "keyword", null];
const IN_KW = (input: string): Row => [input, "opt_in", "keyword", null];
const HELP_KW = (input: string): Row => [input, "help", "keyword", null];
const OUT_INTENT = (input: string): Row => [input, "opt_out", "intent", null];
const TALK = (input: string): Row => [input, null, null, null];
const CANCEL_FLAG = (input: string): Row => [input, null, null, "cancellation_request"];
/** No opt-out, but a person reads it first (more in opt-out-intent.test.ts). */
const MAYBE_OUT = (input: string): Row => [input, null, null, "possible_opt_out"];

const titleCase = (w: string): string => w.charAt(0) + w.slice(1).toLowerCase();

describe("keyword sets (compliance.md §1.3-1.4)", () => {
  it("are exactly the documented lists", () => {
    expect([...OPT_OUT_KEYWORDS].sort()).toEqual(
      ["ALTO", "ARRET", "ARRETE", "ARRETT", "CANCEL", "END", "OPTOUT", "QUIT", "REVOKE", "STOP", "STOPALL", "UNSUBSCRIBE"].sort(),
    );
    expect([...OPT_IN_KEYWORDS].sort()).toEqual(["START", "UNSTOP", "YES"]);
    expect([...HELP_KEYWORDS].sort()).toEqual(["AIDE", "AYUDA", "HELP", "INFO"]);
  });

  it("leave out undocumented or unverified words (PARAR, BAJA, CANCELAR, AWS-only REMOVE/TD)", () => {
    for (const w of ["PARAR", "BAJA", "CANCELAR", "REMOVE", "TD"]) {
      expect(classifyKeyword(w).via, w).not.toBe("keyword");
    }
  });
});

describe("normalizeKeyword", () => {
  it.each<[string, string]>([
    ["opt-out", "OPTOUT"],
    ["s t o p", "STOP"],
    ["stop.", "STOP"],
    [" Stop ", "STOP"],
    ['"STOP"', "STOP"],
    ["STOP!!!", "STOP"],
    ["🛑 stop", "STOP"],
    ["Arrêt", "ARRET"],
    ["no más", "NOMAS"],
    ["ＳＴＯＰ", "STOP"],
    ["opt_out", "OPTOUT"],
    ["S.T.O.P.", "STOP"],
    ["stop\u200b", "STOP"],
    ["\u00a0stop\u00a0", "STOP"],
    ["«Arrête»", "ARRETE"],
    ["STOP ALL", "STOPALL"],
    ["un\u2013stop", "UNSTOP"],
    ["", ""],
    ["🙂", ""],
  ])("%j → %j", (input, expected) => {
    expect(normalizeKeyword(input)).toBe(expected);
  });
});

describe("classifyKeyword", () => {
  // Every keyword in upper, lower and title case, plus a punctuated form.
  const generated: Row[] = [];
  for (const [list, make] of [
    [OPT_OUT_KEYWORDS, OUT_KW],
    [OPT_IN_KEYWORDS, IN_KW],
    [HELP_KEYWORDS, HELP_KW],
  ] as const) {
    for (const w of list) {
      generated.push(make(w), make(w.toLowerCase()), make(titleCase(w)), make(` ${titleCase(w)}. `));
    }
  }

  const rows: Row[] = [
    ...generated,

    // --- keyword: surrounding punctuation, quotes, emoji, whitespace ---
    OUT_KW("stop."),
    OUT_KW("STOP!!!"),
    OUT_KW('"STOP"'),
    OUT_KW("'stop'"),
    OUT_KW("“Stop”"),
    OUT_KW("(stop)"),
    OUT_KW("🛑 stop"),
    OUT_KW("stop 🛑🛑"),
    OUT_KW("👋🏽STOP👋🏽"),
    OUT_KW("\n\tSTOP\r\n"),
    OUT_KW("stop\u200b"),
    OUT_KW("\u00a0Stop\u00a0"),
    OUT_KW("stop?"),
    OUT_KW("Cancel!"),
    OUT_KW("END."),
    // --- keyword: hyphens, underscores, dots, inner spaces ---
    OUT_KW("opt-out"),
    OUT_KW("Opt Out"),
    OUT_KW("OPT_OUT"),
    OUT_KW("opt.out"),
    OUT_KW("OptOut"),
    OUT_KW("opt\u2011out"),
    OUT_KW("s t o p"),
    OUT_KW("S.T.O.P."),
    OUT_KW("STOP ALL"),
    OUT_KW("stop-all"),
    OUT_KW("un-subscribe"),
    IN_KW("un-stop"),
    IN_KW("Un Stop"),
    // --- keyword: accents and full width ---
    OUT_KW("Arrêt"),
    OUT_KW("ARRÊTE"),
    OUT_KW("arrête!"),
    OUT_KW("Alto."),
    OUT_KW("¡ALTO!"),
    OUT_KW("ＳＴＯＰ"),
    OUT_KW("ｓｔｏｐ"),
    IN_KW("ＹＥＳ"),
    HELP_KW("ＨＥＬＰ"),
    HELP_KW("Aïde"),
    HELP_KW("¿Ayuda?"),
    // --- opt-in and help: punctuation only ---
    IN_KW("Yes!"),
    IN_KW("yes."),
    IN_KW("👍 YES"),
    IN_KW("Start!"),
    HELP_KW("help!"),
    HELP_KW("HELP?"),
    HELP_KW("info?"),

    // --- intent: padded opt-out keywords ---
    OUT_INTENT("STOP PLEASE"),
    OUT_INTENT("please stop"),
    OUT_INTENT("Stop. Thank you"),
    OUT_INTENT("stop pls"),
    OUT_INTENT("Stop, thanks!"),
    OUT_INTENT("Unsubscribe please"),
    OUT_INTENT("opt out, thanks"),
    OUT_INTENT("stop stop stop"),
    OUT_INTENT("STOP!!! STOP!!!"),
    OUT_INTENT("Alto por favor"),
    OUT_INTENT("Arrêt, s'il vous plaît"),
    OUT_INTENT("Arret svp"),
    OUT_INTENT("Quit please"),
    // --- intent: free-text phrases, whole message ---
    OUT_INTENT("stop texting me"),
    OUT_INTENT("Stop texting"),
    OUT_INTENT("STOP MESSAGING ME!"),
    OUT_INTENT("stop sending me texts"),
    OUT_INTENT("Stop sending me messages."),
    OUT_INTENT("dont text me"),
    OUT_INTENT("Don't text me"),
    OUT_INTENT("Don’t text me anymore"),
    OUT_INTENT("do not text me"),
    OUT_INTENT("Please remove me from your list"),
    OUT_INTENT("remove me"),
    OUT_INTENT("Remove me please."),
    OUT_INTENT("take me off your list"),
    OUT_INTENT("Unsubscribe me"),
    OUT_INTENT("no more texts"),
    OUT_INTENT("No more texts please!"),
    OUT_INTENT("leave me alone"),
    OUT_INTENT("Wrong number"),
    OUT_INTENT("sorry, wrong number"),
    OUT_INTENT("You have the wrong number."),
    OUT_INTENT("no mas"),
    OUT_INTENT("No más"),
    OUT_INTENT("NO MÁS, gracias"),
    OUT_INTENT("No me escriban"),
    OUT_INTENT("Arrêtez de m'écrire"),
    OUT_INTENT("Ne m'écrivez plus"),
    OUT_INTENT("STOP IT"),
    OUT_INTENT("stop it please"),
    OUT_INTENT("quit calling me"),
    OUT_INTENT("Stop calling"),
    OUT_INTENT("I want to opt out"),
    OUT_INTENT("Hi, please take me off your list. Thanks"),
    // --- intent: short message starting with a strong phrase ---
    OUT_INTENT("stop texting me, I found someone else"),
    OUT_INTENT("Don't text me, call me instead"),
    OUT_INTENT("leave me alone I said"),
    OUT_INTENT("no more texts from you guys ok"),

    // --- must NOT opt out ---
    TALK("please don't stop by today"),
    TALK("can you end the job early?"),
    TALK("stop by at 3?"),
    TALK("Yes please come tomorrow"),
    TALK("yes please"),
    TALK("help! my basement is flooding"),
    TALK("help me"),
    TALK("info on pricing?"),
    TALK("end of the day works"),
    MAYBE_OUT("End please"),
    TALK("We have got to STOP this leak"),
    TALK("start time?"),
    MAYBE_OUT("Stop calling, just text me"),
    MAYBE_OUT("wrong number on my invoice"),
    MAYBE_OUT("remove me from friday's schedule please"),
    MAYBE_OUT("stop texting me about it, can you call me at 5 instead"),
    TALK("Can you stop the leak?"),
    TALK("stopped by earlier"),
    TALK("no more leaks since you came, thanks"),
    TALK("No más de dos horas"),
    TALK("thanks!"),
    TALK("ok"),
    TALK(""),
    TALK("   "),
    TALK("🛑"),
    MAYBE_OUT("Baja"),
    MAYBE_OUT("parar"),
    // --- cancellation flags ---
    CANCEL_FLAG("cancel my appointment for friday"),
    CANCEL_FLAG("I need to cancel"),
    CANCEL_FLAG("please cancel"),
    CANCEL_FLAG("Cancel please"),
    CANCEL_FLAG("I'd like to cancel the job tomorrow"),
    CANCEL_FLAG("Can we cancel? Something came up"),
    CANCEL_FLAG("cancel all"),
    CANCEL_FLAG("Quiero cancelar mi cita"),
    CANCEL_FLAG("cancelar"),
    CANCEL_FLAG("Cancellation for Friday, sorry"),
    TALK("please don't cancel my appointment"),
    TALK("do not cancel, I'll be there"),
  ];

  it("has a row per case and no duplicate inputs", () => {
    expect(rows.length).toBeGreaterThanOrEqual(90);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
  });

  it.each(rows)("%j → %s via %s, flag %s", (input, kind, via, flag) => {
    const r = classifyKeyword(input);
    expect({ kind: r.kind, via: r.via, flag: r.flag }).toEqual({ kind, via, flag });
    // Evidence is present exactly when something matched.
    expect(r.matched === null).toBe(kind === null);
  });

  it.each<[string, string]>([
    ["opt-out", "OPTOUT"],
    ["STOP ALL", "STOPALL"],
    ["Arrêt", "ARRET"],
    ["¿Ayuda?", "AYUDA"],
    ["Stop. Thank you", "STOP"],
    ["stop stop stop", "STOP"],
    ["Please stop texting me!", "STOP TEXTING"],
    ["Don’t text me anymore", "DONT TEXT ME"],
    ["No más", "NO MAS"],
    ["sorry, wrong number", "WRONG NUMBER"],
  ])("records %j as evidence %j", (input, matched) => {
    expect(classifyKeyword(input).matched).toBe(matched);
  });
});
