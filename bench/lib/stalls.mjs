/**
 * How often the machine pauses a process that does nothing but wait on a 1 ms timer. The load
 * average and CPU per call do not show it (bench/README.md, "How to read it"; bench/NOTES.md has
 * what it read on the build VM).
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** Milliseconds since the epoch, comparable across threads (each has its own performance.now origin). */
export const wallMs = () => performance.timeOrigin + performance.now();

/**
 * Watch for pauses while the bench runs: a worker thread wakes every millisecond and reports each gap
 * of `thresholdMs` or more. The threshold sits well above what scheduling costs a thread at the
 * time-to-text rates (not under autocannon's saturation, where gaps are the load's own). The host
 * pauses one virtual CPU at a time (a thread pinned to each sees different pauses), so the watcher
 * sees the pauses of whichever CPU it is on: a lower bound. `during(from, to)` lists the gaps (ms)
 * that ended inside a window of wall time.
 */
export function watchStalls(thresholdMs = 20) {
  const gaps = [];
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    const now = () => performance.timeOrigin + performance.now();
    let last = now();
    setInterval(() => {
      const t = now();
      if (t - last >= workerData) parentPort.postMessage({ at: t, ms: t - last });
      last = t;
    }, 1);`;
  const worker = new Worker(source, { eval: true, workerData: thresholdMs });
  worker.on("message", (g) => gaps.push(g));
  worker.unref();
  return {
    thresholdMs,
    during: (from, to) => gaps.filter((g) => g.at >= from && g.at <= to).map((g) => Math.round(g.ms)),
    stop: () => worker.terminate(),
  };
}

export async function idleStalls(ms = 10_000) {
  const late = [];
  await new Promise((resolve) => {
    let last = performance.now();
    const end = last + ms;
    const timer = setInterval(() => {
      const now = performance.now();
      late.push(now - last);
      last = now;
      if (now >= end) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const over10 = late.filter((x) => x >= 10);
  return {
    seconds: ms / 1000,
    /** Wake-ups 10 ms or more after the previous one. */
    over10Ms: over10.length,
    longestMs: Math.round(Math.max(0, ...late)),
  };
}

// `node bench/lib/stalls.mjs`: the same 10 s probe alone, to check a machine before a full run.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await idleStalls();
  console.log(`${r.over10Ms} wake-ups 10 ms or more late in ${r.seconds} s, longest gap ${r.longestMs} ms${r.over10Ms ? ": this machine is not quiet" : ""}`);
}
