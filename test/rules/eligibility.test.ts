import { describe, expect, it } from "vitest";
import { callerStatusCanChange, chooseTemplate, decide, withCallerStatus, type CallerStatus, type DecisionInput } from "../../src/rules/eligibility";
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
  templates: [...TEMPLATE_KINDS],
  now: NOW,
};
const settings = (s: Record<string, unknown>) => businessSettingsSchema.parse(s);
const tagged = (...tags: string[]) => ({ contact: { name: "Maria Lopez", tags } });

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
    ["a contact tagged internal", tagged("internal"), "skipped:internal"],
    ["a contact tagged blocked", tagged("blocked"), "skipped:blocked"],
    ["a contact tagged vip", tagged("vip"), "skipped:vip"],
    ["a VIP who is also a customer (VIP wins)", tagged("customer", "vip"), "skipped:vip"],
    ["staff who are also VIPs (internal wins)", tagged("internal", "vip"), "skipped:internal"],
    ["a blocked VIP (blocked wins)", tagged("blocked", "vip"), "skipped:blocked"],
    ["a VIP calling from the UK (still the owner's call)", { ...tagged("vip"), caller: "+447400123456" }, "skipped:vip"],
    ["a VIP who opted out of texts", { ...tagged("vip"), optedOut: true }, "skipped:vip"],
    ["staff calling from the forward-to phone", { ...tagged("internal"), caller: "+13122345678" }, "skipped:internal"],
    ["a customer texted 11 h ago", { ...tagged("customer"), lastTextedAt: NOW - 11 * 3_600_000 }, "skipped:cooldown"],
    ["a customer who opted out", { ...tagged("customer"), optedOut: true }, "skipped:opted_out"],
    ["a customer in shadow mode", { ...tagged("customer"), settings: settings({ shadow: true }) }, "skipped:shadow_mode"],
    ["a number the carrier said cannot take texts", { undeliverable: true }, "skipped:undeliverable"],
    ["a number the carrier refused as invalid (21211)", { undeliverable: true, undeliverableCode: "21211" }, "skipped:undeliverable"],
    ["a number the carrier refused as unknown (30005)", { undeliverable: true, undeliverableCode: "30005" }, "skipped:undeliverable"],
    ["a number the carrier refused as not a mobile (21614)", { undeliverable: true, undeliverableCode: "21614" }, "skipped:undeliverable_landline"],
    ["a number the carrier refused as a landline (21635)", { undeliverable: true, undeliverableCode: "21635" }, "skipped:undeliverable_landline"],
    ["a number Telnyx refused as not routable (40001)", { undeliverable: true, undeliverableCode: "40001" }, "skipped:undeliverable_landline"],
    ["a landline the carrier refused and the lookup found (the refusal first)", { undeliverable: true, undeliverableCode: "30006", landline: true }, "skipped:undeliverable_landline"],
    ["a VIP the carrier refused as a landline (the VIP's alert)", { ...tagged("vip"), undeliverable: true, undeliverableCode: "21614" }, "skipped:vip"],
    ["a landline the carrier refused who opted out", { undeliverable: true, undeliverableCode: "21614", optedOut: true }, "skipped:undeliverable_landline"],
    ["a number the carrier's lookup called a landline", { landline: true }, "skipped:landline"],
    ["an opted-out caller", { optedOut: true }, "skipped:opted_out"],
    ["a caller texted 11 h ago", { lastTextedAt: NOW - 11 * 3_600_000 }, "skipped:cooldown"],
    ["a business at its daily cap", { textedToday: 200 }, "skipped:daily_cap"],
    ["a business with no templates", { templates: [] }, "skipped:missing_template"],
    ["a business in shadow mode", { settings: settings({ shadow: true }) }, "skipped:shadow_mode"],
  ])("skips %s", (_name, change, code) => {
    expect(decisionCode(decide({ ...base, ...change }))).toBe(code);
  });

  it("texts a customer with the existing_customer template, whatever the call and the hour", () => {
    for (const change of [{}, { open: false }, { outcome: "voicemail" as const }]) {
      expect(decide({ ...base, ...tagged("customer", "plumbing"), ...change })).toMatchObject({ action: "text", templateKind: "existing_customer" });
    }
  });

  it("texts a customer the usual text when the business has no existing_customer template, and a contact with only its own tags like a stranger", () => {
    const withoutIt = TEMPLATE_KINDS.filter((k) => k !== "existing_customer");
    expect(decide({ ...base, ...tagged("customer"), templates: withoutIt })).toMatchObject({ action: "text", templateKind: "missed_call" });
    expect(decide({ ...base, ...tagged("supplier", "plumbing") })).toMatchObject({ action: "text", templateKind: "missed_call" });
    expect(decisionCode(decide({ ...base, ...tagged("customer"), templates: ["existing_customer"] as const }))).toBe("skipped:missing_template");
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
  const all = [...TEMPLATE_KINDS];
  it.each([
    ["no_answer", true, all, "missed_call"],
    ["no_answer", false, all, "after_hours"],
    ["voicemail", true, all, "voicemail"],
    ["voicemail", false, all, "voicemail"],
    ["no_answer", false, ["missed_call"] as const, "missed_call"],
    ["voicemail", true, ["missed_call"] as const, "missed_call"],
    ["busy", true, ["after_hours"] as const, null],
  ] as const)("%s, open=%s → %s", (outcome, open, available, expected) => {
    expect(chooseTemplate(outcome, open, available)).toBe(expected);
  });
});

