import { describe, expect, it } from "vitest";
import { callerStatusCanChange, chooseTemplate, decide, refusedText, type DecisionInput } from "../../src/rules/eligibility";
import { decisionCode, explainCode, explainDecision, OUTCOMES, SKIP_REASONS, TEMPLATE_KINDS } from "../../src/rules/reasons";
import { businessSettingsSchema } from "../../src/settings";

const NOW = Date.UTC(2026, 10, 28, 18, 0, 0);
const base: DecisionInput = {
  outcome: "no_answer",
  caller: "+14155552671",
  settings: businessSettingsSchema.parse({}),
  ownNumbers: ["+15122345678", "+13122345678"],
  optedOut: false,
  lastTextedAt: null,
  textedToday: 0,
  open: true,
  templates: new Set(TEMPLATE_KINDS),
  now: NOW,
};
const settings = (s: Record<string, unknown>) => businessSettingsSchema.parse(s);

describe("decide", () => {
  it("texts a missed caller with the missed-call template", () => {
    expect(decide(base)).toEqual({ action: "text", outcome: "no_answer", templateKind: "missed_call" });
  });

  it.each<[string, Partial<DecisionInput>, string]>([
    ["an answered call", { outcome: "answered" }, "skipped:answered"],
    ["a paused business", { settings: settings({ paused: true }) }, "skipped:paused"],
    ["an anonymous caller", { caller: "+266696687" }, "skipped:withheld_caller_id"],
    ["RESTRICTED with a leading 1", { caller: "+17378742833" }, "skipped:withheld_caller_id"],
    ["an empty caller ID", { caller: "" }, "skipped:withheld_caller_id"],
    ["'anonymous'", { caller: "anonymous" }, "skipped:withheld_caller_id"],
    ["a non-E.164 caller", { caller: "4155552671" }, "skipped:invalid_number"],
    ["an N11 exchange", { caller: "+12129111234" }, "skipped:invalid_number"],
    ["a fictional 555-01XX number", { caller: "+12125550142" }, "skipped:invalid_number"],
    ["a Jamaican +1 876 caller", { caller: "+18762345678" }, "skipped:country_not_allowed"],
    ["a UK caller", { caller: "+447400123456" }, "skipped:country_not_allowed"],
    ["a +1 900 premium caller", { caller: "+19002345678" }, "skipped:premium_rate"],
    ["a toll-free caller", { caller: "+18002345678" }, "skipped:toll_free"],
    ["the business's own number", { caller: "+15122345678" }, "skipped:own_number"],
    ["the forward-to phone", { caller: "+13122345678" }, "skipped:own_number"],
    ["a blocklisted caller", { settings: settings({ blocklist: ["+14155552671"] }) }, "skipped:blocklisted"],
    ["a number the carrier said cannot take texts", { undeliverable: true }, "skipped:undeliverable"],
    ["an opted-out caller", { optedOut: true }, "skipped:opted_out"],
    ["a caller texted 11 h ago", { lastTextedAt: NOW - 11 * 3_600_000 }, "skipped:cooldown"],
    ["a business at its daily cap", { textedToday: 200 }, "skipped:daily_cap"],
    ["a business with no templates", { templates: new Set() }, "skipped:missing_template"],
    ["a business in shadow mode", { settings: settings({ shadow: true }) }, "skipped:shadow_mode"],
  ])("skips %s", (_name, change, code) => {
    expect(decisionCode(decide({ ...base, ...change }))).toBe(code);
  });

  it("texts again once the cooldown has passed", () => {
    expect(decide({ ...base, lastTextedAt: NOW - 12 * 3_600_000 }).action).toBe("text");
  });

  it("texts under the cap and honours a custom cap", () => {
    expect(decide({ ...base, textedToday: 199 }).action).toBe("text");
    expect(decisionCode(decide({ ...base, textedToday: 3, settings: settings({ dailyCap: 3 }) }))).toBe("skipped:daily_cap");
  });

  it("texts a Jamaican caller when the business allows JM", () => {
    expect(decide({ ...base, caller: "+18762345678", settings: settings({ allowedCountries: ["US", "JM"] }) }).action).toBe("text");
  });

  it("reports the most fundamental reason first: answered beats opted out", () => {
    expect(decisionCode(decide({ ...base, outcome: "answered", optedOut: true }))).toBe("skipped:answered");
    expect(decisionCode(decide({ ...base, caller: "+266696687", optedOut: true }))).toBe("skipped:withheld_caller_id");
  });

  it("every reason code is reachable and explained", () => {
    for (const r of SKIP_REASONS) expect(explainCode(`skipped:${r}`)).toMatch(/^Not texted: /);
    for (const o of OUTCOMES) expect(explainCode(`texted:${o}`)).toMatch(/^Texted: /);
    expect(explainDecision({ action: "skip", outcome: "busy", reason: "opted_out" })).toBe("Not texted: the caller opted out");
    expect(explainCode("weird")).toBe("weird");
  });
});

