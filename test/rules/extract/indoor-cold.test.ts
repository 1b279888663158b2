/**
 * The temperature word ("below 60 degrees inside") and the indoor readings it finds: a house at 58
 * is cold, the weather outside and a thermostat's setting are not readings of the house.
 */
import { describe, expect, it } from "vitest";
import { coldLimit, coldReadings } from "../../../src/rules/extract/indoor-cold";
import { findPhrases } from "../../../src/rules/extract/urgency";

describe("the temperature word", () => {
  it.each([
    ["below 60 degrees inside", 60],
    ["below 60°F indoors", 60],
    ["Below 55 degrees F inside", 55],
    ["below 15°C inside", 59],
    ["below 60", null],
    ["60 degrees inside", null],
    ["no heat", null],
  ] as const)("%j sets the limit %s °F", (word, limit) => {
    expect(coldLimit(word)).toBe(limit);
  });
});

describe("indoor readings", () => {
  it.each([
    ["House is down to 58 degrees", "58 degrees"],
    ["it's 50 inside", "50"],
    ["thermostat says 52", "52"],
    ["It's -20 outside and the house is at 56°", "56°"],
    ["12°C in the bedroom", "12°C"],
  ])("%j reads %j", (text, reading) => {
    const [found] = coldReadings(text, 60);
    expect(found && text.slice(found.start, found.end)).toBe(reading);
  });

  it.each(["It's -20 outside", "house is 64 degrees", "we keep the house at 55 at night", "3 month old baby at home", "house is 40 years old", "forecast says 10 degrees, is the house ready?"])(
    "%j reads no cold house",
    (text) => expect(coldReadings(text, 60)).toEqual([]),
  );

  it("names the business's word, not the caller's number, and a past reading does not count", () => {
    expect(findPhrases("House is down to 58 degrees", ["no heat", "below 60 degrees inside"])).toEqual(["below 60 degrees inside"]);
    expect(findPhrases("It was 55 inside last winter, want better insulation", ["below 60 degrees inside"])).toEqual([]);
  });
});