/** Every caller status a line may learn after deciding: consent, deliverability (and why not: a landline's refusal or another), each contact standing. */
const STATUSES: CallerStatus[] = [false, true].flatMap((optedOut) =>
  [null, "21211", "21614"].flatMap((undeliverableCode) =>
    [false, true].flatMap((landline) =>
      [null, ["own-tag"], ["customer"], ["vip"], ["customer", "vip"], ["internal"], ["blocked"]].map((tags) => ({
        optedOut,
        undeliverable: undeliverableCode !== null,
        undeliverableCode,
        landline,
        contact: tags ? { name: "Maria Lopez", tags } : null,
      })),
    ),
  ),
);
const CLEAR: CallerStatus = { optedOut: false, undeliverable: false, contact: null };

describe("callerStatusCanChange", () => {
  // Inputs that reach each rule of decide(): the caller's status is then changed.
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
    ["internal", tagged("internal")],
    ["blocked", tagged("blocked")],
    ["vip", tagged("vip")],
    ["undeliverable", { undeliverable: true }],
    ["undeliverable as a landline", { undeliverable: true, undeliverableCode: "21614" }],
    ["landline", { landline: true }],
    ["opted out", { optedOut: true }],
    ["cooldown", { lastTextedAt: NOW - 60_000 }],
    ["daily cap", { settings: settings({ dailyCap: 1 }), textedToday: 1 }],
    ["missing template", { templates: [] }],
    ["shadow", { settings: settings({ shadow: true }) }],
    ["after hours", { open: false }],
  ];

  it.each(cases)("%s: a decision it calls final is the same whatever the caller's status", (_, patch) => {
    const optimistic = decide({ ...base, ...patch });
    if (callerStatusCanChange(optimistic)) return;
    for (const status of STATUSES) expect(decide({ ...base, ...patch, ...status })).toEqual(optimistic);
  });

  it("covers every skip reason", () => {
    const seen = new Set(
      cases.map(([, patch]) => decide({ ...base, ...patch })).flatMap((d) => (d.action === "skip" ? [d.reason] : [])),
    );
    expect([...SKIP_REASONS].filter((r) => !seen.has(r))).toEqual([]);
    expect(callerStatusCanChange({ action: "skip", outcome: "no_answer", reason: "invalid_number" })).toBe(false);
    expect(callerStatusCanChange({ action: "skip", outcome: "no_answer", reason: "opted_out" })).toBe(true);
    expect(callerStatusCanChange({ action: "skip", outcome: "no_answer", reason: "cooldown" })).toBe(true);
    expect(callerStatusCanChange({ action: "text", outcome: "no_answer", templateKind: "missed_call" })).toBe(true);
  });
});

describe("withCallerStatus", () => {
  // A line decides knowing nothing of the caller (a stranger, reachable, not opted out), or only its
  // own newer consent record; D1 then says what the caller is.
  const inputs: [string, DecisionInput][] = [
    ...OUTCOMES.filter((o) => o !== "answered").flatMap((outcome) =>
      [true, false].map((open): [string, DecisionInput] => [`${outcome}${open ? "" : ", after hours"}`, { ...base, outcome, open }]),
    ),
    ["no existing_customer template", { ...base, templates: TEMPLATE_KINDS.filter((k) => k !== "existing_customer") }],
    ["cooldown", { ...base, lastTextedAt: NOW - 60_000 }],
    ["daily cap", { ...base, textedToday: 200 }],
    ["shadow", { ...base, settings: settings({ shadow: true }) }],
    ["country", { ...base, caller: "+447400123456" }],
    ["own number", { ...base, caller: "+15122345678" }],
    ["the line's own opt-out", { ...base, optedOut: true }],
    ["answered", { ...base, outcome: "answered" }],
  ];

  it.each(inputs)("%s: agrees with decide() told the caller's status", (_, input) => {
    const decided = decide(input);
    for (const status of STATUSES) {
      const known = decide({ ...input, ...status, optedOut: input.optedOut || status.optedOut });
      const corrected = withCallerStatus(decided, { ...status, optedOut: input.optedOut || status.optedOut }, input.templates.includes("existing_customer"));
      expect(corrected ?? decided, JSON.stringify(status)).toEqual(known);
      if (JSON.stringify(known) === JSON.stringify(decided)) expect(corrected).toBeNull();
    }
    expect(withCallerStatus(decided, CLEAR, true)).toBeNull();
  });
});
