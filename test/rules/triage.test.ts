import { describe, expect, it } from "vitest";
import { isAcknowledgement, pageSchedule, pageText, triage, urgentResponse } from "../../src/rules/triage";

const settings = { words: ["burst pipe", "flooding", "no heat"], safetyWords: ["gas smell", "smoke"], onCall: [{ phone: "+15125550101", name: "Sam" }, { phone: "+15125550102", name: "Alex" }], escalateAfterMinutes: 10 };

describe("triage", () => {
  it.each([
    ["Burst pipe! Basement flooding", { safety: [], urgent: ["burst pipe", "flooding"] }],
    ["there's a gas smell and no heat", { safety: ["gas smell"], urgent: ["no heat"] }],
    ["smoke from the furnace", { safety: ["smoke"], urgent: [] }],
    ["no flooding, just a drip", null],
    ["Can you come Tuesday?", null],
  ])("%j → %j", (reply, expected) => {
    expect(triage(reply, settings)).toEqual(expected);
  });
});

describe("urgentResponse", () => {
  const gas = { safety: ["gas smell"], urgent: [] };
  const flood = { safety: [], urgent: ["flooding"] };
  it.each([
    // A lead not urgent yet is paged (and warned first, when there is a danger).
    [gas, { urgent: false, warned: false }, "page"],
    [flood, { urgent: false, warned: true }, "page"],
    // Already urgent: paged once already; a danger is warned of once.
    [gas, { urgent: true, warned: false }, "warn"],
    [{ safety: ["smoke"], urgent: ["flooding"] }, { urgent: true, warned: false }, "warn"],
    [gas, { urgent: true, warned: true }, null],
    [flood, { urgent: true, warned: false }, null],
  ] as const)("%j on a lead %j → %s", (found, lead, expected) => {
    expect(urgentResponse({ safety: [...found.safety], urgent: [...found.urgent] }, lead)).toBe(expected);
  });

  it("without triage a danger is still warned of, once, and nobody is paged", () => {
    expect(urgentResponse(gas, { urgent: false, warned: false }, false)).toBe("warn");
    expect(urgentResponse(gas, { urgent: false, warned: true }, false)).toBeNull();
    expect(urgentResponse(flood, { urgent: false, warned: false }, false)).toBeNull();
  });
});

describe("pageSchedule", () => {
  it("pages the on-call list in order, escalating every escalateAfterMinutes, then the owner, each once", () => {
    expect(pageSchedule(settings, "+13125550199", 1_000)).toEqual([
      { phone: "+15125550101", name: "Sam", at: 1_000 },
      { phone: "+15125550102", name: "Alex", at: 601_000 },
      { phone: "+13125550199", name: null, at: 1_201_000 },
    ]);
    expect(pageSchedule({ ...settings, onCall: [] }, "+13125550199", 0)).toEqual([{ phone: "+13125550199", name: null, at: 0 }]);
    expect(pageSchedule({ ...settings, onCall: [{ phone: "+13125550199", name: "Owner" }] }, "+13125550199", 0)).toHaveLength(1);
  });
});

describe("the page and its acknowledgement", () => {
  it("says who, their words, where, and how to take it", () => {
    expect(pageText({ phone: "+14155552671", name: null, address: "12 Oak St" }, "Burst pipe!")).toBe('URGENT +14155552671: "Burst pipe!" 12 Oak St. Reply OK to take it.');
  });

  it.each([["OK", true], ["ok!", true], ["1", true], ["Yes", true], ["on it", true], ["OK but I'm 40 minutes out", false], ["no", false], ["W 450", false]])("%j takes it: %s", (body, taken) => {
    expect(isAcknowledgement(body)).toBe(taken);
  });
});
