import { describe, expect, it } from "vitest";
import { capAlertId, capAlertText, capNotice, type CapState } from "../../src/rules/daily-cap";
import { countSegments } from "../../src/rules/encoding";

const CHICAGO = "America/Chicago";
/** 2:57 PM in Dallas. */
const AT = Date.UTC(2026, 11, 7, 20, 57);

describe("the owner's text when the daily cap first stops a text", () => {
  it("says what happened, what still goes and how to send more, with a link to Settings", () => {
    const words = capAlertText({ business: "Summit Roofing", cap: 195, at: AT, timeZone: CHICAGO, locale: "en-US", settingsUrl: "https://tb.example/admin/businesses/b1/settings" });
    expect(words).toBe(
      "Textback alert: Summit Roofing reached its daily cap of 195 texts at 2:57 PM. Texts to callers (text-backs, questions, answers) are not being sent; " +
        'pages and texts to you still go. To send more, raise "Most texts of any kind in 24 hours" in Settings: https://tb.example/admin/businesses/b1/settings',
    );
    expect(countSegments(words)).toMatchObject({ encoding: "GSM-7" });
    expect(countSegments(words).segments).toBeLessThanOrEqual(3);
  });

  it("without a public address, names Settings alone", () => {
    expect(capAlertText({ business: "Acme", cap: 1000, at: AT, timeZone: CHICAGO, locale: "en-US", settingsUrl: null })).toMatch(/cap of 1,000 texts at 2:57 PM\..* in Settings\.$/);
  });

  it("is one alert a day: its id is the business's local day", () => {
    expect(capAlertId("b_1", "2026-12-07")).toBe("m_alert_b_1_daily_text_cap_2026-12-07");
    expect(capAlertId("b_1", "2026-12-08")).not.toBe(capAlertId("b_1", "2026-12-07"));
  });
});

describe("the dashboard's notice of the daily cap", () => {
  const state = (s: Partial<CapState>): CapState => ({ cap: 195, sentLastDay: 195, stopped: 12, firstAt: AT, runaway: 0, ...s });

  it("says nothing when the cap stopped nothing in the last 24 hours", () => {
    expect(capNotice(state({ stopped: 0, firstAt: null }), CHICAGO, "en-US")).toBeNull();
  });

  it("at the cap: since when, how many, what still goes, and what to do", () => {
    expect(capNotice(state({}), CHICAGO, "en-US")).toEqual({
      tone: "bad",
      title: "Daily text cap reached",
      words:
        "Since 2:57 PM, 12 texts were not sent because the business reached its daily cap (195 texts in 24 hours, every kind counted). " +
        "Pages, texts to you and your people on call, urgent answers and the answers to STOP, START and HELP still go; text-backs, follow-ups, questions and texts written to callers do not. " +
        'To send more, raise "Most texts of any kind in 24 hours" in Settings.',
    });
  });

  it("past the runaway bound, says even pages stop", () => {
    expect(capNotice(state({ sentLastDay: 975, runaway: 3 }), CHICAGO, "en-US")?.words).toContain("Past 5 times the cap even pages, texts to you and urgent answers stop; only the answers to STOP, START and HELP go.");
  });

  it("once texts go again (the cap raised, or the 24 hours moved on), says so", () => {
    expect(capNotice(state({ cap: 400, sentLastDay: 210, stopped: 1 }), CHICAGO, "en-US")).toEqual({
      tone: "warn",
      title: "Daily text cap reached earlier",
      words: "Since 2:57 PM, 1 text was not sent because the business reached its daily cap. Texts go again now: 210 texts of the cap of 400 in the last 24 hours.",
    });
  });
});
