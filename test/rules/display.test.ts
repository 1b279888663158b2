import { describe, expect, it } from "vitest";
import { calendarDate, clockTime, formatPhone, personWords, localeOf, shownCaller, wallClock } from "../../src/rules/display";

describe("what people read", () => {
  it.each([
    ["+14155552671", "(415) 555-2671"],
    ["+447400123456", "+447400123456"],
    ["+1415555267", "+1415555267"],
  ])("formatPhone(%s) = %s", (e164, shown) => expect(formatPhone(e164)).toBe(shown));

  it("a business reads the locale of its number's country", () => {
    expect(localeOf("+13125550123")).toBe("en-US");
    expect(localeOf("+447400123456")).toBe("en-GB");
  });

  it.each([
    ["en-US", "2026-12-07T15:42:00Z", "America/Chicago", "9:42 AM"],
    ["en-US", "2026-12-07T21:05:00Z", "America/Chicago", "3:05 PM"],
    ["en-GB", "2026-12-07T15:05:00Z", "Europe/London", "15:05"],
    ["en-GB", "2026-12-07T00:05:00Z", "Europe/London", "0:05"],
  ] as const)("clockTime in %s at %s (%s) = %s", (locale, iso, tz, shown) => expect(clockTime(Date.parse(iso), tz, locale)).toBe(shown));

  it.each([
    ["en-US", "2026-12-08T03:00:00Z", "America/Chicago", "Dec 7, 2026"],
    ["en-GB", "2026-12-08T03:00:00Z", "Europe/London", "8 Dec 2026"],
  ] as const)("calendarDate in %s at %s (%s) = %s", (locale, iso, tz, shown) => expect(calendarDate(Date.parse(iso), tz, locale)).toBe(shown));

  it.each([
    ["08:00", "8 AM", "8:00"],
    ["12:00", "12 PM", "12:00"],
    ["12:30", "12:30 PM", "12:30"],
    ["17:30", "5:30 PM", "17:30"],
    ["00:00", "12 AM", "0:00"],
    ["24:00", "12 AM", "24:00"],
  ])("wallClock(%s) = %s / %s", (hhmm, us, gb) => {
    expect(wallClock(hhmm, "en-US")).toBe(us);
    expect(wallClock(hhmm, "en-GB")).toBe(gb);
  });
});

describe("personWords", () => {
  it.each([
    ["Sam (+17372345601)", "Sam, (737) 234-5601"],
    ["+14155550199", "(415) 555-0199"],
    ["Ana (+447700900123)", "Ana, +447700900123"],
    ["Dr. Lee (on call)", "Dr. Lee (on call)"],
  ])("%s → %s", (stored, shown) => expect(personWords(stored)).toBe(shown));
});

describe("shownCaller: the name the admin shows a caller by", () => {
  it.each([
    ["the contact's name over the lead's", { contact: "Tom Becker", lead: "Tommy" }, "Tom Becker", "contact"],
    ["the lead's name without a contact", { contact: null, lead: "Jenny Alvarez" }, "Jenny Alvarez", "lead"],
    ["the lead's name when the contact has none", { contact: "  ", lead: "Jenny Alvarez" }, "Jenny Alvarez", "lead"],
    ["the contact's name on a lead without one", { contact: "Ann Lee", lead: null }, "Ann Lee", "contact"],
    ["trimmed", { contact: " Ann Lee ", lead: undefined }, "Ann Lee", "contact"],
  ] as const)("%s", (_, names, name, from) => {
    expect(shownCaller("+14152345678", names)).toEqual({ name, nameFrom: from, phone: "(415) 234-5678", oneLine: `${name} · (415) 234-5678` });
  });

  it.each([{}, { contact: null, lead: null }, { contact: "", lead: " " }])("no name: the phone alone (%j)", (names) => {
    expect(shownCaller("+447400123456", names)).toEqual({ name: null, nameFrom: null, phone: "+447400123456", oneLine: "+447400123456" });
  });
});
