import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NPA_ZONES } from "../../src/rules/npa-zones";
import {
  isInsideQuietHoursWindow,
  nextAllowedSendTime,
  QUIET_HOURS_WINDOW,
  recipientZones,
  type WeeklyWindow,
} from "../../src/rules/quiet-hours";

// Calendar used below (2026): Jul 14 Tue, Jul 18 Sat, Jul 19 Sun; Jan 14 Wed, Jan 17 Sat;
// US DST starts Sun Mar 8 02:00 and ends Sun Nov 1 02:00. Times are UTC, local time in the comment.
const t = (iso: string) => Date.parse(iso);
const NY = ["America/New_York"];
const IDAHO = recipientZones("+12085550123", "America/New_York"); // Boise + Los Angeles
const NORTHERN_AZ = recipientZones("+19285550123", "America/New_York"); // Phoenix + Denver (Navajo Nation)
const NEWFOUNDLAND_LABRADOR = recipientZones("+17095550123", "America/New_York"); // St Johns + Halifax
const ALASKA = recipientZones("+19075550123", "America/New_York"); // Anchorage + Adak

describe("isInsideQuietHoursWindow", () => {
  it.each([
    ["Tue 08:59 EDT", NY, "2026-07-14T12:59:00Z", false],
    ["Tue 09:00 EDT", NY, "2026-07-14T13:00:00Z", true],
    ["Tue 19:59:59 EDT", NY, "2026-07-14T23:59:59Z", true],
    ["Tue 20:00 EDT (closing time)", NY, "2026-07-15T00:00:00Z", false],
    ["Sat 09:00 EDT", NY, "2026-07-18T13:00:00Z", true],
    ["Sun 11:59 EDT", NY, "2026-07-19T15:59:00Z", false],
    ["Sun 12:00 EDT", NY, "2026-07-19T16:00:00Z", true],
    ["Sun 19:59 EDT", NY, "2026-07-19T23:59:00Z", true],
    ["Wed 03:00 EDT", NY, "2026-07-15T07:00:00Z", false],
    ["208: Boise 09:30, Los Angeles 08:30", IDAHO, "2026-07-14T15:30:00Z", false],
    ["208: Boise 10:00, Los Angeles 09:00", IDAHO, "2026-07-14T16:00:00Z", true],
    ["208: Boise 20:00, Los Angeles 19:00", IDAHO, "2026-07-15T02:00:00Z", false],
    ["Phoenix 19:59 MST in July (Denver 20:59)", ["America/Phoenix"], "2026-07-16T02:59:00Z", true],
    ["928 in July: Phoenix 19:00, Denver 20:00", NORTHERN_AZ, "2026-07-16T02:00:00Z", false],
    ["928 in January: Phoenix = Denver = 19:30 MST", NORTHERN_AZ, "2026-01-15T02:30:00Z", true],
    ["709: St Johns 19:59 NST, Halifax 19:29 AST", NEWFOUNDLAND_LABRADOR, "2026-01-14T23:29:00Z", true],
    ["709: St Johns 20:00 NST, Halifax 19:30 AST", NEWFOUNDLAND_LABRADOR, "2026-01-14T23:30:00Z", false],
    ["Honolulu Tue 09:00 HST", ["Pacific/Honolulu"], "2026-07-14T19:00:00Z", true],
  ])("%s → %s", (_name, zones, iso, open) => {
    expect(isInsideQuietHoursWindow(t(iso), zones)).toBe(open);
  });

  it("refuses an empty zone list rather than treating it as always open", () => {
    expect(() => isInsideQuietHoursWindow(t("2026-07-14T13:00:00Z"), [])).toThrow(RangeError);
    expect(() => nextAllowedSendTime(t("2026-07-14T13:00:00Z"), [])).toThrow(RangeError);
  });

  it("throws on an unknown zone", () => {
    expect(() => isInsideQuietHoursWindow(t("2026-07-14T13:00:00Z"), ["Mars/Olympus_Mons"])).toThrow(RangeError);
  });
});

