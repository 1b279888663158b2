import { describe, expect, it } from "vitest";
import { urgentSchema } from "../../src/lead-settings";
import { isOnCallAt, onCallAt, type OnCallHours } from "../../src/rules/on-call";
import { onCallHoursFrom, onCallHoursWords, outsideHours, pagingWhy } from "../../src/rules/on-call-words";

const CHICAGO = "America/Chicago";
const weekdays: OnCallHours = { days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "18:00" };
const lee = { phone: "+15125550111", name: "Lee", hours: [weekdays] };
const sam = { phone: "+15125550122", name: "Sam", hours: outsideHours(weekdays) };
const alex = { phone: "+15125550133", name: "Alex" };

describe("who is on call at time T (America/Chicago)", () => {
  it.each([
    // December: Chicago is UTC-6. 2026-12-08 is a Tuesday.
    ["Tuesday 9 AM: weekday hours", "2026-12-08T15:00:00Z", ["Lee"]],
    ["Tuesday 5:59 PM", "2026-12-08T23:59:00Z", ["Lee"]],
    ["Tuesday 6 PM: the night begins", "2026-12-09T00:00:00Z", ["Sam"]],
    ["Tuesday 3 AM: the night before's, past midnight", "2026-12-08T09:00:00Z", ["Sam"]],
    ["Tuesday 7:59 AM", "2026-12-08T13:59:00Z", ["Sam"]],
    ["Tuesday 8 AM", "2026-12-08T14:00:00Z", ["Lee"]],
    ["Saturday noon: the weekend", "2026-12-12T18:00:00Z", ["Sam"]],
    ["Sunday 3 PM", "2026-12-13T21:00:00Z", ["Sam"]],
    ["Monday 2 AM: Sunday's night", "2026-12-14T08:00:00Z", ["Sam"]],
    ["Friday 11 PM, into the weekend", "2026-12-12T05:00:00Z", ["Sam"]],
  ])("%s", (_name, iso, names) => {
    expect(onCallAt([lee, sam], CHICAGO, Date.parse(iso)).map((p) => p.name)).toEqual(names);
  });

  it("keeps list order, and someone without hours is always on call", () => {
    const at = Date.parse("2026-12-08T15:00:00Z");
    expect(onCallAt([alex, sam, lee], CHICAGO, at).map((p) => p.name)).toEqual(["Alex", "Lee"]);
    expect(onCallAt([sam, alex], CHICAGO, Date.parse("2026-12-08T09:00:00Z")).map((p) => p.name)).toEqual(["Sam", "Alex"]);
    expect(isOnCallAt({}, CHICAGO, at)).toBe(true);
  });

  it("a stretch whose end is before its start runs past midnight into the next day only", () => {
    const friNight = { hours: [{ days: ["fri" as const], from: "22:00", to: "06:00" }] };
    expect(isOnCallAt(friNight, CHICAGO, Date.parse("2026-12-12T04:00:00Z"))).toBe(true); // Fri 22:00
    expect(isOnCallAt(friNight, CHICAGO, Date.parse("2026-12-12T03:59:00Z"))).toBe(false); // Fri 21:59
    expect(isOnCallAt(friNight, CHICAGO, Date.parse("2026-12-12T11:59:00Z"))).toBe(true); // Sat 05:59
    expect(isOnCallAt(friNight, CHICAGO, Date.parse("2026-12-12T12:00:00Z"))).toBe(false); // Sat 06:00
    expect(isOnCallAt(friNight, CHICAGO, Date.parse("2026-12-11T05:00:00Z"))).toBe(false); // Thu 23:00
  });

  it("follows the wall clock across daylight-saving changes", () => {
    // 2026-03-08 Chicago springs forward at 2 AM: Monday 8 AM is 14:00Z before, 13:00Z after.
    expect(isOnCallAt(lee, CHICAGO, Date.parse("2026-03-02T13:00:00Z"))).toBe(false); // Mon 07:00 CST
    expect(isOnCallAt(lee, CHICAGO, Date.parse("2026-03-02T14:00:00Z"))).toBe(true); // Mon 08:00 CST
    expect(isOnCallAt(lee, CHICAGO, Date.parse("2026-03-09T13:00:00Z"))).toBe(true); // Mon 08:00 CDT
    expect(isOnCallAt(sam, CHICAGO, Date.parse("2026-03-09T12:59:00Z"))).toBe(true); // Mon 07:59 CDT
    expect(isOnCallAt(sam, CHICAGO, Date.parse("2026-03-09T13:00:00Z"))).toBe(false);
    // A Saturday night to 3 AM ends at 3 AM on the clock, though 2 AM never came.
    const satNight = { hours: [{ days: ["sat" as const], from: "22:00", to: "03:00" }] };
    expect(isOnCallAt(satNight, CHICAGO, Date.parse("2026-03-08T07:59:00Z"))).toBe(true); // 01:59 CST
    expect(isOnCallAt(satNight, CHICAGO, Date.parse("2026-03-08T08:00:00Z"))).toBe(false); // 03:00 CDT
    // 2026-11-01 falls back: 1:30 AM comes twice, both inside a night to 2 AM; 2 AM CST is out.
    const toTwo = { hours: [{ days: ["sat" as const], from: "22:00", to: "02:00" }] };
    expect(isOnCallAt(toTwo, CHICAGO, Date.parse("2026-11-01T06:30:00Z"))).toBe(true);
    expect(isOnCallAt(toTwo, CHICAGO, Date.parse("2026-11-01T07:30:00Z"))).toBe(true);
    expect(isOnCallAt(toTwo, CHICAGO, Date.parse("2026-11-01T08:00:00Z"))).toBe(false);
  });
});

