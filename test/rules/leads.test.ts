import { describe, expect, it } from "vitest";
import { isClosed, NOT_A_LEAD_TAGS, personMove, statusEvent, systemMove, touchesLead } from "../../src/rules/leads";
import type { Decision } from "../../src/rules/reasons";
import { LEAD_STATUSES, SKIP_REASONS, type LeadStatus } from "../../src/vocabulary";

describe("touchesLead", () => {
  it("every texted call is a lead", () => {
    expect(touchesLead({ action: "text", outcome: "no_answer", templateKind: "missed_call" })).toBe(true);
  });

  it.each(SKIP_REASONS.map((reason) => [reason]))("a call skipped for %s", (reason) => {
    const notALead = ["answered", "withheld_caller_id", "invalid_number", "premium_rate", "toll_free", "own_number", "internal", "blocked"];
    const decision: Decision = { action: "skip", outcome: reason === "answered" ? "answered" : "busy", reason };
    expect(touchesLead(decision)).toBe(!notALead.includes(reason));
  });

  it("the SQL that records a call is told the contact tags that are no lead", () => {
    expect(NOT_A_LEAD_TAGS).toEqual(["internal", "blocked"]);
  });
});

describe("the lead's status", () => {
  // Every pair, so a transition added or removed by mistake shows here.
  const allowed = new Set(["new>engaged", "new>qualified", "new>booked", "new>lost", "engaged>qualified", "engaged>booked", "engaged>lost", "qualified>booked", "qualified>lost"]);
  const pairs = LEAD_STATUSES.flatMap((from) => LEAD_STATUSES.map((to) => [from, to] as [LeadStatus, LeadStatus]));
  it.each(pairs)("the system may move %s → %s only forward and never to won", (from, to) => {
    expect(systemMove(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it("closes on won and lost only", () => {
    expect(LEAD_STATUSES.filter(isClosed)).toEqual(["won", "lost"]);
  });

  it("a person's move stamps closing, clears it on reopening, and keeps the first qualified and booked times", () => {
    const open = { status: "engaged" as const, qualifiedAt: null, bookedAt: null, closedAt: null };
    expect(personMove(open, "won", 100)).toEqual({ status: "won", closedAt: 100, qualifiedAt: null, bookedAt: null });
    expect(personMove({ ...open, status: "won", closedAt: 100 }, "lost", 200)).toMatchObject({ closedAt: 100 });
    expect(personMove({ ...open, status: "lost", closedAt: 100 }, "engaged", 300)).toMatchObject({ status: "engaged", closedAt: null });
    expect(personMove({ ...open, qualifiedAt: 50 }, "qualified", 400)).toMatchObject({ qualifiedAt: 50 });
    expect(personMove(open, "booked", 500)).toMatchObject({ bookedAt: 500 });
    expect(personMove(open, "engaged", 600)).toBeNull();
  });

  it("names the event of the status reached", () => {
    expect(LEAD_STATUSES.map(statusEvent)).toEqual([null, null, "lead.qualified", "lead.booked", "lead.won", "lead.lost"]);
  });
});
