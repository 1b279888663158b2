import { describe, expect, it } from "vitest";
import { REPEAT_ALERT_EVERY_MS, repeatAlertDue, repeatAlertTo, repeatCallAlert, spanWords, type RepeatCall } from "../../src/rules/repeat-call";
import { SKIP_REASONS } from "../../src/rules/reasons";
import { countSegments } from "../../src/rules/encoding";

describe("repeatAlertDue", () => {
  it("only a cooldown's skip alerts: every other reason a call is not texted (blocked, staff, opted out…) alerts nobody", () => {
    for (const reason of SKIP_REASONS) expect(repeatAlertDue(reason, null, 0), reason).toBe(reason === "cooldown");
  });

  it("at most once per caller every 10 minutes", () => {
    expect(repeatAlertDue("cooldown", 1_000, 1_000 + REPEAT_ALERT_EVERY_MS - 1)).toBe(false);
    expect(repeatAlertDue("cooldown", 1_000, 1_000 + REPEAT_ALERT_EVERY_MS)).toBe(true);
  });
});

describe("repeatAlertTo", () => {
  const urgent = { enabled: true, onCall: [{ phone: "+15125550101" }, { phone: "+15125550102" }] };

  it("the owner, and the first person on call where the business pages", () => {
    expect(repeatAlertTo("+13125550100", urgent, [])).toEqual(["+13125550100", "+15125550101"]);
    expect(repeatAlertTo("+13125550100", { ...urgent, enabled: false }, [])).toEqual(["+13125550100"]);
    expect(repeatAlertTo(null, { enabled: false, onCall: [] }, [])).toEqual([]);
  });

  it("never a phone that paused Textback's texts, and nobody twice", () => {
    expect(repeatAlertTo("+13125550100", urgent, ["+13125550100"])).toEqual(["+15125550101"]);
    expect(repeatAlertTo("+15125550101", urgent, [])).toEqual(["+15125550101"]);
  });
});

describe("repeatCallAlert", () => {
  const base: RepeatCall = {
    caller: { who: "Maria G. (612) 234-0000", phone: "(612) 234-0000" },
    calls: 3,
    spanMs: 12 * 60_000,
    lead: { status: "engaged", said: "roof is leaking" },
    link: "https://tb.example.com/admin/businesses/b/conversations/+16122340000",
  };

  it("says who, how many calls in how long, the lead and what they said, and the link", () => {
    expect(repeatCallAlert(base, false)).toBe(
      'Textback: Maria G. (612) 234-0000 called again: 3 calls in 12 min, still waiting. Lead: engaged, said "roof is leaking". Call them back. Open: https://tb.example.com/admin/businesses/b/conversations/+16122340000',
    );
  });

  it("privateTexts: never the caller's words", () => {
    const said = repeatCallAlert(base, true);
    expect(said).not.toContain("roof");
    expect(said).toContain("Lead: engaged, they replied.");
  });

  it("a caller who has not replied, or has no open lead", () => {
    expect(repeatCallAlert({ ...base, lead: { status: "new", said: null } }, false)).toContain("Lead: new, no reply yet.");
    expect(repeatCallAlert({ ...base, lead: null }, false)).not.toContain("Lead:");
  });

  it("a long text is cut with plain dots, so the alert stays GSM-7", () => {
    const alert = repeatCallAlert({ ...base, lead: { status: "engaged", said: "water ".repeat(40) } }, false);
    expect(alert).toContain('..."');
    expect(countSegments(alert).encoding).toBe("GSM-7");
  });
});

describe("spanWords", () => {
  it.each([[20_000, "under a minute"], [12 * 60_000, "12 min"], [60 * 60_000, "1 h"], [65 * 60_000, "1 h 5 min"]])("%i ms: %s", (ms, words) => {
    expect(spanWords(ms)).toBe(words);
  });
});