describe("on-call hours in words", () => {
  it.each([
    [undefined, "Always"],
    [[weekdays], "Weekdays 8 AM–6 PM"],
    [outsideHours(weekdays), "Nights and weekends (outside weekdays 8 AM–6 PM)"],
    [[{ days: ["sat", "sun"], from: "00:00", to: "00:00" }], "Weekends all day"],
    [[{ days: ["mon", "tue", "wed", "thu"], from: "09:00", to: "17:30" }], "Mon–Thu 9 AM–5:30 PM"],
    [[{ days: ["fri", "mon", "wed"], from: "19:00", to: "07:00" }], "Mon, Wed, Fri 7 PM–7 AM"],
    [outsideHours({ days: ["mon", "tue", "wed", "thu"], from: "09:00", to: "17:00" }), "Outside Mon–Thu 9 AM–5 PM"],
    [[weekdays, { days: ["sat"], from: "09:00", to: "12:00" }], "Weekdays 8 AM–6 PM; Sat 9 AM–12 PM"],
    [[{ days: ["sun"], from: "18:00", to: "18:00" }], "Sun 24 hours from 6 PM"],
  ] as [OnCallHours[] | undefined, string][])("%j → %s", (hours, words) => {
    expect(onCallHoursWords(hours)).toBe(words);
    // What the page shows, the form reads back the same.
    const back = onCallHoursFrom(words);
    expect(onCallHoursWords(back ?? undefined)).toBe(words);
  });

  it("reads hours as people type them", () => {
    expect(onCallHoursFrom("Weekdays 8 AM-6 PM")).toEqual([weekdays]);
    expect(onCallHoursFrom("mon-fri 08:00 to 18:00")).toEqual([weekdays]);
    expect(onCallHoursFrom("Sat and Sun all day")).toEqual([{ days: ["sat", "sun"], from: "00:00", to: "00:00" }]);
    expect(onCallHoursFrom("fri-mon 6pm-8am")).toEqual([{ days: ["fri", "sat", "sun", "mon"], from: "18:00", to: "08:00" }]);
    expect(onCallHoursFrom("outside weekdays 8am-6pm")).toEqual(outsideHours(weekdays));
    expect(onCallHoursFrom("")).toBeUndefined();
    expect(onCallHoursFrom("Always")).toBeUndefined();
  });

  it.each(["whenever", "Mon 25:00-3 PM", "Funday 8 AM-5 PM", "Weekdays", "outside weekends all day", "Mon 13 PM-2 PM"])("cannot read %j", (words) => {
    expect(onCallHoursFrom(words)).toBeNull();
  });

  it("says why the emergency pages whom it pages", () => {
    expect(pagingWhy([sam], true, true)).toBe("on call now: Sam, nights and weekends (outside weekdays 8 AM–6 PM)");
    expect(pagingWhy([lee, alex], true, true)).toBe("on call now: Lee, weekdays 8 AM–6 PM; Alex, always");
    expect(pagingWhy([], true, true)).toBe("nobody is on call now: paging the owner");
    expect(pagingWhy([], true, false)).toBe("nobody is on call now, and there is no owner's phone to page");
    expect(pagingWhy([alex], false, true)).toBeNull();
  });
});

describe("on-call settings", () => {
  it("keeps an on-call list without hours as it is", () => {
    expect(urgentSchema.parse({ onCall: [{ phone: "+15125550111", name: "Lee" }] }).onCall).toEqual([{ phone: "+15125550111", name: "Lee" }]);
    expect(urgentSchema.parse({ onCall: [lee] }).onCall).toEqual([lee]);
  });

  it.each([
    [{ days: ["monday"], from: "08:00", to: "18:00" }, ["onCall", 0, "hours", 0, "days", 0], /must be a day/],
    [{ days: [], from: "08:00", to: "18:00" }, ["onCall", 0, "hours", 0, "days"], /at least one day/],
    [{ days: ["mon"], from: "8am", to: "18:00" }, ["onCall", 0, "hours", 0, "from"], /HH:MM/],
    [{ days: ["mon"], from: "08:00", to: "24:00" }, ["onCall", 0, "hours", 0, "to"], /HH:MM/],
  ])("refuses %j, naming the field", (hours, path, message) => {
    const r = urgentSchema.safeParse({ onCall: [{ phone: "+15125550111", name: "Lee", hours: [hours] }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(path);
    expect(r.error?.issues[0]?.message).toMatch(message);
  });

  it("refuses an empty list of hours: leaving hours out is always on call", () => {
    const r = urgentSchema.safeParse({ onCall: [{ phone: "+15125550111", name: "Lee", hours: [] }] });
    expect(r.error?.issues[0]?.path).toEqual(["onCall", 0, "hours"]);
  });
});
