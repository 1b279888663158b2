import { describe, expect, it } from "vitest";
import { dailyLimit, explainRefusal, outboundRefusal, RECIPIENT_HOURLY_LIMIT, RUNAWAY_CAP_MULTIPLE, type OutboundGuardInput } from "../../src/rules/outbound-guard";
import { businessSettingsSchema } from "../../src/settings";
import { OUTBOUND_REFUSALS, type MessageKind } from "../../src/vocabulary";

const OWNER = "+447400123456";
const cap = (dailyTextCap: number) => businessSettingsSchema.parse({ dailyTextCap });
const base: OutboundGuardInput = {
  kind: "help",
  to: "+14155552671",
  settings: businessSettingsSchema.parse({}),
  staffPhones: [OWNER, "+14162345678"],
  toOwnNumber: false,
  recipientLastHour: 0,
  businessLastDay: 0,
};

/** [what, the text, the refusal or null] */
const CASES: Array<[string, Partial<OutboundGuardInput>, string | null]> = [
  ["a HELP answer to a US mobile", {}, null],
  ["a HELP answer to a Canadian number", { to: "+14165552671" }, null],
  ["a HELP answer to a UK mobile", { to: "+447400987654" }, "country_not_allowed"],
  ["a STOP confirmation to a Nigerian mobile", { kind: "opt_out", to: "+2348031234567" }, "country_not_allowed"],
  ["a START confirmation to Jamaica (+1 876)", { kind: "opt_in", to: "+18762345678" }, "country_not_allowed"],
  ["the owner's text to a +1 900 number", { kind: "manual", to: "+19002345678" }, "premium_rate"],
  ["the owner's text to a toll-free number", { kind: "manual", to: "+18002345678" }, "toll_free"],
  ["the owner's text to Jamaica", { kind: "manual", to: "+18762345678" }, "country_not_allowed"],
  ["the owner's text to the business's own number", { kind: "manual", to: "+15122345678", toOwnNumber: true }, "own_number"],
  ["a text to an N11 number", { kind: "manual", to: "+12129111234" }, "invalid_number"],
  ["a text to a keypad sentinel", { kind: "qualify", to: "+17378742833" }, "invalid_number"],
  ["a text to a word", { kind: "manual", to: "anonymous" }, "invalid_number"],
  ["a relay to the owner in the UK (configured by the admin)", { kind: "relay", to: OWNER }, null],
  ["a page to an on-call phone", { kind: "page", to: "+14162345678" }, null],
  ["a relay to a UK phone no longer configured", { kind: "relay", to: "+447400987654" }, "country_not_allowed"],
  ["a relay to a premium number even if configured", { kind: "relay", to: "+19002345678", staffPhones: ["+19002345678"] }, "premium_rate"],
  ["a relay to the business's own number even if configured", { kind: "relay", to: "+15122345678", staffPhones: ["+15122345678"], toOwnNumber: true }, "own_number"],
  [`the ${RECIPIENT_HOURLY_LIMIT + 1}th HELP answer in an hour`, { recipientLastHour: RECIPIENT_HOURLY_LIMIT }, "recipient_hourly_limit"],
  [`a START confirmation after ${RECIPIENT_HOURLY_LIMIT} keyword answers`, { kind: "opt_in", recipientLastHour: RECIPIENT_HOURLY_LIMIT }, "recipient_hourly_limit"],
  [`the ${RECIPIENT_HOURLY_LIMIT}th STOP confirmation in an hour`, { kind: "opt_out", recipientLastHour: RECIPIENT_HOURLY_LIMIT - 1 }, null],
  ["a 6th question of qualification (bounded by the lead, not by the hour)", { kind: "qualify", recipientLastHour: RECIPIENT_HOURLY_LIMIT }, null],
  ["a text-back after many answers (it has its own cooldown)", { kind: "missed_call", recipientLastHour: 50 }, null],
  ["a manual text after many answers", { kind: "manual", recipientLastHour: 50 }, null],
  ["the 1,001st text of the business in 24 hours", { kind: "missed_call", businessLastDay: 1000 }, "business_daily_cap"],
  ["a STOP's confirmation past the daily cap (carriers require it)", { kind: "opt_out", businessLastDay: 1000 }, null],
  ["a HELP answer past the daily cap", { kind: "help", businessLastDay: 5000 }, null],
  ["a text under a custom cap", { businessLastDay: 2, settings: businessSettingsSchema.parse({ dailyTextCap: 3 }) }, null],
  // The cap bounds texts to callers; the business's own people and a caller in an emergency are still texted.
  ["a relay to the owner at the cap", { kind: "relay", to: OWNER, businessLastDay: 3, settings: cap(3) }, null],
  ["a page to an on-call phone at the cap", { kind: "page", to: "+14162345678", businessLastDay: 1000 }, null],
  ["an alert to the owner at the cap", { kind: "alert", to: OWNER, businessLastDay: 1000 }, null],
  ["an answer to the owner's shortcut at the cap", { kind: "command_reply", to: OWNER, businessLastDay: 1000 }, null],
  ["a caller's urgent answer (help is coming, call 911) at the cap", { kind: "urgent_reply", businessLastDay: 1000 }, null],
  ["a question of qualification at the cap", { kind: "qualify", businessLastDay: 1000 }, "business_daily_cap"],
  ["the owner's text to a caller at the cap", { kind: "manual", businessLastDay: 1000 }, "business_daily_cap"],
  ["a follow-up at the cap", { kind: "follow_up", businessLastDay: 1000 }, "business_daily_cap"],
  ["a relay to a phone no longer the owner's at the cap", { kind: "relay", to: "+14155552672", businessLastDay: 1000 }, "business_daily_cap"],
  // Past RUNAWAY_CAP_MULTIPLE times the cap, a runaway: only keyword answers go.
  [`a page just under ${RUNAWAY_CAP_MULTIPLE} times the cap`, { kind: "page", to: "+14162345678", businessLastDay: 1000 * RUNAWAY_CAP_MULTIPLE - 1 }, null],
  [`a page at ${RUNAWAY_CAP_MULTIPLE} times the cap`, { kind: "page", to: "+14162345678", businessLastDay: 1000 * RUNAWAY_CAP_MULTIPLE }, "business_runaway_cap"],
  [`a relay to the owner at ${RUNAWAY_CAP_MULTIPLE} times a custom cap`, { kind: "relay", to: OWNER, businessLastDay: 3 * RUNAWAY_CAP_MULTIPLE, settings: cap(3) }, "business_runaway_cap"],
  [`an urgent answer at ${RUNAWAY_CAP_MULTIPLE} times the cap`, { kind: "urgent_reply", businessLastDay: 1000 * RUNAWAY_CAP_MULTIPLE }, "business_runaway_cap"],
  [`a STOP's confirmation at ${RUNAWAY_CAP_MULTIPLE} times the cap`, { kind: "opt_out", businessLastDay: 1000 * RUNAWAY_CAP_MULTIPLE }, null],
  ["a page with the cap at 0 (everything but keyword answers stops)", { kind: "page", to: "+14162345678", businessLastDay: 0, settings: cap(0) }, "business_runaway_cap"],
  ["a UK caller when the business allows GB", { to: "+447400987654", settings: businessSettingsSchema.parse({ allowedCountries: ["US", "GB"] }) }, null],
];

