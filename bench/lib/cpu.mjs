/**
 * CPU time of the workerd process(es) Miniflare started, from /proc (Linux only; elsewhere null).
 * Other processes move it far less than latency, but the machine's state moves it too (bench/README.md,
 * "Work after an idle gap").
 */
import { readFileSync } from "node:fs";
import { descendants } from "../../scripts/dev-env.mjs";

/** USER_HZ: 100 on every mainstream Linux. */
const TICK_MS = 10;

/** workerd processes below this Node process. */
export function workerdPids() {
  return descendants(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd";
    } catch {
      return false;
    }
  });
}

/** utime + stime of `pids`, in ms (null when /proc is not there). */
export function cpuMs(pids) {
  if (pids.length === 0) return null;
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // exited
    }
  }
  return ticks * TICK_MS;
}
