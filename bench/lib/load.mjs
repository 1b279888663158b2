/**
 * Closed-loop webhook load with autocannon: every request is a new call (unique CallSid and From)
 * to one of `lines`, signed for that line; a share of requests (`duplicateShare`) instead repeats
 * the request generated just before it, which at this concurrency is still in flight on another
 * connection: a carrier retrying a webhook while the first copy is being handled.
 */
import autocannon from "autocannon";
import { dialStatusRequest } from "./twilio.mjs";

export async function webhookLoad({ workerUrl, lines, calls, connections, durationS, duplicateShare = 0 }) {
  const sent = new Set();
  let previous = null;
  let duplicates = 0;
  /** Duplicates sent while their original had not been answered yet (the race that matters). */
  let concurrentDuplicates = 0;
  /** Requests in flight, by caller: one per copy. */
  const inflight = new Map();
  let i = 0;
  const statuses = new Map();
  /** The first body answered with each non-2xx status: what refused the request. */
  const errorBodies = {};
  /** Callers whose webhook (at least one copy) was answered 2xx: each must get exactly one text. */
  const answered = new Set();
  // pipelining 1: a connection has one request in flight; autocannon hands the same fresh
  // `context` object to setupRequest and then to onResponse for that request.
  const setupRequest = (req, context) => {
    let r;
    if (previous && duplicateShare > 0 && Math.random() < duplicateShare) {
      r = previous;
      duplicates++;
      if ((inflight.get(r.from) ?? 0) > 0) concurrentDuplicates++;
    } else {
      const line = lines[i++ % lines.length];
      const call = calls.next();
      r = dialStatusRequest(workerUrl, line, call);
      r.from = call.from;
      sent.add(call.from);
      previous = r;
    }
    context.from = r.from;
    inflight.set(r.from, (inflight.get(r.from) ?? 0) + 1);
    // autocannon writes Content-Length into `headers`: give it a fresh object each time.
    return { ...req, method: "POST", path: r.path, headers: { ...r.headers }, body: r.body };
  };
  const result = await autocannon({
    url: workerUrl,
    connections,
    duration: durationS,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        setupRequest,
        onResponse: (status, body, context) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if ((status < 200 || status >= 300) && !errorBodies[status]) errorBodies[status] = String(body ?? "").slice(0, 200);
          if (!context?.from) return;
          if (status >= 200 && status < 300) answered.add(context.from);
          const n = (inflight.get(context.from) ?? 1) - 1;
          if (n > 0) inflight.set(context.from, n);
          else inflight.delete(context.from);
        },
      },
    ],
  });
  return {
    connections,
    durationS,
    /** Answered 2xx per second: a 429 or 5xx is not throughput. */
    rps: Math.round((result["2xx"] / (result.duration || durationS)) * 10) / 10,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(statuses),
    errorBodies,
    uniqueCalls: sent.size,
    duplicateRequests: duplicates,
    concurrentDuplicates,
    callers: sent,
    answered,
  };
}
