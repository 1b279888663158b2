/** The charts' count axes: whole steps of 1, 2 or 5 × 10ⁿ, never a rounded 2.5 (0, 3, 5, 8, 10 read as counts). */
import { describe, expect, it } from "vitest";
import { countTicks } from "../src/admin/pages/count-axis";

describe("countTicks", () => {
  it.each([
    [0, [0, 1]],
    [4, [0, 1, 2, 3, 4]],
    [5, [0, 1, 2, 3, 4, 5]],
    [7, [0, 2, 4, 6, 8]],
    [10, [0, 2, 4, 6, 8, 10]],
    [11, [0, 5, 10, 15]],
    [26, [0, 10, 20, 30]],
    [101, [0, 50, 100, 150]],
    [740, [0, 200, 400, 600, 800]],
  ])("%i → %j", (max, ticks) => {
    expect(countTicks(max)).toEqual(ticks);
  });

  it("every step is a whole 1, 2 or 5 × 10ⁿ, reaches the data, and takes at most 5 intervals", () => {
    for (let max = 0; max <= 2_000; max += 7) {
      const ticks = countTicks(max);
      const step = ticks[1]!;
      expect(step / 10 ** Math.floor(Math.log10(step))).toBeOneOf([1, 2, 5]);
      expect(ticks.every((t, i) => t === i * step)).toBe(true);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(ticks.length - 1).toBeLessThanOrEqual(5);
    }
  });
});
