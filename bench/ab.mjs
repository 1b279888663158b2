/**
 * `node bench/ab.mjs --a=<checkout> --b=<checkout> [--rounds=4]`: two builds side by side, for
 * "did this change move CPU per call?"; `--builds=<base>,<x>,<y>…` compares any number against the first. Each checkout's bundle is built from its own wrangler.toml
 * and booted like the bench's app (50 numbers, same carrier stand-in); then in each round each
 * build, in alternating order, gets 6 s of calls at 50/s and 4 s of autocannon (10 connections),
 * and each stretch's workerd CPU is divided by the texts it caused. Taking turns puts whatever
 * else the machine does on both alike; a difference under ~5% across rounds is noise.
 */
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startCarrier } from "./lib/carrier.mjs";
import { cpuMs, workerdPids } from "./lib/cpu.mjs";
import { webhookLoad } from "./lib/load.mjs";
import { provisionLines } from "./lib/provision.mjs";
import { collectTexts, sendAtRate } from "./lib/rate.mjs";
import { applyMigrations, bootWorker, buildBundle } from "./lib/runtime.mjs";
import { percentile, round } from "./lib/stats.mjs";

const median = (values) => percentile(values, 50);
import { callFactory } from "./lib/twilio.mjs";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const ROOTS = args.builds ? args.builds.split(",") : [args.a, args.b];
if (ROOTS.length < 2 || ROOTS.some((r) => !r)) throw new Error("usage: node bench/ab.mjs --a=<checkout> --b=<checkout> [--rounds=4], or --builds=<base>,<other>,…");
const ROUNDS = Number(args.rounds ?? 4);
const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
const DATA_KEY = Buffer.alloc(32, 7).toString("base64");
const TMP = mkdtempSync("/dev/shm/textback-ab-");

async function bootBuild(name, root, carrier) {
  const config = path.join(path.resolve(root), "wrangler.toml");
  const { scriptPath } = await buildBundle(path.resolve(root), config, path.join(TMP, `dist-${name}`));
  const before = new Set(workerdPids());
  const { mf, url } = await bootWorker({
    configPath: config,
    scriptPath,
    persistRoot: path.join(TMP, `state-${name}`),
    vars: { TWILIO_API_BASE: carrier.url, ADMIN_TOKEN, DATA_KEY, OUTBOX_RETRY_BASE_SECONDS: "0" },
  });
  await applyMigrations(mf, path.join(path.resolve(root), "migrations"));
  const pids = workerdPids().filter((p) => !before.has(p));
  const lines = await provisionLines({ workerUrl: url, adminToken: ADMIN_TOKEN, carrier, to: 50 });
  return { name, mf, url, lines, cpu: () => cpuMs(pids) };
}

/** CPU per text of one stretch: the load, then until its texts arrived. */
async function stretch(inst, carrier, calls, kind) {
  const before = inst.cpu();
  let texts;
  if (kind === "rate") {
    const records = await sendAtRate({ workerUrl: inst.url, lines: inst.lines, calls, rate: 50, count: 300 });
    texts = (await collectTexts(carrier, records)).ttt.length;
  } else {
    const load = await webhookLoad({ workerUrl: inst.url, lines: inst.lines, calls, connections: 10, durationS: 4 });
    const expected = [...load.answered];
    texts = (await collectTexts(carrier, expected.map((from) => ({ from, status: 200, sentAt: 0, answeredAt: 0 })))).ttt.length;
  }
  await sleep(300);
  return (inst.cpu() - before) / Math.max(1, texts);
}

const carrier = await startCarrier();
const calls = callFactory();
const builds = [];
for (const [i, root] of ROOTS.entries()) builds.push(await bootBuild(String.fromCharCode(97 + i), root, carrier));
try {
  for (const inst of builds) await collectTexts(carrier, await sendAtRate({ workerUrl: inst.url, lines: inst.lines, calls, rate: 25, count: 50 }));
  const figures = Object.fromEntries(builds.map((b) => [b.name, { rate: [], load: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const kind of ["rate", "load"]) for (const inst of order) figures[inst.name][kind].push(await stretch(inst, carrier, calls, kind));
    const each = builds.map((b) => `${b.name} ${figures[b.name].rate.at(-1).toFixed(2)} / ${figures[b.name].load.at(-1).toFixed(2)}`);
    console.log(`round ${round + 1}: ${each.join(", ")} ms/call (50/s / autocannon)`);
  }
  for (const kind of ["rate", "load"]) {
    const base = median(figures.a[kind]);
    const each = builds.map((b, i) => {
      const m = median(figures[b.name][kind]);
      return i === 0 ? `${b.name} ${round(m, 2)}` : `${b.name} ${round(m, 2)} (${b.name}/a ${round(m / base, 3)})`;
    });
    console.log(`${kind === "rate" ? "50/s      " : "autocannon"} CPU ms/call median: ${each.join(", ")}`);
  }
} finally {
  for (const inst of builds) await inst.mf.dispose();
  carrier.close?.();
  rmSync(TMP, { recursive: true, force: true });
}
process.exit(0);
