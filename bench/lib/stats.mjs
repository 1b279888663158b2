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

/**
 * The slowest `share` of calls ({ sentAt, tttMs, webhookMs }) and how they bunch in time: a slow call
 * sent within `gapMs` of the previous slow one joins its burst. A p99 made of one or two bursts is a
 * stall (of the runtime's one thread, or of the machine) that held every call in flight; slow calls
 * spread over the run are the path's own cost. The medians say where they waited: before the webhook
 * was answered (the line, the queue send) or after (the queue, the outbox, the carrier).
 */
export function tail(calls, share = 0.01, gapMs = 1000) {
  if (calls.length === 0) return null;
  const k = Math.max(1, Math.round(calls.length * share));
  const slow = [...calls].sort((a, b) => b.tttMs - a.tttMs).slice(0, k).sort((a, b) => a.sentAt - b.sentAt);
  const bursts = [];
  for (const c of slow) {
    const last = bursts.at(-1);
    if (last && c.sentAt - last.to <= gapMs) {
      last.to = c.sentAt;
      last.calls++;
    } else bursts.push({ from: c.sentAt, to: c.sentAt, calls: 1 });
  }
  const largest = bursts.reduce((a, b) => (b.calls > a.calls ? b : a));
  return {
    calls: k,
    fromMs: round(Math.min(...slow.map((c) => c.tttMs))),
    webhookP50Ms: round(percentile(slow.map((c) => c.webhookMs), 50)),
    afterAnswerP50Ms: round(percentile(slow.map((c) => c.tttMs - c.webhookMs), 50)),
    bursts: bursts.length,
    largestBurst: { calls: largest.calls, withinMs: round(largest.to - largest.from) },
  };
}
