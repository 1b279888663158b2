import { describe, expect, it } from "vitest";
import { countSegments } from "../../src/rules/encoding";
import { RELAY_MAX_SEGMENTS } from "../../src/rules/outbound-guard";
import { digestText, FLOOD_LIMIT, FLOOD_WINDOW_MS, foldUntil, type FoldedText } from "../../src/rules/owner-digest";

const MIN = 60_000;
const inbox = "https://tb.example.com/admin/businesses/biz_1/conversations";
const words = { since: "3:05 PM", inbox, privateTexts: false };
const text = (caller: string, who: string, said: string | null): FoldedText => ({ caller, who, words: said });

describe("when the owner's next informational text is folded into a digest", () => {
  it("goes at once while the phone got fewer than the limit in the last 10 minutes", () => {
    expect(foldUntil([], null, 0)).toBeNull();
    expect(foldUntil([1, 2, 3, 4].map((m) => m * 1000), null, 5000)).toBeNull();
  });

  it("is held past the limit, until the window of the oldest counted text ends", () => {
    const sent = [10, 20, 30, 40, 50].map((s) => s * 1000);
    expect(FLOOD_LIMIT).toBe(5);
    expect(foldUntil(sent, null, 55_000)).toBe(10_000 + FLOOD_WINDOW_MS);
  });

  it("counts only the last 10 minutes: older texts are forgotten", () => {
    const sent = [0, 1, 2, 3, 4].map((m) => m * MIN);
    expect(foldUntil(sent, null, 10 * MIN + 1)).toBeNull();
  });

  it("joins a digest already held, never overtaking it", () => {
    expect(foldUntil([], 9 * MIN, 2 * MIN)).toBe(9 * MIN);
    // A digest due but not gone yet (the alarm is late): the text goes with it, now.
    expect(foldUntil([], 9 * MIN, 9 * MIN + 5)).toBe(9 * MIN + 5);
  });
});

describe("the digest's words", () => {
  it("says how many texts from how many callers since when, each caller once with their latest words, and the inbox", () => {
    const folded = [
      text("+12145550101", "(214) 555-0101", "skylight leaking"),
      text("+19725550102", "Maria G. (972) 555-0102", "hail damage, need quote"),
      text("+12145550101", "(214) 555-0101", null),
      text("+12145550101", "(214) 555-0101", "skylight still leaking"),
    ];
    expect(digestText(folded, words)).toBe(
      `Textback: 4 more texts from 2 callers since 3:05 PM: (214) 555-0101 "skylight still leaking" (x3); Maria G. (972) 555-0102 "hail damage, need quote". Open the inbox: ${inbox}`,
    );
  });

  it("keeps callers' words off the phone when the business asks: who and how many only", () => {
    const folded = [text("+12145550101", "(214) 555-0101", "skylight leaking"), text("+12145550101", "(214) 555-0101", "and the gutter")];
    const body = digestText(folded, { ...words, privateTexts: true });
    expect(body).toBe(`Textback: 2 more texts from 1 caller since 3:05 PM: (214) 555-0101 (x2). Open the inbox: ${inbox}`);
    expect(body).not.toMatch(/skylight|gutter/);
  });

  it("clips long words and stays within the relay's segments, counting the callers left out; the inbox link stays", () => {
    const folded = Array.from({ length: 30 }, (_, i) => text(`+1214555${String(1000 + i)}`, `(214) 555-${1000 + i}`, `roof number ${i} has hail damage and the skylight is leaking badly`));
    const body = digestText(folded, words);
    expect(countSegments(body).segments).toBeLessThanOrEqual(RELAY_MAX_SEGMENTS);
    expect(body).toMatch(/^Textback: 30 more texts from 30 callers since 3:05 PM: \(214\) 555-1000 "roof number 0 has hail damage and the\.\.\."/);
    expect(body).toMatch(/; \+\d+ more callers\. Open the inbox: https:\/\/tb\.example\.com\/admin\/businesses\/biz_1\/conversations$/);
    expect(countSegments(body).encoding).toBe("GSM-7");
  });
});