describe("nextAllowedSendTime", () => {
  it.each([
    // a follow-up due late evening in the caller's zone waits for the next morning
    ["Tue 21:30 EDT → Wed 09:00", NY, "2026-07-15T01:30:00Z", "2026-07-15T13:00:00Z"],
    ["Fri 21:30 EDT → Sat 09:00", NY, "2026-07-18T01:30:00Z", "2026-07-18T13:00:00Z"],
    ["Sat 21:30 EDT → Sun 12:00", NY, "2026-07-19T01:30:00Z", "2026-07-19T16:00:00Z"],
    ["Sat 20:30 EDT → Sun 12:00", NY, "2026-07-19T00:30:00Z", "2026-07-19T16:00:00Z"],
    ["Sun 08:00 EDT → Sun 12:00", NY, "2026-07-19T12:00:00Z", "2026-07-19T16:00:00Z"],
    ["Sun 21:30 EDT → Mon 09:00", NY, "2026-07-20T01:30:00Z", "2026-07-20T13:00:00Z"],
    ["Mon 06:15 EDT → Mon 09:00", NY, "2026-07-20T10:15:00Z", "2026-07-20T13:00:00Z"],
    ["Chicago Tue 21:30 CDT → Wed 09:00", ["America/Chicago"], "2026-07-15T02:30:00Z", "2026-07-15T14:00:00Z"],
    ["Los Angeles Tue 21:30 PST → Wed 09:00", ["America/Los_Angeles"], "2026-01-14T05:30:00Z", "2026-01-14T17:00:00Z"],
    // 208: both Idaho zones must be open, so the later (Pacific) opening wins
    ["208: Boise 09:30 / LA 08:30 → LA 09:00", IDAHO, "2026-07-14T15:30:00Z", "2026-07-14T16:00:00Z"],
    ["208: Boise 20:00 / LA 19:00 → next LA 09:00", IDAHO, "2026-07-15T02:00:00Z", "2026-07-15T16:00:00Z"],
    // US DST starts on a Sunday in 2026: opening is noon on the clock, now EDT
    ["DST start: Sat 21:30 EST → Sun 12:00 EDT", NY, "2026-03-08T02:30:00Z", "2026-03-08T16:00:00Z"],
    ["DST start: Sun 01:59 EST, just before the jump", NY, "2026-03-08T06:59:00Z", "2026-03-08T16:00:00Z"],
    ["DST start: Sun 11:30 EDT", NY, "2026-03-08T15:30:00Z", "2026-03-08T16:00:00Z"],
    ["DST start: Sun 21:00 EDT → Mon 09:00 EDT", NY, "2026-03-09T01:00:00Z", "2026-03-09T13:00:00Z"],
    ["DST start, the Friday before: 21:30 EST → Sat 09:00 EST", NY, "2026-03-07T02:30:00Z", "2026-03-07T14:00:00Z"],
    ["DST start in LA: Sat 21:30 PST → Sun 12:00 PDT", ["America/Los_Angeles"], "2026-03-08T05:30:00Z", "2026-03-08T19:00:00Z"],
    // DST ends on a Sunday too: noon is now EST
    ["DST end: Sat 21:30 EDT → Sun 12:00 EST", NY, "2026-11-01T01:30:00Z", "2026-11-01T17:00:00Z"],
    ["DST end: Sun 01:30 EST, the repeated hour", NY, "2026-11-01T06:30:00Z", "2026-11-01T17:00:00Z"],
    ["DST end: Sun 20:30 EST → Mon 09:00 EST", NY, "2026-11-02T01:30:00Z", "2026-11-02T14:00:00Z"],
    ["DST end, 208: Sat 21:30 MDT → Sun 12:00 PST", IDAHO, "2026-11-01T03:30:00Z", "2026-11-01T20:00:00Z"],
    // Arizona keeps MST in summer, so it is an hour behind Denver
    ["Phoenix in July: 08:30 MST → 09:00 MST", ["America/Phoenix"], "2026-07-15T15:30:00Z", "2026-07-15T16:00:00Z"],
    ["928 in July: Phoenix 19:00 / Denver 20:00 → Phoenix 09:00", NORTHERN_AZ, "2026-07-16T02:00:00Z", "2026-07-16T16:00:00Z"],
    // Newfoundland is on a half-hour offset (UTC-3:30, UTC-2:30 in summer)
    ["St Johns Wed 08:30 NST → 09:00 NST", ["America/St_Johns"], "2026-01-14T12:00:00Z", "2026-01-14T12:30:00Z"],
    ["St Johns Wed 21:00 NDT → Thu 09:00 NDT", ["America/St_Johns"], "2026-07-15T23:30:00Z", "2026-07-16T11:30:00Z"],
    ["709 (St Johns + Labrador) 08:30 NST → Halifax 09:00", NEWFOUNDLAND_LABRADOR, "2026-01-14T12:00:00Z", "2026-01-14T13:00:00Z"],
    // Hawaii (no DST) and Alaska
    ["Honolulu Tue 21:30 HST → Wed 09:00", ["Pacific/Honolulu"], "2026-07-15T07:30:00Z", "2026-07-15T19:00:00Z"],
    ["Honolulu Sat 20:30 HST → Sun 12:00", ["Pacific/Honolulu"], "2026-01-18T06:30:00Z", "2026-01-18T22:00:00Z"],
    ["Anchorage Tue 21:30 AKDT → Wed 09:00", ["America/Anchorage"], "2026-07-15T05:30:00Z", "2026-07-15T17:00:00Z"],
    ["907: Anchorage 09:30 / Adak 08:30 → Adak 09:00", ALASKA, "2026-07-14T17:30:00Z", "2026-07-14T18:00:00Z"],
  ])("%s", (_name, zones, iso, expected) => {
    expect(new Date(nextAllowedSendTime(t(iso), zones) ?? 0).toISOString()).toBe(new Date(t(expected)).toISOString());
  });

  it("returns the same instant when the window is already open", () => {
    const at = t("2026-07-15T18:42:17.123Z"); // Wed 14:42 EDT
    expect(nextAllowedSendTime(at, NY)).toBe(at);
    expect(nextAllowedSendTime(at, IDAHO)).toBe(at);
  });

  it("returns null for zones whose windows never overlap", () => {
    // New York 09-20 is 13-24 UTC in summer and 14-01 in winter; Shanghai 09-20 is 01-12 UTC
    for (const iso of ["2026-07-14T12:00:00Z", "2026-01-14T12:00:00Z"]) {
      expect(nextAllowedSendTime(t(iso), ["America/New_York", "Asia/Shanghai"])).toBeNull();
    }
  });

  it("follows a custom window, skipping days it closes", () => {
    const noSundays: WeeklyWindow = { ...QUIET_HOURS_WINDOW, sun: null, sat: { open: "10:00", close: "17:00" } };
    // Sat 17:30 EDT → Mon 09:00 EDT
    expect(nextAllowedSendTime(t("2026-07-18T21:30:00Z"), NY, noSundays)).toBe(t("2026-07-20T13:00:00Z"));
    expect(isInsideQuietHoursWindow(t("2026-07-18T13:30:00Z"), NY, noSundays)).toBe(false); // Sat 09:30
    const never: WeeklyWindow = { sun: null, mon: null, tue: null, wed: null, thu: null, fri: null, sat: null };
    expect(nextAllowedSendTime(t("2026-07-14T13:00:00Z"), NY, never)).toBeNull();
  });

  it("finds the earliest open minute, for any area code and time of year", () => {
    const npas = [...NPA_ZONES.keys()];
    const start = t("2026-01-01T00:00:00Z");
    const end = t("2027-01-01T00:00:00Z");
    fc.assert(
      fc.property(fc.constantFrom(...npas), fc.integer({ min: start, max: end }), (npa, at) => {
        const zones = NPA_ZONES.get(npa) ?? [];
        const next = nextAllowedSendTime(at, zones);
        expect(next, npa).not.toBeNull();
        if (next === null) return;
        expect(next).toBeGreaterThanOrEqual(at);
        expect(next - at).toBeLessThanOrEqual(8 * 86_400_000);
        expect(isInsideQuietHoursWindow(next, zones)).toBe(true);
        if (next === at) return;
        // brute force: nothing earlier, checked on every whole minute from `at` on
        expect(next % 60_000).toBe(0);
        for (let m = Math.ceil(at / 60_000) * 60_000; m < next; m += 60_000) {
          if (isInsideQuietHoursWindow(m, zones)) expect.fail(`${npa}: open at ${new Date(m).toISOString()}, before ${new Date(next).toISOString()}`);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("recipientZones", () => {
  it.each([
    ["known area code", "+12135550123", "America/Chicago", ["America/Los_Angeles"]],
    ["multi-zone area code", "+12085550123", "America/Chicago", ["America/Boise", "America/Los_Angeles"]],
    ["Canadian area code", "+14165550123", "America/Chicago", ["America/Toronto"]],
    ["unassigned area code → business zone", "+12215550123", "America/Chicago", ["America/Chicago"]],
    ["toll-free → business zone", "+18005550123", "America/Denver", ["America/Denver"]],
    ["toll-free 888 → business zone", "+18885550123", "America/Denver", ["America/Denver"]],
    ["non-NANP → business zone", "+442071234567", "America/Denver", ["America/Denver"]],
    ["Caribbean NANP → business zone", "+18765550123", "America/New_York", ["America/New_York"]],
  ])("%s", (_name, caller, business, zones) => {
    expect(recipientZones(caller, business)).toEqual(zones);
  });

  it("schedules a toll-free caller's follow-up in the business's zone", () => {
    // Tue 21:30 PDT in the business's zone → Wed 09:00 PDT
    const zones = recipientZones("+18665550123", "America/Los_Angeles");
    expect(nextAllowedSendTime(t("2026-07-15T04:30:00Z"), zones)).toBe(t("2026-07-15T16:00:00Z"));
  });
});
