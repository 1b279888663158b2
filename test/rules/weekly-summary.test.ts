import { describe, expect, it } from "vitest";
import { weeklySummaryDue, weeklySummaryText } from "../../src/rules/weekly-summary";
import { localWeeks } from "../../src/rules/weeks";

const utc = (iso: string) => Date.parse(`${iso}Z`);
const CHICAGO = ["America/Chicago"];

describe("weeklySummaryDue", () => {
  it.each([
    ["Sunday 23:00 CDT", "2026-03-09T04:00", null],
    ["Monday 07:59 CDT", "2026-03-09T12:59", null],
    // From 08:00 on the business's clock, but the owner's quiet hours open at 09:00.
    ["Monday 08:30 CDT, quiet hours for the owner", "2026-03-09T13:30", null],
    ["Monday 09:00 CDT", "2026-03-09T14:00", "2026-03-09"],
    ["Monday 19:59 CDT", "2026-03-10T00:59", "2026-03-09"],
    ["Monday 20:00 CDT, quiet hours again", "2026-03-10T01:00", null],
    ["Tuesday 10:00 CDT: not sent late", "2026-03-10T15:00", null],
  ])("%s", (_name, at, monday) => {
    const due = weeklySummaryDue(utc(at), "America/Chicago", CHICAGO);
    expect(due?.monday ?? null).toBe(monday);
  });

  it("covers last week, Monday to Monday on the business's clock (167 hours across the spring change)", () => {
    expect(weeklySummaryDue(utc("2026-03-09T14:00"), "America/Chicago", CHICAGO)).toEqual({ monday: "2026-03-09", from: utc("2026-03-02T06:00"), to: utc("2026-03-09T05:00") });
  });

  it("goes at 08:00 on the business's clock when the owner's phone is in a zone already open", () => {
    const zones = ["America/New_York"];
    expect(weeklySummaryDue(utc("2026-03-09T14:59"), "America/Los_Angeles", zones)).toBeNull(); // 07:59 PDT
    expect(weeklySummaryDue(utc("2026-03-09T15:00"), "America/Los_Angeles", zones)?.monday).toBe("2026-03-09"); // 08:00 PDT, 11:00 EDT
  });
});

describe("localWeeks", () => {
  it("finds Monday from any day, in the zone's own date", () => {
    // Sunday 22:00 in Chicago is already Monday in UTC.
    expect(localWeeks(utc("2026-11-09T04:00"), "America/Chicago").monday).toBe("2026-11-02");
    expect(localWeeks(utc("2026-11-09T06:00"), "America/Chicago").monday).toBe("2026-11-09");
    // The week of the autumn change (Sunday 1 November) is 169 hours.
    const { lastWeek } = localWeeks(utc("2026-11-02T07:00"), "America/Chicago");
    expect(lastWeek.from).toBe(utc("2026-10-26T05:00"));
    expect(lastWeek.to - lastWeek.from).toBe(169 * 3_600_000);
  });
});

describe("weeklySummaryText", () => {
  it("says last week in plain words", () => {
    expect(weeklySummaryText("Acme Plumbing", { missedCalls: 14, texted: 12, replied: 7, booked: 4, wonCents: 185_000 })).toBe(
      "Textback for Acme Plumbing. Last week: 14 missed calls, 12 texted, 7 replied, 4 booked, $1,850 won.",
    );
    expect(weeklySummaryText("Acme", { missedCalls: 1, texted: 0, replied: 0, booked: 0, wonCents: 45_050 })).toBe("Textback for Acme. Last week: 1 missed call, 0 texted, 0 replied, 0 booked, $450.50 won.");
  });
});
