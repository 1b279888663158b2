/** `npm run bench -- --profile`: the app and the floor under load with workerd's V8 sampling profiler attached. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../../scripts/dev-env.mjs";
import { newTwilioAccount } from "../../scripts/simulator.mjs";
import { timeToText, warmUp } from "./measure.mjs";
import { connectInspector, summarizeProfile } from "./profile.mjs";
import { provisionLines } from "./provision.mjs";
import { buildBundle } from "./runtime.mjs";
import { businessNumber, callFactory } from "./twilio.mjs";

/** Functions of the hot path whose inclusive CPU share the profile reports. */
const FOCUS = [
  "authenticate", "verifiedLine", "loadLineForCall", "loadLine", "verifyTwilioForm", "toLine", "decideCall", "handleCall", "planCall",
  "decide", "recordCall", "callerNumberProblem", "consumeOutbound", "loadBatch", "sendTextJob", "decryptCredentials",
  "sendTwilioText", "renderTemplate", "countSegments", "localTime", "newText", "insertRow", "emit", "reserve", "queue", "fetch",
];

/**
 * `--profile`: the app, then the floor, each under 100 calls/s for 10 s with workerd's V8 sampling
 * profiler on (the inspector slows the runtime: read shares, not absolute times). Writes
 * bench/results/profile-{app,floor}.cpuprofile (open in Chrome DevTools) and profile.json.
 */
export async function profileRun(session, { lines: lineCount }) {
  const root = session.root;
  const carrier = session.carrier;
  const calls = callFactory();
  // Unminified, so the profile names functions and modules.
  const ours = await buildBundle(root, path.join(root, "wrangler.toml"), path.join(session.tmp, "dist"), { minify: false });
  const floorConfig = path.join(root, "bench/floor/wrangler.toml");
  const floorBundle = await buildBundle(root, floorConfig, path.join(session.tmp, "dist-floor"));
  const results = {};
  for (const which of ["app", "floor"]) {
    const port = await freePort();
    let inst;
    let lines;
    if (which === "app") {
      inst = await session.boot("app", path.join(root, "wrangler.toml"), ours.scriptPath, {}, port);
      lines = await provisionLines({ workerUrl: inst.url, adminToken: session.adminToken, carrier, to: lineCount });
    } else {
      const acct = newTwilioAccount();
      carrier.addAccount(acct.accountSid, acct.authToken);
      inst = await session.boot("floor", floorConfig, floorBundle.scriptPath, { FLOOR_ACCOUNT_SID: acct.accountSid, FLOOR_AUTH_TOKEN: acct.authToken }, port);
      lines = Array.from({ length: lineCount }, (_, i) => ({ e164: businessNumber(i), ...acct }));
    }
    await warmUp(session, inst, lines, calls);
    const inspector = await connectInspector(port, which === "app" ? "textback" : "textback-floor");
    await inspector.send("Profiler.enable");
    await inspector.send("Profiler.setSamplingInterval", { interval: 250 });
    await inspector.send("Profiler.start");
    session.progress(`${which}: profiling 100 calls/s for 10 s`);
    const ttt = await timeToText(session, inst, lines, calls, 100, 10);
    const { profile } = await inspector.send("Profiler.stop");
    inspector.close();
    writeFileSync(path.join(root, `bench/results/profile-${which}.cpuprofile`), JSON.stringify(profile));
    results[which] = {
      timeToTextUnderProfiler: { p50Ms: ttt.p50Ms, p99Ms: ttt.p99Ms, cpuMsPerCall: ttt.cpuMsPerCall },
      ...summarizeProfile(profile, which === "app" ? ours.scriptPath : floorBundle.scriptPath, FOCUS),
    };
    await session.dispose(inst);
  }
  writeFileSync(path.join(root, "bench/results/profile.json"), JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2) + "\n");
  for (const [which, r] of Object.entries(results)) {
    console.log(`\n== ${which}: busy ${r.busyPct}% of ${r.wallMs} ms; workerd CPU ${r.timeToTextUnderProfiler.cpuMsPerCall} ms/call (with inspector)`);
    console.log("self time by module:  " + r.modules.map((m) => `${m.name} ${m.pct}%`).join(", "));
    console.log("inclusive by module:  " + r.modulesInclusive.map((m) => `${m.name} ${m.pct}%`).join(", "));
    console.log("self time by function:\n" + r.functions.slice(0, 15).map((f) => `  ${String(f.pct).padStart(5)}%  ${f.name}`).join("\n"));
    console.log("inclusive:  " + r.inclusive.filter((f) => f.pct > 0).map((f) => `${f.name} ${f.pct}%`).join(", "));
  }
}
