import { describe, expect, it } from "vitest";
import { takerName, urgentChip, type LeadEmergencyFacts } from "../../src/rules/emergency-words";

const OWNER = "+15122345699";
const lead = (more: Partial<LeadEmergencyFacts>): LeadEmergencyFacts => ({ urgent: true, acknowledgedAt: null, acknowledgedBy: null, dangerAt: null, closed: false, ...more });

describe("an emergency in a list row's words", () => {
  it.each([
    ["Sam (+17372345601)", "Sam"],
    ["Dr. Lee (+17372345602)", "Dr. Lee"],
    ["Carla", "Carla"],
    [OWNER, "the owner"],
    ["+17372345601", "(737) 234-5601"],
  ])("the taker %s reads %s", (stored, shown) => expect(takerName(stored, OWNER)).toBe(shown));

  it("says whether an open lead's page was taken, and by whom", () => {
    expect(urgentChip(lead({}), OWNER)).toEqual({ words: "Urgent · not taken", tone: "bad" });
    expect(urgentChip(lead({ acknowledgedAt: 1, acknowledgedBy: "Dr. Lee (+17372345602)" }), OWNER)).toEqual({ words: "Urgent · taken by Dr. Lee", tone: "ok" });
    expect(urgentChip(lead({ acknowledgedAt: 1, acknowledgedBy: OWNER }), OWNER)).toEqual({ words: "Urgent · taken by the owner", tone: "ok" });
    expect(urgentChip(lead({ acknowledgedAt: 1 }), OWNER)).toEqual({ words: "Urgent · taken", tone: "ok" });
  });

  it("a closed lead's page is history: no colour that asks for action", () => {
    expect(urgentChip(lead({ closed: true }), OWNER)).toEqual({ words: "Urgent · nobody took it", tone: "" });
    expect(urgentChip(lead({ closed: true, acknowledgedAt: 1, acknowledgedBy: "Carla" }), OWNER)).toEqual({ words: "Urgent · taken by Carla", tone: "" });
  });

  it("a lead that is not urgent has no chip, danger or not", () => {
    expect(urgentChip(lead({ urgent: false, dangerAt: 5 }), OWNER)).toBeNull();
  });
});
