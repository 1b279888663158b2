import { describe, expect, it } from "vitest";
import { placeTimeZones, readTimeZone, zoneOfNumber } from "../../src/rules/time-zones";

describe("readTimeZone", () => {
  it.each([
    ["America/Chicago", "America/Chicago"],
    [" America/Denver ", "America/Denver"],
    ["america/chicago", "America/Chicago"],
    ["Asia/Kolkata", "Asia/Kolkata"],
    ["Europe/Kyiv", "Europe/Kyiv"],
    ["America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"],
    // An alias of a place is that place: kept as typed.
    ["America/Montreal", "America/Montreal"],
    ["UTC", "UTC"],
    ["utc", "UTC"],
    ["Etc/UTC", "UTC"],
    // Old region aliases are stored as the place they link to.
    ["US/Central", "America/Chicago"],
    ["us/eastern", "America/New_York"],
    ["Canada/Eastern", "America/Toronto"],
    ["US/East-Indiana", "America/Indiana/Indianapolis"],
    // A city as people type it, when one place has its name.
    ["Chicago", "America/Chicago"],
    ["new york", "America/New_York"],
    ["Los Angeles", "America/Los_Angeles"],
  ])("takes %j as %s", (typed, zone) => {
    expect(readTimeZone(typed)).toEqual({ zone });
  });

  it.each([
    ["EST", /^"EST" is an abbreviation, not a place\. For US Eastern time, choose America\/New_York: its clocks follow daylight saving time\.$/],
    ["est", /For US Eastern time, choose America\/New_York/],
    ["CST", /For US Central time, choose America\/Chicago/],
    ["PST8PDT", /For US Pacific time, choose America\/Los_Angeles/],
    ["MST", /America\/Denver \(or America\/Phoenix in Arizona/],
    ["GMT", /Europe\/London .*UTC for a clock that never changes/],
    ["IST", /^"IST" is an abbreviation, not a place: .*Choose the city whose clocks you follow, like Asia\/Kolkata\.$/],
    ["Zulu", /^"Zulu" is a fixed offset, not a place/],
    ["Japan", /^"Japan" is an old alias, not a place name: choose Asia\/Tokyo\.$/],
    ["Etc/GMT+5", /^"Etc\/GMT\+5" is a fixed offset, not a place/],
    ["Mars/Olympus", /^must be an IANA time zone like America\/New_York \("Mars\/Olympus" is not one\)$/],
    ["", /^must be an IANA time zone/],
    ["Springfield", /^must be an IANA time zone/],
  ])("refuses %j saying what to choose", (typed, message) => {
    expect(readTimeZone(typed).error).toMatch(message);
  });
});

describe("placeTimeZones", () => {
  const zones = placeTimeZones();

  it("lists places by IANA's current names, no abbreviation, alias or offset", () => {
    expect(zones.length).toBeGreaterThan(300);
    expect(zones).toEqual(expect.arrayContaining(["America/Chicago", "America/Phoenix", "Asia/Kolkata", "Europe/Kyiv", "America/Indiana/Indianapolis"]));
    for (const gone of ["Asia/Calcutta", "Europe/Kiev", "EST", "UTC", "US/Central", "Etc/GMT+5"]) expect(zones).not.toContain(gone);
    expect([...zones].sort()).toEqual(zones);
  });

  it("offers only what it takes, as listed", () => {
    for (const zone of zones) expect(readTimeZone(zone), zone).toEqual({ zone });
  });
});

describe("zoneOfNumber", () => {
  it.each([
    ["+15122345678", "America/Chicago"],
    ["+12122345678", "America/New_York"],
    ["+13032345678", "America/Denver"],
    ["+16022345678", "America/Phoenix"],
    ["+14162345678", "America/Toronto"],
    // An area code across two zones, toll-free, not North American: nothing to go on.
    ["+12082345678", null],
    ["+18002345678", null],
    ["+442071234567", null],
  ])("%s says %s", (e164, zone) => expect(zoneOfNumber(e164)).toBe(zone));

  it("names every single-zone area code's zone as the list does", () => {
    const listed = new Set(placeTimeZones());
    for (let npa = 200; npa < 1000; npa++) {
      const zone = zoneOfNumber(`+1${npa}2345678`);
      if (zone) expect(listed.has(zone), `${npa}: ${zone}`).toBe(true);
    }
  });
});
