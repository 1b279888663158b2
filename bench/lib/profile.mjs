/**
 * CPU profile of the worker's isolate (webhook handler, Durable Objects and queue consumer all run
 * in it) through workerd's V8 inspector, attributed to the bundle's modules: esbuild writes a
 * `// node_modules/<pkg>/…` or `// src/…` comment before each module it inlines.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// `ws` ships with miniflare (pinned with it); Node 20 has no WebSocket client without a flag.
const require = createRequire(import.meta.url);
const WebSocket = createRequire(require.resolve("miniflare"))("ws");

/** Connect to the inspector of the worker named `name` on `port`. */
export async function connectInspector(port, name) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const target = targets.find((t) => t.title === `core:user:${name}` || t.id === `core:user:${name}`) ?? targets[0];
  if (!target) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let id = 0;
  const waiting = new Map();
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data));
    if (msg.id && waiting.has(msg.id)) {
      const { resolve, reject } = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error) reject(new Error(`${msg.error.message}`));
      else resolve(msg.result);
    }
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const n = ++id;
      waiting.set(n, { resolve, reject });
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  return { send, close: () => ws.close() };
}

/** Module of each bundle line, from esbuild's `// path` markers. */
function moduleIndex(bundlePath) {
  const lines = readFileSync(bundlePath, "utf8").split("\n");
  const starts = [];
  lines.forEach((l, i) => {
    const m = /^\/\/ ((?:node_modules\/(?:@[^/]+\/)?[^/]+)|src\/.+|bench\/.+)/.exec(l);
    if (m) starts.push([i, m[1].replace(/^node_modules\//, "")]);
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = "(bundle prelude)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) {
        found = starts[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/**
 * Self time by module and by function, and inclusive time of the functions named in `focus`.
 * Times are shares of the busy (non-idle) samples.
 */
export function summarizeProfile(profile, bundlePath, focus = []) {
  const moduleOf = moduleIndex(bundlePath);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfCount = new Map();
  for (const s of profile.samples) selfCount.set(s, (selfCount.get(s) ?? 0) + 1);
  const total = profile.samples.length;
  const idle = [...byId.values()].filter((n) => n.callFrame.functionName === "(idle)").reduce((a, n) => a + (selfCount.get(n.id) ?? 0), 0);
  const busy = total - idle;
  const label = (n) => {
    const f = n.callFrame;
    if (!f.url) return { module: f.functionName.startsWith("(") ? f.functionName : "(native)", fn: f.functionName || "(anonymous)" };
    if (!f.url.endsWith(".js")) return { module: f.url, fn: f.functionName || "(anonymous)" };
    return { module: moduleOf(f.lineNumber), fn: `${f.functionName || "(anonymous)"}:${f.lineNumber + 1}` };
  };
  const modules = new Map();
  const functions = new Map();
  for (const n of byId.values()) {
    const c = selfCount.get(n.id) ?? 0;
    if (!c || n.callFrame.functionName === "(idle)") continue;
    const { module, fn } = label(n);
    modules.set(module, (modules.get(module) ?? 0) + c);
    const key = `${fn} [${module}]`;
    functions.set(key, (functions.get(key) ?? 0) + c);
  }
  // Inclusive: samples whose stack contains a frame with the function's name (counted once each).
  const parent = new Map();
  for (const n of byId.values()) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map(focus.map((f) => [f, 0]));
  // Per module, inclusive: samples with a frame of that module anywhere on the stack (what the
  // module costs including the native and runtime work it calls into).
  const modulesInclusive = new Map();
  for (const [id, c] of selfCount) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === "(idle)") continue;
    const seen = new Set();
    const seenModules = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      const name = n.callFrame.functionName;
      if (inclusive.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, inclusive.get(name) + c);
      }
      const { module } = label(n);
      if (!module.startsWith("(") && !seenModules.has(module)) {
        seenModules.add(module);
        modulesInclusive.set(module, (modulesInclusive.get(module) ?? 0) + c);
      }
    }
  }
  const share = (c) => Math.round((c / Math.max(1, busy)) * 1000) / 10;
  const top = (m, k) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, c]) => ({ name, pct: share(c) }));
  const ms = (profile.endTime - profile.startTime) / 1000;
  return {
    wallMs: Math.round(ms),
    busyPct: Math.round((busy / Math.max(1, total)) * 1000) / 10,
    modules: top(modules, 15),
    modulesInclusive: top(modulesInclusive, 20),
    functions: top(functions, 25),
    inclusive: [...inclusive.entries()].map(([name, c]) => ({ name, pct: share(c) })).sort((a, b) => b.pct - a.pct),
  };
}
