import { describe, expect, it } from "vitest";
import { commandStop, heldTextStop, statusStop, stopsPages, type CallerStanding } from "../../src/rules/automation-stops";
import { STOP_REASONS, type LeadStatus } from "../../src/vocabulary";

const lead = (status: LeadStatus, handedOver = false): CallerStanding => ({ lead: { status, handedOver }, blocked: false });

describe("what stops automation for a caller", () => {
  it("a lead won, lost or booked stops it; while it is being worked, nothing does", () => {
    expect((["new", "engaged", "qualified", "booked", "won", "lost"] as const).map(statusStop)).toEqual([null, null, null, "lead_booked", "lead_won", "lead_lost"]);
  });

  it("each of the owner's shortcuts stops it", () => {
    expect(commandStop({ kind: "won", cents: null })).toBe("lead_won");
    expect(commandStop({ kind: "lost", reason: "price", note: null })).toBe("lead_lost");
    expect(commandStop({ kind: "booked" })).toBe("lead_booked");
    expect(commandStop({ kind: "block" })).toBe("blocked");
  });

  it("pages stop only once the lead is over: an answer or a booking leaves the page to be taken", () => {
    expect(STOP_REASONS.filter(stopsPages)).toEqual(["lead_won", "lead_lost", "blocked"]);
  });
});

describe("a held text when it comes due", () => {
  it.each([
    ["a caller nobody answered", "follow_up", lead("engaged"), null],
    ["a caller with no lead", "follow_up", { lead: null, blocked: false }, null],
    ["a person wrote to them", "follow_up", lead("engaged", true), "handed_over"],
    // A new call's delayed text-back was decided after its lead's past: a lead a person answered
    // or booked stays open and a new call joins it (a person's act during the delay stops it at once).
    ["a delayed text-back to a caller a person answered before", "text", lead("engaged", true), null],
    ["a delayed text-back on a booked lead", "text", lead("booked"), null],
    ["a delayed text-back to a blocked caller", "text", { lead: lead("engaged").lead, blocked: true }, "blocked"],
    ["a booked lead", "follow_up", lead("booked"), "lead_booked"],
    ["a won lead a person also answered: the close says why", "follow_up", lead("won", true), "lead_won"],
    ["a lost lead", "follow_up", lead("lost"), "lead_lost"],
    ["a blocked caller, whatever the lead", "follow_up", { lead: { status: "engaged", handedOver: true }, blocked: true }, "blocked"],
    ["a page after a person wrote to the caller", "page", lead("engaged", true), null],
    ["a page for a booked lead", "page", lead("booked"), null],
    ["a page for a won lead", "page", lead("won"), "lead_won"],
    ["a page for a lost lead", "page", lead("lost", true), "lead_lost"],
    ["a page for a blocked caller", "page", { lead: null, blocked: true }, "blocked"],
    ["a page someone took (the line was not told)", "page", { lead: { status: "engaged", handedOver: false, acknowledged: true }, blocked: false }, "acknowledged"],
    ["a page for a won lead someone took: the close says why", "page", { lead: { status: "won", handedOver: false, acknowledged: true }, blocked: false }, "lead_won"],
    ["a follow-up of a caller whose page was taken", "follow_up", { lead: { status: "engaged", handedOver: false, acknowledged: true }, blocked: false }, null],
  ] as const)("%s", (_name, kind, standing, stop) => {
    expect(heldTextStop(kind, standing)).toBe(stop);
  });
});