describe("outboundRefusal", () => {
  it.each(CASES)("%s → %s", (_what, change, expected) => {
    expect(outboundRefusal({ ...base, ...change })).toBe(expected);
  });

  it("names each refusal in words", () => {
    for (const reason of OUTBOUND_REFUSALS) expect(explainRefusal(reason)).toMatch(/^Not sent: \w/);
    expect(explainRefusal("premium_rate")).toBe("Not sent: the number is premium-rate or shared-cost");
  });

  it("names the cap a text was stopped at", () => {
    expect(explainRefusal("business_daily_cap", { dailyTextCap: 195 })).toBe("Not sent: the business reached its daily cap of 195 texts in 24 hours (dailyTextCap)");
    expect(explainRefusal("business_daily_cap", { dailyTextCap: 1 })).toBe("Not sent: the business reached its daily cap of 1 text in 24 hours (dailyTextCap)");
    expect(explainRefusal("business_daily_cap")).toBe("Not sent: the business reached its daily cap of texts in 24 hours (dailyTextCap)");
    expect(explainRefusal("business_runaway_cap", { dailyTextCap: 1000 })).toBe(
      "Not sent: the business reached 5 times its daily cap of 1,000 texts in 24 hours (dailyTextCap): past that even texts to its own people and urgent answers stop",
    );
  });

  it("reports a number problem before a limit", () => {
    const kinds: MessageKind[] = ["help", "manual", "relay"];
    for (const kind of kinds) expect(outboundRefusal({ ...base, kind, to: "+19002345678", recipientLastHour: 99, businessLastDay: 9999 })).toBe("premium_rate");
  });
});

describe("dailyLimit", () => {
  it("says at what count each text stops: callers' texts at the cap, the business's own people's and urgent answers at the runaway bound, keyword answers never", () => {
    const of = (kind: MessageKind, to = "+14155552671") => dailyLimit({ kind, to, staffPhones: base.staffPhones, settings: cap(195) });
    expect(of("missed_call")).toEqual({ at: 195, refusal: "business_daily_cap" });
    expect(of("manual")).toEqual({ at: 195, refusal: "business_daily_cap" });
    expect(of("urgent_reply")).toEqual({ at: 195 * RUNAWAY_CAP_MULTIPLE, refusal: "business_runaway_cap" });
    expect(of("page", "+14162345678")).toEqual({ at: 195 * RUNAWAY_CAP_MULTIPLE, refusal: "business_runaway_cap" });
    // A caller who is one of the business's own people (an on-call tech calling in) gets their text-back too.
    expect(of("missed_call", OWNER)).toEqual({ at: 195 * RUNAWAY_CAP_MULTIPLE, refusal: "business_runaway_cap" });
    expect(of("help")).toBeNull();
  });
});
