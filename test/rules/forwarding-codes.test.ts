import { describe, expect, it } from "vitest";
import { forwardingGuides } from "../../src/rules/forwarding-codes";

describe("forwardingGuides", () => {
  const guides = forwardingGuides("3125550100");

  it("covers AT&T, T-Mobile, Verizon and desk phones", () => {
    expect(guides.map((g) => g.carrier)).toEqual(["AT&T", "T-Mobile", "Verizon", "Desk phone or VoIP system"]);
  });

  it("GSM carriers forward on no answer (with a timer short of voicemail), busy and unreachable", () => {
    const att = guides.find((g) => g.id === "att")!;
    expect(att.steps).toEqual(["**61*3125550100**15#", "**67*3125550100#", "**62*3125550100#"]);
    expect(att.cancel).toBe("##004#");
  });

  it("Verizon and desk phones use star codes with the number", () => {
    expect(guides.find((g) => g.id === "verizon")!.steps).toEqual(["*713125550100"]);
    expect(guides.find((g) => g.id === "other")!.steps).toEqual(["*923125550100", "*903125550100"]);
  });
});
