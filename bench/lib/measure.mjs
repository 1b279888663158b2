/**
 * The run's measurements of one booted worker: warm-up, time-to-text at a fixed rate (alone or
 * pooled over rounds) and closed-loop webhook throughput with the texts counted after the drain.
 */
import { performance } from "node:perf_hooks";
import { webhookLoad } from "./load.mjs";
import { collectTexts, sendAtRate } from "./rate.mjs";
import { wallMs } from "./stalls.mjs";
import { mean, round, summary, tail } from "./stats.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One call per line, so every Durable Object and per-isolate cache is warm; timed as "cold".
 * The app's 50 numbers are warmed at 25/s, slow enough that the figure is the cost of a first call,
 * not of a backlog; the growth scenarios' numbers at 100/s only to warm them.
 */
export async function warmUp(session, inst, lines, calls, rate = 25) {
  const carrier = session.carrier;
  const records = await sendAtRate({ workerUrl: inst.url, lines, calls, rate, count: lines.length });
  const r = await collectTexts(carrier, records);
  return { rate, ...summary(r.ttt), webhook: summary(r.webhookMs), missing: r.missing.length, duplicates: r.duplicates, non2xx: r.non2xx };
}

/**
 * One timed stretch at a fixed rate, continuing the round-robin over `lines` from `lineOffset`:
 * the raw figures, summarised alone (`tttSummary`) or pooled over rounds (`pooled`).
 */
export async function measureTimeToText(session, inst, lines, calls, rate, count, lineOffset = 0) {
  const carrier = session.carrier;
  inst.logs.reset();
  const cpuBefore = inst.cpu();
  const from = wallMs();
  const records = await sendAtRate({ workerUrl: inst.url, lines, calls, rate, count, lineOffset });
  const r = await collectTexts(carrier, records);
  const cpuAfter = inst.cpu();
  const pauses = session.stallWatch?.during(from, wallMs()) ?? [];
  const raw = {
    calls: count,
    ttt: r.ttt,
    texted: r.texted,
    webhookMs: r.webhookMs,
    missing: r.missing.length,
    duplicates: r.duplicates,
    non2xx: r.non2xx,
    refusals: r.refusals,
    socketRetries: r.socketRetries,
    pauses,
    cpuMs: cpuBefore === null ? null : cpuAfter - cpuBefore,
    doRpcMs: [...inst.logs.doRpcMs],
    carrierMs: [...inst.logs.carrierMs],
    batchSizes: [...inst.logs.batchSizes],
  };
  await sleep(500);
  return raw;
}

/** Several stretches' raw figures as one. */
export function pooled(raws) {
  const cat = (k) => raws.flatMap((r) => r[k]);
  const sum = (k) => raws.reduce((a, r) => a + r[k], 0);
  return {
    calls: sum("calls"),
    ttt: cat("ttt"),
    texted: cat("texted"),
    webhookMs: cat("webhookMs"),
    missing: sum("missing"),
    duplicates: sum("duplicates"),
    non2xx: sum("non2xx"),
    refusals: raws.reduce((m, r) => {
      for (const [status, n] of Object.entries(r.refusals)) m[status] = (m[status] ?? 0) + n;
      return m;
    }, {}),
    socketRetries: sum("socketRetries"),
    pauses: cat("pauses"),
    cpuMs: raws.some((r) => r.cpuMs === null) ? null : sum("cpuMs"),
    doRpcMs: cat("doRpcMs"),
    carrierMs: cat("carrierMs"),
    batchSizes: cat("batchSizes"),
  };
}

/** Time-to-text percentiles, with the webhook's own latency and the stage timings from logs. */
export function tttSummary(rate, raw) {
  return {
    rate,
    calls: raw.calls,
    ...summary(raw.ttt),
    cpuMsPerCall: raw.cpuMs === null || !raw.calls ? null : round(raw.cpuMs / raw.calls, 2),
    webhook: summary(raw.webhookMs),
    /** The slowest 1% of calls: how they bunch in time, and where they waited (lib/stats.mjs `tail`). */
    tail: tail(raw.texted),
    missing: raw.missing,
    duplicates: raw.duplicates,
    non2xx: raw.non2xx,
    refusals: raw.refusals,
    socketRetries: raw.socketRetries,
    /** Pauses of the machine while this ran (gaps of a watcher thread's 1 ms timer, ms; lib/stalls.mjs). */
    machinePausesMs: raw.pauses,
    stages: {
      doRpc: summary(raw.doRpcMs),
      carrierRoundTrip: summary(raw.carrierMs),
      meanQueueBatch: round(mean(raw.batchSizes), 2),
    },
  };
}

/** Time-to-text at a fixed rate for `seconds`. */
export async function timeToText(session, inst, lines, calls, rate, seconds) {
  return tttSummary(rate, await measureTimeToText(session, inst, lines, calls, rate, Math.round(rate * seconds)));
}

/** Autocannon against dial-status, then count texts per unique call once the queue has drained. */
export async function throughput(session, inst, lines, calls, connections, seconds, duplicateShare) {
  const carrier = session.carrier;
  inst.logs.reset();
  const cpuBefore = inst.cpu();
  const load = await webhookLoad({ workerUrl: inst.url, lines, calls, connections, durationS: seconds, duplicateShare });
  const drainStart = performance.now();
  const expected = [...load.answered];
  let lastCount = -1;
  let lastProgress = performance.now();
  for (;;) {
    const got = expected.filter((from) => carrier.textsTo(from).length > 0).length;
    if (got === expected.length) break;
    if (got !== lastCount) {
      lastCount = got;
      lastProgress = performance.now();
    }
    if (performance.now() - lastProgress > 5000) break;
    await sleep(50);
  }
  const cpuAfter = inst.cpu();
  const drainMs = performance.now() - drainStart;
  // Give late duplicates a chance to show up before counting them.
  await sleep(1000);
  let duplicates = 0;
  let missing = 0;
  let texts = 0;
  for (const from of load.callers) {
    const n = carrier.textsTo(from).length;
    texts += n;
    duplicates += Math.max(0, n - 1);
    if (n === 0 && load.answered.has(from)) missing++;
  }
  const { callers, answered, ...rest } = load;
  return {
    ...rest,
    /** workerd CPU per unique call, webhooks and their texts (duplicates included in the cost). */
    cpuMsPerCall: cpuBefore === null || !callers.size ? null : round((cpuAfter - cpuBefore) / callers.size, 2),
    answeredCalls: answered.size,
    cutOffCalls: callers.size - answered.size,
    texts,
    duplicates,
    missing,
    /** From the end of the load to the last expected text at the carrier. */
    drainMs: Math.round(drainMs),
    /** Texts at the carrier per second, from the first request to the last text: the whole pipeline's pace. */
    deliveredPerS: round(texts / (load.durationS + drainMs / 1000), 1),
    /** Mean queue batch per text (null for the floor, which logs nothing). */
    meanQueueBatch: inst.logs.meanBatch(),
  };
}
