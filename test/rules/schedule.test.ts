import { describe, expect, it } from "vitest";
import { hoursSchema, isOpen, isTimeZone, localTime } from "../../src/rules/schedule";

const hours = hoursSchema.parse({
  weekly: {
    mon: [{ open: "08:00", close: "12:00" }, { open: "13:00", close: "17:00" }],
    sat: [{ open: "09:00", close: "13:00" }],
  },
  holidays: ["2026-12-28"],
});
// 2026-11-30 is a Monday; Chicago is UTC-6 in winter
const chicago = (iso: string) => Date.parse(iso);

describe("isOpen", () => {
  it.each([
    ["Monday 08:00 Chicago", "2026-11-30T14:00:00Z", true],
    ["Monday 07:59 Chicago", "2026-11-30T13:59:00Z", false],
    ["Monday lunch break 12:30", "2026-11-30T18:30:00Z", false],
    ["Monday 16:59", "2026-11-30T22:59:00Z", true],
    ["Monday 17:00 (closing time)", "2026-11-30T23:00:00Z", false],
    ["Sunday", "2026-11-29T16:00:00Z", false],
    ["Saturday 10:00", "2026-12-05T16:00:00Z", true],
    ["a holiday Monday", "2026-12-28T16:00:00Z", false],
  ])("%s → %s", (_name, iso, open) => {
    expect(isOpen(hours, "America/Chicago", chicago(iso))).toBe(open);
  });

  it("treats a business without hours as always open", () => {
    expect(isOpen(null, "America/Chicago", Date.now())).toBe(true);
    expect(isOpen(hoursSchema.parse({}), "America/Chicago", Date.now())).toBe(true);
  });

  it("rejects shifts that close before they open and malformed times", () => {
    expect(hoursSchema.safeParse({ weekly: { mon: [{ open: "17:00", close: "08:00" }] } }).success).toBe(false);
    expect(hoursSchema.safeParse({ weekly: { mon: [{ open: "8am", close: "17:00" }] } }).success).toBe(false);
    expect(hoursSchema.safeParse({ holidays: ["28/12/2026"] }).success).toBe(false);
  });
});

describe("localTime", () => {
  it("gives the business's local date, so the daily cap resets at local midnight", () => {
    // 05:30 UTC is still the previous evening in Chicago
    expect(localTime(Date.parse("2026-11-30T05:30:00Z"), "America/Chicago")).toEqual({ date: "2026-11-29", day: "sun", time: "23:30" });
  });
  it("validates IANA zone names", () => {
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("hoursToday", () => {
  it.each([
    ["Monday", "2026-11-30T16:00:00Z", "8:00-12:00 and 13:00-17:00"],
    ["Sunday", "2026-11-29T16:00:00Z", "closed today"],
    ["a holiday", "2026-12-28T16:00:00Z", "closed today"],
  ])("on %s → %j", async (_n, iso, text) => {
    const { hoursToday } = await import("../../src/rules/schedule");
    expect(hoursToday(hours, "America/Chicago", Date.parse(iso))).toBe(text);
  });

  it("in a US business's words", async () => {
    const { hoursToday } = await import("../../src/rules/schedule");
    expect(hoursToday(hours, "America/Chicago", Date.parse("2026-11-30T16:00:00Z"), "en-US")).toBe("8 AM-12 PM and 1 PM-5 PM");
  });
});

describe("localTime across calls", () => {
  it("answers each zone and minute on its own: a cached minute never leaks into another zone or minute", () => {
    const at = Date.UTC(2026, 10, 29, 5, 59, 30);
    expect(localTime(at, "America/Chicago")).toEqual({ date: "2026-11-28", day: "sat", time: "23:59" });
    expect(localTime(at, "Asia/Tokyo")).toEqual({ date: "2026-11-29", day: "sun", time: "14:59" });
    expect(localTime(at + 20_000, "America/Chicago")).toEqual({ date: "2026-11-28", day: "sat", time: "23:59" });
    expect(localTime(at + 30_000, "America/Chicago")).toEqual({ date: "2026-11-29", day: "sun", time: "00:00" });
    expect(localTime(at - 60_000, "America/Chicago").time).toBe("23:58");
    // Nepal is UTC+5:45: a whole number of minutes, so the per-minute answer holds.
    expect(localTime(at, "Asia/Kathmandu").time).toBe("11:44");
  });
});
