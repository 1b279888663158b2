import { describe, expect, it } from "vitest";
import { offsetSpans, utcOffsetMs } from "../../src/rules/utc-offsets";

const H = 3_600_000;

describe("utcOffsetMs", () => {
  it.each([
    ["America/Chicago in winter", Date.UTC(2026, 0, 15, 12), "America/Chicago", -6 * H],
    ["America/Chicago in summer", Date.UTC(2026, 6, 15, 12), "America/Chicago", -5 * H],
    ["Asia/Kathmandu, a quarter hour", Date.UTC(2026, 0, 15, 12), "Asia/Kathmandu", 5.75 * H],
    ["UTC", Date.UTC(2026, 0, 15, 12, 34, 56), "UTC", 0],
  ])("%s", (_name, at, zone, offset) => {
    expect(utcOffsetMs(at, zone)).toBe(offset);
  });
});

describe("offsetSpans", () => {
  it("finds both US changes of 2026 to the minute", () => {
    expect(offsetSpans(Date.UTC(2026, 1, 1), Date.UTC(2026, 11, 1), "America/Chicago")).toEqual([
      { start: Date.UTC(2026, 1, 1), offsetMs: -6 * H },
      // 2:00 CST on 8 March is 08:00 UTC; 2:00 CDT on 1 November is 07:00 UTC.
      { start: Date.UTC(2026, 2, 8, 8), offsetMs: -5 * H },
      { start: Date.UTC(2026, 10, 1, 7), offsetMs: -6 * H },
    ]);
  });

  it("finds a half-hour change (Lord Howe Island, 5 April 2026 02:00 local)", () => {
    const spans = offsetSpans(Date.UTC(2026, 3, 1), Date.UTC(2026, 3, 10), "Australia/Lord_Howe");
    expect(spans).toEqual([
      { start: Date.UTC(2026, 3, 1), offsetMs: 11 * H },
      { start: Date.UTC(2026, 3, 4, 15), offsetMs: 10.5 * H },
    ]);
  });

  it("is one span where the offset does not change", () => {
    expect(offsetSpans(Date.UTC(2026, 0, 1), Date.UTC(2026, 3, 1), "Asia/Kathmandu")).toEqual([
      { start: Date.UTC(2026, 0, 1), offsetMs: 5.75 * H },
    ]);
  });

  it("puts every minute of a period in the span with its own offset", () => {
    const from = Date.UTC(2026, 9, 30);
    const spans = offsetSpans(from, from + 4 * 24 * H, "Europe/London");
    expect(spans).toHaveLength(1); // the UK changed on 25 October
    const us = offsetSpans(from, from + 4 * 24 * H, "America/New_York");
    for (let t = from; t < from + 4 * 24 * H; t += 7 * 60_000) {
      const span = [...us].reverse().find((s) => s.start <= t)!;
      expect(span.offsetMs).toBe(utcOffsetMs(t, "America/New_York"));
    }
  });

  it("answers for unaligned periods as for aligned ones, a change just inside or just outside included", () => {
    const change = Date.UTC(2026, 2, 8, 8); // Chicago's spring change
    const cases: [number, number][] = [
      [change - 7 * 60_000 - 123, change + 1], // the change inside, a millisecond before the end
      [change - 7 * 60_000, change], // the change is the end: not inside
      [change, change + 3 * H + 17], // the change is the start
      [change + 1, change + 5 * H], // just after it
      [change - 13 * 24 * H - 4567, change - 3 * H], // ends before it
    ];
    for (const [from, to] of cases) {
      const spans = offsetSpans(from, to, "America/Chicago");
      expect(spans[0]!.start).toBe(from);
      for (const s of spans) expect(s.start >= from && s.start < to).toBe(true);
      for (let t = from; t < to; t += 11 * 60_000) {
        const span = [...spans].reverse().find((s) => s.start <= t)!;
        expect(span.offsetMs).toBe(utcOffsetMs(t, "America/Chicago"));
      }
      // Asked again (now from the isolate's memo): the same spans.
      expect(offsetSpans(from, to, "America/Chicago")).toEqual(spans);
    }
  });
});

