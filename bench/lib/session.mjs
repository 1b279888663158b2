/**
 * One benchmark run's shared state: its temporary directory, the secrets every worker boots with,
 * the carrier stand-in, the booted workers (so an interrupted run disposes of them) and what they
 * logged, and the watcher of the machine's pauses.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { cpuMs, workerdPids } from "./cpu.mjs";
import { applyMigrations, bootWorker } from "./runtime.mjs";
import { mean, round } from "./stats.mjs";

/**
 * What a worker logs, per phase: our structured lines carry the DO round trip of each webhook
 * (`webhook.call` latencyMs) and the carrier round trip of each send (`outbox.sent` latencyMs).
 */
function logCollector() {
  const c = { doRpcMs: [], carrierMs: [], batchSizes: [], errors: [], warnings: 0, other: 0 };
  c.onLog = (level, message) => {
    let line;
    try {
      line = JSON.parse(message);
    } catch {
      if (level === "error") c.errors.push(message.slice(0, 300));
      else c.other++;
      return;
    }
    if (line.event === "webhook.call" && !line.duplicate) c.doRpcMs.push(line.latencyMs);
    else if (line.event === "outbox.sent") {
      c.carrierMs.push(line.latencyMs);
      c.batchSizes.push(line.batch);
    } else if (line.level === "error") c.errors.push(message.slice(0, 300));
    else if (line.level === "warn") c.warnings++;
  };
  c.reset = () => {
    c.doRpcMs.length = 0;
    c.carrierMs.length = 0;
    c.batchSizes.length = 0;
  };
  /** Mean queue batch size per text sent since the last reset: how far the outbox's per-batch D1 round trips are shared. */
  c.meanBatch = () => round(mean(c.batchSizes), 2);
  return c;
}

/** A run's session under a new directory of `stateBase`; `session.carrier` is set by the caller. */
export function benchSession({ root, stateBase }) {
  const t0 = performance.now();
  const tmp = mkdtempSync(path.join(stateBase, "textback-bench-"));
  const instances = [];
  const logs = [];
  const session = {
    root,
    tmp,
    adminToken: randomBytes(16).toString("hex"),
    dataKey: randomBytes(32).toString("base64"),
    carrier: null,
    /** The watcher thread of lib/stalls.mjs, from the first boot to the end. */
    stallWatch: null,
    /** Every worker's log collector, for the errors they saw. */
    logs,
    progress: (msg) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${msg}\n`),
    /** Distinct errors any worker logged. */
    errors: () => [...new Set(logs.flatMap((l) => l.errors))],

    /**
     * Boots `scriptPath` with `configPath`'s bindings and migrations applied, its carrier calls
     * going to the stand-in; returns the instance with its own log collector and CPU meter.
     */
    async boot(name, configPath, scriptPath, extraVars = {}, inspectorPort) {
      const log = logCollector();
      logs.push(log);
      const before = new Set(workerdPids());
      const { mf, url } = await bootWorker({
        configPath,
        scriptPath,
        persistRoot: path.join(tmp, `state-${name}`),
        vars: { TWILIO_API_BASE: session.carrier.url, ADMIN_TOKEN: session.adminToken, DATA_KEY: session.dataKey, OUTBOX_RETRY_BASE_SECONDS: "0", ...extraVars },
        onLog: log.onLog,
        inspectorPort,
      });
      await applyMigrations(mf, path.join(root, "migrations"));
      const pids = workerdPids().filter((p) => !before.has(p));
      const inst = { mf, url, logs: log, pids, cpu: () => cpuMs(pids) };
      instances.push(inst);
      return inst;
    },

    async dispose(inst) {
      const i = instances.indexOf(inst);
      if (i >= 0) instances.splice(i, 1);
      await inst.mf.dispose();
    },

    async cleanup() {
      await session.stallWatch?.stop();
      for (const inst of [...instances]) await inst.mf.dispose().catch(() => {});
      await session.carrier?.close().catch(() => {});
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  return session;
}
