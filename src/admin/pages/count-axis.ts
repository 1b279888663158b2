/** An axis of counts for the pages' charts. Pure. */

/**
 * Ticks from 0 to at least `max` in whole steps of 1, 2 or 5 × 10ⁿ, the smallest step that needs
 * at most `most` intervals: a count axis never reads 2.5 (or 3 where 2.5 was meant).
 *
 * @example countTicks(7) // [0, 2, 4, 6, 8]
 * @example countTicks(0) // [0, 1]
 */
export function countTicks(max: number, most = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let power = 1; Math.ceil(top / step) > most; power *= 10) {
    step = [1, 2, 5].map((m) => m * power).find((s) => Math.ceil(top / s) <= most) ?? 10 * power;
  }
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, i) => i * step);
}
