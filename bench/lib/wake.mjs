/**
 * How much slower the machine runs a fixed piece of work right after idling than back to back:
 * after 20 ms idle (the gap between calls at 50/s) and after 100 ms (10/s). Each call that arrives
 * after a gap pays it, so CPU per call and time-to-text at low rates measure this as much as the
 * code (bench/NOTES.md has what it read on the build VM).
 */
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { percentile, round } from "./stats.mjs";

// A webhook's kind of work, in one synchronous piece of ~1 ms: parse, rebuild and hash JSON.
const DOC = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ id: `m_${i}`, body: "Sorry we missed you. ".repeat(3), n: i })));
function unit() {
  let h = 0;
  for (let k = 0; k < 4; k++) h += createHash("sha256").update(JSON.stringify(JSON.parse(DOC))).digest()[0];
  return h;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Median wall time (ms) of `count` units, each after `gapMs` of idling (0: back to back). */
async function timeUnits(gapMs, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    if (gapMs) await sleep(gapMs);
    const t0 = performance.now();
    unit();
    times.push(performance.now() - t0);
  }
  return percentile(times, 50);
}

/** About 4 s: the unit back to back, after 20 ms idle and after 100 ms idle; slowdowns against back to back. */
export async function wakePenalty() {
  await timeUnits(0, 200); // compiled and warm before anything is timed
  const backToBack = await timeUnits(0, 200);
  const after20 = await timeUnits(20, 50);
  const after100 = await timeUnits(100, 20);
  return {
    unitMs: round(backToBack, 2),
    after20MsIdleMs: round(after20, 2),
    after100MsIdleMs: round(after100, 2),
    slowdown20: round(after20 / backToBack, 2),
    slowdown100: round(after100 / backToBack, 2),
  };
}

// `node bench/lib/wake.mjs`: the probe alone, to check a machine before a full run.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const w = await wakePenalty();
  console.log(`${w.unitMs} ms of work back to back takes ${w.slowdown20}× as long after 20 ms idle and ${w.slowdown100}× after 100 ms idle`);
}
