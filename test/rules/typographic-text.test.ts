/**
 * Every rule that reads a caller's text reads it the same whatever the phone typed: iPhone's curly
 * apostrophe, a fullwidth letter, a non-breaking space, an invisible character, an em dash.
 */
import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/presets";
import { extractAddress, extractZip } from "../../src/rules/extract/address";
import { extractTimePhrase } from "../../src/rules/extract/time-phrase";
import { classifyUrgency } from "../../src/rules/extract/urgency";
import { classifyKeyword } from "../../src/rules/keywords";
import { estimateCents } from "../../src/rules/qualify";
import { triage } from "../../src/rules/triage";

const dental = PRESETS.dental.settings.urgent;
const home = PRESETS.home_services.settings.urgent;

/** The same words typed the ways phones and keyboards type them. */
function typed(words: string): string[] {
  return [
    words.replace(/'/g, "\u2019"),
    words.replace(/'/g, "\u2032"),
    words.replace(/'/g, "\uFF07"),
    words.replace(/'/g, "\u02BC"),
    words.replace(/ /g, "\u00A0"),
    words.replace(/ /g, "\u202F"),
    words.replace(/(\w)(\w)/, "$1\u200B$2"),
    words.replace(/(\w)(\w)/, "$1\u00AD$2"),
    `\uFEFF${words}`,
    words.replace(/[a-z]/gi, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)),
  ];
}

describe("danger and urgent words", () => {
  it.each([
    ["My face is swelling and I can't breathe", dental, ["can't breathe"]],
    ["I can't swallow and my jaw is swollen", dental, ["can't swallow"]],
    ["I smell gas in the kitchen", home, ["smell gas"]],
  ])("%j is a danger however it is typed", (words, settings, safety) => {
    expect(triage(words, settings)?.safety).toEqual(safety);
    for (const variant of typed(words)) expect(triage(variant, settings)?.safety, JSON.stringify(variant)).toEqual(safety);
  });

  it.each([
    ["No heat and it's 20 degrees", home],
    ["Pipe burst, water everywhere", home],
    ["My tooth got knocked out", dental],
  ])("%j is urgent however it is typed", (words, settings) => {
    expect(classifyUrgency(words, settings.words).level).toBe("urgent");
    for (const variant of typed(words)) expect(classifyUrgency(variant, settings.words).level, JSON.stringify(variant)).toBe("urgent");
  });

  it.each([
    ["There's no leak anymore", home],
    ["It isn't leaking now", home],
    ["Swelling's gone, it's not an emergency", dental],
  ])("%j is not urgent however it is typed", (words, settings) => {
    expect(classifyUrgency(words, settings.words).level).not.toBe("urgent");
    for (const variant of typed(words)) expect(classifyUrgency(variant, settings.words).level, JSON.stringify(variant)).not.toBe("urgent");
  });

  it("reads an em dash between words as a break, so the words on each side are whole", () => {
    expect(classifyUrgency("Pipe burst\u2014water everywhere", home.words).matched).toContain("pipe burst");
    expect(triage("smoke\u2014I smell gas", home)?.safety).toEqual(["smell gas"]);
  });

  it("reads a business's own words typed with curly quotes the same as the caller's", () => {
    expect(triage("I can't breathe", { words: [], safetyWords: ["can\u2019t breathe"] })?.safety).toEqual(["can\u2019t breathe"]);
    expect(triage("no\u00A0heat", { words: ["ｎｏ ｈｅａｔ"], safetyWords: [] })?.urgent).toEqual(["ｎｏ ｈｅａｔ"]);
  });
});

describe("opt-outs and keywords (compliance: the same words opt out however typed)", () => {
  it.each([
    "Don't text me",
    "Don't text me again",
    "Don't text",
    "Don't text me, I found someone",
    "Please don't message me anymore",
    "Stop texting me",
    "Stop",
    "STOP please",
    "No more texts",
    "Stop - I found someone",
    "Can you stop by tomorrow?",
    "Please cancel my appointment",
    "Help",
    "Start",
  ])("%j", (words) => {
    const ascii = classifyKeyword(words);
    for (const variant of typed(words)) expect(classifyKeyword(variant), JSON.stringify(variant)).toEqual(ascii);
  });

  it("an em dash reads as the dash typed with spaces", () => {
    expect(classifyKeyword("Stop\u2014I found someone")).toEqual(classifyKeyword("Stop - I found someone"));
    expect(classifyKeyword("Don\u2019t text me\u2014ever")).toEqual(classifyKeyword("Don't text me - ever"));
  });
});

describe("answers, kept as the caller wrote them", () => {
  it("finds an address however typed and gives back the caller's own characters", () => {
    expect(extractAddress("It\u2019s at 1204 W. Oak St\u00A0Apt 3, thanks")).toBe("1204 W. Oak St\u00A0Apt 3");
    expect(extractAddress("\uFF11\uFF12\uFF10\uFF14 Oak St")).toBe("\uFF11\uFF12\uFF10\uFF14 Oak St");
    expect(extractAddress("we\u2019re at 12 O\u2019Brien Rd")).toBe("12 O\u2019Brien Rd");
  });

  it("reads a ZIP typed in fullwidth digits as the ZIP (digits compared with the service area)", () => {
    expect(extractZip("ZIP \uFF17\uFF18\uFF17\uFF10\uFF14")).toBe("78704");
    expect(extractZip("30301\u20131234")).toBe("30301");
  });

  it("finds a time however typed, in the caller's words", () => {
    expect(extractTimePhrase("tomorrow\u00A0morning\u2019s best")).toBe("tomorrow morning");
    expect(extractTimePhrase("from 1\u20133pm")).toBe("from 1\u20133pm");
    expect(extractTimePhrase("aft\u200Ber 5pm")).toBe("aft\u200Ber 5pm");
  });

  it("finds a job value's name however typed", () => {
    expect(estimateCents("Water\u00A0heater\u2019s leaking", { "water heater": 180_000, leak: 45_000 }, 40_000)).toBe(180_000);
  });
});
