/**
 * How often the machine pauses a process that does nothing but wait on a 1 ms timer. On a quiet
 * machine no wake-up is 10 ms late; on a VM whose host is busy some are, and every latency tail
 * the bench measures carries the same pauses, while load average and CPU per call do not show them.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

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
  console.log(`${r.over10Ms} wake-ups 10 ms or more late in ${r.seconds} s, longest gap ${r.longestMs} ms${r.over10Ms ? ": this machine pauses; latency tails measured now are inflated" : ""}`);
}
