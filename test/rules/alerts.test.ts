import { describe, expect, it } from "vitest";
import { businessAlerts, digestText, type HourStats } from "../../src/rules/alerts";

const quiet: HourStats = { missedCalls: 5, sent: 5, delivered: 5, failed: 0, failuresInARow: 0, authErrors: 0 };

describe("businessAlerts", () => {
  it.each<[string, Partial<HourStats>, string[]]>([
    ["a healthy hour", {}, []],
    ["4 failures in a row", { failuresInARow: 4, failed: 4, delivered: 1 }, ["delivery_failing"]],
    ["3 failures in a row (not yet)", { failuresInARow: 3, failed: 3, delivered: 17 }, []],
    ["a 70% delivery rate over 10", { delivered: 7, failed: 3 }, ["delivery_failing"]],
    ["a 50% rate over only 4 (too few to judge)", { delivered: 2, failed: 2 }, []],
    ["a carrier auth error", { authErrors: 1 }, ["carrier_auth"]],
    ["failures but no missed calls", { missedCalls: 0, failuresInARow: 9, authErrors: 2 }, []],
  ])("%s → %j", (_name, change, kinds) => {
    expect(businessAlerts({ ...quiet, ...change }).map((a) => a.kind)).toEqual(kinds);
  });
});

describe("digestText", () => {
  it("reads like a sentence, singular and plural", () => {
    expect(digestText("Acme Plumbing", { missedCalls: 7, missedCallers: 6, textedBack: 5, replied: 3 })).toBe(
      "Textback for Acme Plumbing, yesterday: 7 missed calls from 6 people; 5 texted back, 3 replied.",
    );
    expect(digestText("Acme", { missedCalls: 1, missedCallers: 1, textedBack: 1, replied: 0 })).toBe("Textback for Acme, yesterday: 1 missed call from 1 person; 1 texted back, 0 replied.");
  });

  it("says what came of the day's leads: won and for how much, booked, urgent; nothing when nothing did", () => {
    const day = { missedCalls: 7, missedCallers: 6, textedBack: 5, replied: 3 };
    expect(digestText("Dave's Electric", { ...day, outcome: { won: 2, wonCents: 650_00, booked: 1, urgent: 1 } })).toBe(
      "Textback for Dave's Electric, yesterday: 7 missed calls from 6 people; 5 texted back, 3 replied. Won 2 ($650), booked 1, urgent 1.",
    );
    expect(digestText("Acme", { ...day, outcome: { won: 0, wonCents: 0, booked: 2, urgent: 0 } })).toMatch(/3 replied\. Booked 2\.$/);
    expect(digestText("Acme", { ...day, outcome: { won: 1, wonCents: 0, booked: 0, urgent: 0 } })).toMatch(/3 replied\. Won 1\.$/);
    expect(digestText("Acme", { ...day, outcome: { won: 0, wonCents: 0, booked: 0, urgent: 0 } })).toMatch(/3 replied\.$/);
  });
});
