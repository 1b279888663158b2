import { describe, expect, it } from "vitest";
import { contactProperties, conversationNote, dealProperties, DEFAULT_STAGES, hubspotAmount, phoneSearch, type LeadForCrm } from "../../src/rules/hubspot";
import { retryAfterSeconds } from "../../src/rules/retry-after";
import { LEAD_STATUSES } from "../../src/vocabulary";

const lead: LeadForCrm = { id: "lead_1", phone: "+14155550123", name: null, status: "new", fields: {}, estimatedCents: null, wonCents: null, createdAt: 0 };

describe("contactProperties", () => {
  it.each<[Partial<LeadForCrm>, Record<string, string>]>([
    [{}, { phone: "+14155550123" }],
    [{ name: "Dana" }, { phone: "+14155550123", firstname: "Dana" }],
    [{ name: "  Dana  van der Berg " }, { phone: "+14155550123", firstname: "Dana", lastname: "van der Berg" }],
    [{ name: "   " }, { phone: "+14155550123" }],
    [{ fields: { address: "1 Main St", zip: "94612", city: "", service: "x" } }, { phone: "+14155550123", address: "1 Main St", zip: "94612" }],
  ])("%j → %j", (given, expected) => {
    expect(contactProperties({ ...lead, ...given })).toEqual(expected);
  });
});

describe("dealProperties", () => {
  it("maps every lead status to a stage of the default pipeline, or the business's own", () => {
    for (const status of LEAD_STATUSES) {
      expect(dealProperties({ ...lead, status }, null, "Acme").dealstage).toBe(DEFAULT_STAGES[status]);
      expect(dealProperties({ ...lead, status }, { pipelineId: "9", stages: { [status]: `s-${status}` } }, "Acme")).toMatchObject({ pipeline: "9", dealstage: `s-${status}` });
    }
  });

  it("carries the estimate while open and what was won once won, in dollars as a string; never an amount it does not know", () => {
    expect(dealProperties({ ...lead, estimatedCents: 45_000 }, null, "Acme").amount).toBe("450.00");
    expect(dealProperties({ ...lead, status: "won", estimatedCents: 45_000, wonCents: 52_050 }, null, "Acme").amount).toBe("520.50");
    expect(dealProperties({ ...lead, status: "won", estimatedCents: 45_000 }, null, "Acme")).not.toHaveProperty("amount");
    expect(dealProperties(lead, null, "Acme")).not.toHaveProperty("amount");
    expect(hubspotAmount(5)).toBe("0.05");
  });

  it("names the deal by service and caller", () => {
    expect(dealProperties({ ...lead, name: "Dana", fields: { service: "drain" } }, null, "Acme").dealname).toBe("Acme: drain for Dana");
    expect(dealProperties(lead, null, "Acme").dealname).toBe("Acme: job for +14155550123");
  });
});

describe("conversationNote", () => {
  it("writes who said what when, escaped, and drops the oldest texts past HubSpot's limit", () => {
    const note = conversationNote([{ direction: "inbound", body: "<b>hi</b> & bye", at: Date.UTC(2026, 2, 10, 15, 4) }], "Acme & Sons");
    expect(note).toContain("<strong>Caller</strong> 2026-03-10 15:04 UTC: &lt;b&gt;hi&lt;/b&gt; &amp; bye");
    const long = Array.from({ length: 100 }, (_, i) => ({ direction: "outbound" as const, body: `${i}:${"x".repeat(1000)}`, at: i }));
    const capped = conversationNote(long, "Acme");
    expect(capped.length).toBeLessThanOrEqual(65_536);
    expect(capped).toContain("99:x");
    expect(capped).not.toContain(">0:x");
  });
});

describe("phoneSearch and retryAfterSeconds", () => {
  it("searches contacts by exact phone", () => {
    expect(phoneSearch("+14155550123").filterGroups).toEqual([{ filters: [{ propertyName: "phone", operator: "EQ", value: "+14155550123" }] }]);
  });

  it.each<[string | null, number | null]>([
    [null, null],
    ["7", 7],
    ["0", 1],
    ["86400", 3600],
    ["soon", null],
    ["Wed, 21 Oct 2026 07:28:00 GMT", 30],
  ])("Retry-After %s → %s s", (header, seconds) => {
    expect(retryAfterSeconds(header, Date.parse("Wed, 21 Oct 2026 07:27:30 GMT"))).toBe(seconds);
  });
});