describe("chooseTemplate", () => {
  const all = new Set(TEMPLATE_KINDS);
  it.each([
    ["no_answer", true, all, "missed_call"],
    ["no_answer", false, all, "after_hours"],
    ["voicemail", true, all, "voicemail"],
    ["voicemail", false, all, "voicemail"],
    ["no_answer", false, new Set(["missed_call"] as const), "missed_call"],
    ["voicemail", true, new Set(["missed_call"] as const), "missed_call"],
    ["busy", true, new Set(["after_hours"] as const), null],
  ] as const)("%s, open=%s → %s", (outcome, open, available, expected) => {
    expect(chooseTemplate(outcome, open, available)).toBe(expected);
  });
});

describe("callerStatusCanChange", () => {
  // Inputs that reach each rule of decide(): the caller's consent and deliverability are then flipped.
  const cases: [string, Partial<DecisionInput>][] = [
    ["text", {}],
    ["answered", { outcome: "answered" }],
    ["paused", { settings: settings({ paused: true }) }],
    ["withheld", { caller: "+266696687" }],
    ["invalid", { caller: "+12129111234" }],
    ["country", { caller: "+447400123456" }],
    ["premium", { caller: "+19002345678" }],
    ["toll-free", { caller: "+18002345678" }],
    ["own number", { caller: "+15122345678" }],
    ["blocklisted", { settings: settings({ blocklist: ["+14155552671"] }) }],
    ["cooldown", { lastTextedAt: NOW - 60_000 }],
    ["daily cap", { settings: settings({ dailyCap: 1 }), textedToday: 1 }],
    ["missing template", { templates: new Set() }],
    ["shadow", { settings: settings({ shadow: true }) }],
    ["after hours", { open: false }],
  ];

  it.each(cases)("%s: a decision it calls final is the same whatever the caller's status", (_, patch) => {
    const optimistic = decide({ ...base, ...patch, optedOut: false, undeliverable: false });
    for (const [optedOut, undeliverable] of [[true, false], [false, true], [true, true]] as const) {
      const actual = decide({ ...base, ...patch, optedOut, undeliverable });
      if (!callerStatusCanChange(optimistic)) expect(actual).toEqual(optimistic);
      else if (JSON.stringify(actual) !== JSON.stringify(optimistic)) {
        // Only the caller's status can be the new reason.
        expect(actual).toMatchObject({ action: "skip", reason: undeliverable ? "undeliverable" : "opted_out" });
      }
    }
  });

  it("covers every skip reason", () => {
    const seen = new Set(
      cases.map(([, patch]) => decide({ ...base, ...patch })).flatMap((d) => (d.action === "skip" ? [d.reason] : [])),
    );
    expect([...SKIP_REASONS].filter((r) => !seen.has(r) && r !== "undeliverable" && r !== "opted_out")).toEqual([]);
    expect(callerStatusCanChange({ action: "skip", outcome: "no_answer", reason: "opted_out" })).toBe(false);
    expect(callerStatusCanChange({ action: "skip", outcome: "no_answer", reason: "cooldown" })).toBe(true);
    expect(callerStatusCanChange({ action: "text", outcome: "no_answer", templateKind: "missed_call" })).toBe(true);
  });
});

describe("refusedText", () => {
  // Every way decide() reaches a text: outcomes, after hours, each template kind.
  const texts = OUTCOMES.filter((o) => o !== "answered").flatMap((outcome) =>
    [true, false].map((open) => ({ ...base, outcome, open })),
  );

  it.each(texts.map((t) => [`${t.outcome}${t.open ? "" : ", after hours"}`, t] as const))(
    "%s: agrees with decide() told the caller's status",
    (_, input) => {
      const decision = decide(input);
      if (decision.action !== "text") throw new Error("not a text");
      for (const [optedOut, undeliverable] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const expected = optedOut || undeliverable ? decide({ ...input, optedOut, undeliverable }) : null;
        expect(refusedText(decision, { optedOut, undeliverable })).toEqual(expected);
      }
    },
  );
});
