/** Nearest-rank percentile of an unsorted list (0 for an empty one). */
export function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export const round = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Number(x.toFixed(digits)));

/** Arithmetic mean (null for an empty list). */
export const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** p50/p95/p99/max/mean of a list of milliseconds, rounded to 0.1 ms. */
export function summary(values) {
  return {
    n: values.length,
    p50Ms: round(percentile(values, 50)),
    p95Ms: round(percentile(values, 95)),
    p99Ms: round(percentile(values, 99)),
    maxMs: round(values.length ? Math.max(...values) : 0),
    meanMs: round(mean(values) ?? 0),
  };
}
