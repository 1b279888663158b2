#!/usr/bin/env node
/**
 * `npm run soak [-- --minutes N] [-- --rate R]`: mixed traffic against the real runtime, then an audit.
 * Not part of `npm test`: it takes as long as you ask (10 minutes by default).
 *
 * Setup, as the e2e test does: the worker bundled once (`wrangler deploy --dry-run`, so nothing
 * reloads mid-run), migrations into a fresh temp persist dir, `wrangler dev` (workerd, local D1,
 * queues and Durable Objects) with the carrier simulator as Twilio. A few businesses, one Twilio
 * number each.
 *
 * Traffic, `--rate` calls a second (default 1) spread over the numbers: missed, answered, busy,
 * voicemail, hung-up and short calls from a pool of callers (so repeats hit the cooldown), now and
 * then a spoofed international or premium caller; carrier redeliveries of the same webhook; replies,
 * HELP and STOP from callers who were texted; and carrier errors on 5 % of texts (500/503/429 that
 * recover, a few permanent 21614s, and the odd number that fails until the message is dead).
 *
 * The books, read back from D1 through the admin API once the outbox has drained:
 *   - every call placed has exactly one row and one decision (redeliveries included);
 *   - every `texted:` decision has its message, and that message either reached the carrier
 *     exactly once (one accepted request with its SID, no second accepted copy) or is
 *     dead / suppressed / failed with a permanent carrier error;
 *   - after a caller's STOP was answered, the carrier accepted no text to them from that number
 *     except the opt-out confirmation.
 * It prints the counts and exits 1 if any check fails.
 *
 * The webhook rate limit is per source address (600 a minute) and all of this comes from 127.0.0.1:
 * keep `--rate` at 2 or less (each call is two webhooks, each text two status callbacks). Any 429 is
 * reported, and fails the run, because a refused webhook makes the books unverifiable.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { killNow, stopWrangler } from "./dev-env.mjs";
import { startLocalWorker } from "./lib/local-worker.mjs";
import { signedTwilioForm } from "./lib/twilio-sign.mjs";
import { dialResult, inboundCallParams, newTwilioAccount, twilioSid } from "./simulator.mjs";

// ---------------------------------------------------------------------------------------------
// options

function parseArgs(argv) {
  const opts = { minutes: 10, rate: 1, businesses: 0, seed: Date.now() % 2 ** 31, keep: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === "--minutes") opts.minutes = num();
    else if (a === "--rate") opts.rate = num();
    else if (a === "--businesses") opts.businesses = Math.round(num());
    else if (a === "--seed") opts.seed = Math.round(num());
    else if (a === "--keep") opts.keep = true;
    else if (a === "--verbose") opts.verbose = true;
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run soak -- [--minutes 10] [--rate 1] [--businesses N] [--seed S] [--keep] [--verbose]");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

/** Deterministic per --seed, so a failing run can be replayed (timing aside). */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The i-th valid number in a US area code: exchange 200-799 (never N11 or 555), line 1000-9999. */
function usNumber(npa, i) {
  let nxx = 200 + (Math.floor(i / 9000) * 37 + 13) % 600;
  if (nxx % 100 === 11 || nxx === 555) nxx += 1;
  return `+1${npa}${nxx}${1000 + (i % 9000)}`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const rand = prng(opts.seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const weighted = (pairs) => {
    let r = rand() * pairs.reduce((t, [, w]) => t + w, 0);
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[0][0];
  };
  const durationMs = opts.minutes * 60_000;
  const totalCalls = Math.ceil(opts.rate * opts.minutes * 60);
  // The admin API lists at most 500 calls or messages per business: size the businesses so each stays well under.
  const businessCount = opts.businesses || Math.max(2, Math.ceil(totalCalls / 200));

  const tmp = await mkdtemp(path.join(os.tmpdir(), "textback-soak-"));
  const logs = [];
  const note = (line) => {
    logs.push(line);
    if (logs.length > 2000) logs.splice(0, 1000);
    if (opts.verbose) console.log(line);
  };
  let worker;
  let sim;
  process.once("exit", () => killNow(worker));
  for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => process.exit(130));

  const accounts = Array.from({ length: businessCount }, newTwilioAccount);
  try {
    console.log(`soak: ${opts.minutes} min at ${opts.rate} call/s (~${totalCalls} calls) over ${businessCount} numbers, seed ${opts.seed}`);
    const local = await startLocalWorker({
      dir: tmp,
      simulator: { accounts },
      // Real backoff, shortened: 1, 2, 4… s, so a recovering carrier is retried within the run.
      retryBaseSeconds: 1,
      onLine: note,
      onSpawn: (child) => (worker = child),
    });
    sim = local.sim;
    const { url: workerUrl, admin } = local;

    // --- the businesses ---------------------------------------------------------------------
    const lines = [];
    for (let i = 0; i < businessCount; i++) {
      const owner = usNumber("773", i);
      const biz = await admin("POST", "/businesses", {
        name: `Soak Business ${i + 1}`,
        timezone: pick(["America/Chicago", "America/New_York", "America/Los_Angeles"]),
        forwardTo: usNumber("312", i),
        notifyPhone: owner,
        bookingUrl: "https://soak.example/book",
        // The cap is not what is soaked here (tests cover it): high enough never to bind.
        settings: { dailyCap: 100_000 },
      });
      const e164 = usNumber("512", i);
      await admin("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "twilio", credentials: accounts[i], mode: "forward" });
      lines.push({ businessId: biz.id, e164, owner, account: accounts[i] });
    }

    // --- traffic ------------------------------------------------------------------------------
    const callerPool = Array.from({ length: Math.max(50, Math.ceil(totalCalls / 3)) }, (_, i) => usNumber("415", i));
    const spoofed = ["+447400123456", "+2348031234567", "+8801712345678", "+19002345678", "+18002345678", "+18762912345", "+266696687", "anonymous"];
    const placed = []; // { line, callSid, from, outcome, statuses }
    const texted = new Map(); // caller|number → line, for replies
    const stops = []; // { line, caller, answeredAt }
    const counts = { calls: 0, redeliveries: 0, replies: 0, helps: 0, stops: 0, faults: { transient: 0, permanent: 0, dead: 0 }, webhookStatus: {} };
    const stopped = new Set();
    const inflight = new Set();

    const post = async (url, params, token) => {
      const started = Date.now();
      try {
        const res = await fetch(url, { method: "POST", ...signedTwilioForm(token, url, params), signal: AbortSignal.timeout(15_000) });
        const body = await res.text();
        counts.webhookStatus[res.status] = (counts.webhookStatus[res.status] ?? 0) + 1;
        return { status: res.status, body, ms: Date.now() - started };
      } catch (e) {
        counts.webhookStatus.error = (counts.webhookStatus.error ?? 0) + 1;
        return { status: 0, body: String(e), ms: Date.now() - started };
      }
    };

    async function call(line) {
      const from = rand() < 0.03 ? pick(spoofed) : pick(callerPool);
      const outcome = weighted([["no-answer", 40], ["busy", 12], ["answered", 22], ["voicemail", 6], ["canceled", 10], ["failed", 4], ["short", 6]]);
      // 5 % of texts meet a carrier error: mostly transient, some permanent, a few until dead.
      if (rand() < 0.05 && !stopped.has(`${line.e164}|${from}`)) {
        const kind = weighted([["transient", 80], ["permanent", 12], ["dead", 8]]);
        counts.faults[kind] += 1;
        sim.setFaults(
          from,
          kind === "transient"
            ? pick([[{ status: 500 }], [{ status: 503 }, { status: 503 }], [{ status: 429, retryAfter: 1 }]])
            : kind === "permanent"
              ? [{ status: 400, code: 21614, message: "To number is not a valid mobile number" }]
              : Array.from({ length: 9 }, () => ({ status: 503 })),
        );
      }
      const callSid = twilioSid("CA");
      const base = inboundCallParams({ accountSid: line.account.accountSid, callSid, from, to: line.e164 });
      const voice = await post(`${workerUrl}/webhooks/twilio/voice`, { ...base, CallStatus: "ringing" }, line.account.authToken);
      const record = { line, callSid, from, outcome, statuses: [voice.status] };
      placed.push(record);
      counts.calls += 1;
      if (voice.status !== 200 || !voice.body.includes("<Dial")) return;
      const params = { ...base, ...dialResult(outcome), DialCallSid: twilioSid("CA") };
      const dial = await post(`${workerUrl}/webhooks/twilio/dial-status`, params, line.account.authToken);
      record.statuses.push(dial.status);
      // The carrier redelivers now and then (a timeout on its side): same CallSid, same body.
      if (rand() < 0.08) {
        counts.redeliveries += 1;
        record.statuses.push((await post(`${workerUrl}/webhooks/twilio/dial-status`, params, line.account.authToken)).status);
      }
      if (outcome !== "answered" && dial.body && from.startsWith("+1415")) texted.set(`${line.e164}|${from}`, { line, caller: from });
    }

    async function reply() {
      const candidates = [...texted.values()].filter((t) => !stopped.has(`${t.line.e164}|${t.caller}`));
      if (candidates.length === 0) return;
      const t = pick(candidates);
      const kind = weighted([["reply", 60], ["stop", 30], ["help", 10]]);
      const body = kind === "stop" ? pick(["STOP", "stop", "Unsubscribe", "Stop."]) : kind === "help" ? "HELP" : pick(["Can you call me back?", "What time do you open?", "Is Tuesday ok?"]);
      const params = { AccountSid: t.line.account.accountSid, ApiVersion: "2010-04-01", Body: body, From: t.caller, MessageSid: twilioSid("SM"), NumMedia: "0", To: t.line.e164 };
      const res = await post(`${workerUrl}/webhooks/twilio/sms`, params, t.line.account.authToken);
      if (kind === "stop") {
        counts.stops += 1;
        if (res.status === 200) {
          stopped.add(`${t.line.e164}|${t.caller}`);
          stops.push({ line: t.line, caller: t.caller, answeredAt: Date.now() });
        }
      } else if (kind === "help") counts.helps += 1;
      else counts.replies += 1;
    }

    const started = Date.now();
    const tickMs = 100;
    let due = 0;
    let lastReport = started;
    while (Date.now() - started < durationMs) {
      due += (opts.rate * tickMs) / 1000;
      while (due >= 1) {
        due -= 1;
        const p = call(pick(lines)).catch((e) => note(`call failed: ${e}`));
        inflight.add(p);
        p.finally(() => inflight.delete(p));
        if (rand() < 0.25) {
          const r = reply().catch((e) => note(`reply failed: ${e}`));
          inflight.add(r);
          r.finally(() => inflight.delete(r));
        }
      }
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${counts.calls} calls, ${sim.messages.length} texts accepted, webhooks ${JSON.stringify(counts.webhookStatus)}`);
      }
      await sleep(tickMs);
    }
    await Promise.all([...inflight]);
    console.log(`soak: traffic done after ${Math.round((Date.now() - started) / 1000)} s; waiting for the outbox to drain…`);

    // --- drain: nothing queued, retrying or sending, and the carrier quiet for a moment --------
    const PENDING = new Set(["queued", "retrying", "sending", "scheduled"]);
    const drainUntil = Date.now() + 240_000;
    let messagesByLine;
    for (;;) {
      messagesByLine = await Promise.all(lines.map((l) => admin("GET", `/businesses/${l.businessId}/messages?limit=500`).then((r) => r.messages)));
      const pending = messagesByLine.flat().filter((m) => m.direction === "outbound" && PENDING.has(m.status)).length;
      const quietFor = Date.now() - Math.max(0, ...sim.requests.map((r) => Date.parse(r.at)));
      if (pending === 0 && quietFor > 3000) break;
      if (Date.now() > drainUntil) {
        console.log(`soak: ${pending} message(s) still pending after 4 minutes`);
        break;
      }
      await sleep(1000);
    }
    await sleep(1500); // the last delivery callbacks
    messagesByLine = await Promise.all(lines.map((l) => admin("GET", `/businesses/${l.businessId}/messages?limit=500`).then((r) => r.messages)));
    const callsByLine = await Promise.all(lines.map((l) => admin("GET", `/businesses/${l.businessId}/calls?limit=500`).then((r) => r.calls)));

    // --- the books ---------------------------------------------------------------------------
    const problems = [];
    const problem = (msg) => {
      if (problems.length < 50) problems.push(msg);
      else if (problems.length === 50) problems.push("…");
    };
    for (let i = 0; i < lines.length; i++) {
      if (callsByLine[i].length >= 500 || messagesByLine[i].length >= 500) problem(`business ${i + 1}: 500 rows listed, the books may be truncated (use more --businesses)`);
    }
    const calls = callsByLine.flat();
    const messages = messagesByLine.flat();
    const callRows = new Map();
    for (const c of calls) {
      const key = `${c.to}|${c.carrierCallId}`;
      if (callRows.has(key)) problem(`call ${c.carrierCallId} recorded twice`);
      callRows.set(key, c);
    }
    const decisions = {};
    const outcomes = {};
    for (const p of placed) {
      outcomes[p.outcome] = (outcomes[p.outcome] ?? 0) + 1;
      if (p.statuses.some((s) => s !== 200)) continue; // counted below as refused webhooks
      const row = callRows.get(`${p.line.e164}|${p.callSid}`);
      if (!row) {
        problem(`call ${p.callSid} (${p.outcome}) has no row`);
        continue;
      }
      if (!row.decision) problem(`call ${p.callSid} has no decision`);
      decisions[row.decision] = (decisions[row.decision] ?? 0) + 1;
      if (p.outcome === "answered" && row.decision !== "skipped:answered") problem(`answered call ${p.callSid} decided ${row.decision}`);
      if (p.outcome !== "answered" && row.decision === "skipped:answered") problem(`missed call ${p.callSid} (${p.outcome}) decided skipped:answered`);
    }
    if (calls.length !== placed.filter((p) => p.statuses.every((s) => s === 200)).length) {
      problem(`${calls.length} call rows for ${placed.length} calls placed`);
    }

    const byId = new Map(messages.map((m) => [m.id, m]));
    const accepted = new Map(); // sid → count
    for (const m of sim.messages) accepted.set(m.sid, (accepted.get(m.sid) ?? 0) + 1);
    const acceptedCopies = new Map(); // to|from|body → count
    for (const m of sim.messages) acceptedCopies.set(`${m.to}|${m.from}|${m.body}`, (acceptedCopies.get(`${m.to}|${m.from}|${m.body}`) ?? 0) + 1);
    const statuses = {};
    for (const m of messages) if (m.direction === "outbound") statuses[m.status] = (statuses[m.status] ?? 0) + 1;
    let textedOk = 0;
    let textedSettledOtherwise = 0;
    for (const c of calls.filter((c) => c.decision?.startsWith("texted:"))) {
      const m = byId.get(`m_${c.carrierCallId}`);
      if (!m) {
        problem(`texted call ${c.carrierCallId} has no message`);
        continue;
      }
      if (m.status === "sent" || m.status === "delivered") {
        if (accepted.get(m.carrierMessageId) !== 1) problem(`message ${m.id} (${m.status}) has ${accepted.get(m.carrierMessageId) ?? 0} accepted requests for its SID`);
        const copies = acceptedCopies.get(`${m.to}|${m.from}|${m.body}`) ?? 0;
        if (copies !== 1) problem(`message ${m.id}: the carrier accepted ${copies} copies`);
        textedOk += 1;
      } else if (m.status === "dead" || m.status === "suppressed" || (m.status === "failed" && m.errorCode === "21614")) {
        if (m.status !== "suppressed" && (acceptedCopies.get(`${m.to}|${m.from}|${m.body}`) ?? 0) > 0) problem(`message ${m.id} is ${m.status} but the carrier accepted it`);
        textedSettledOtherwise += 1;
      } else {
        problem(`message ${m.id} for texted call ${c.carrierCallId} ended ${m.status} (${m.errorCode ?? "-"})`);
      }
    }

    const bySid = new Map(messages.filter((m) => m.carrierMessageId).map((m) => [m.carrierMessageId, m]));
    // A text whose consent check ran just before the STOP landed can reach the carrier a moment after
    // it was answered: counted apart (in flight), not as a text after the opt-out.
    const GRACE_MS = 1000;
    let afterStop = 0;
    let inFlightAtStop = 0;
    for (const s of stops) {
      for (const m of sim.messages) {
        if (m.to !== s.caller || m.from !== s.line.e164 || Date.parse(m.at) <= s.answeredAt) continue;
        const row = bySid.get(m.sid);
        if (row?.kind === "opt_out") continue; // the one confirmation
        if (Date.parse(m.at) <= s.answeredAt + GRACE_MS) {
          inFlightAtStop += 1;
          continue;
        }
        afterStop += 1;
        problem(`texted ${s.caller} (${row?.kind ?? "unknown kind"}) ${Date.parse(m.at) - s.answeredAt} ms after their STOP`);
      }
    }
    const refused = Object.entries(counts.webhookStatus).filter(([s]) => s !== "200").reduce((t, [, n]) => t + n, 0);
    if (counts.webhookStatus[429]) problem(`${counts.webhookStatus[429]} webhook(s) rate limited (429): lower --rate`);
    if (counts.webhookStatus[500] || counts.webhookStatus.error) problem(`webhooks answered 5xx or failed: ${JSON.stringify(counts.webhookStatus)}`);

    // --- report ------------------------------------------------------------------------------
    const table = (o) => Object.entries(o).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(", ");
    console.log("\n=== soak books ===");
    console.log(`calls placed        ${placed.length} (${table(outcomes)}); redeliveries ${counts.redeliveries}`);
    console.log(`webhooks we sent    ${table(counts.webhookStatus)} (not 200: ${refused})`);
    console.log(`call rows           ${calls.length}; decisions: ${table(decisions)}`);
    console.log(`texted decisions    ${textedOk + textedSettledOtherwise}: reached the carrier once ${textedOk}, dead/suppressed/failed ${textedSettledOtherwise}`);
    console.log(`outbound messages   ${table(statuses)}`);
    console.log(`inbound             replies ${counts.replies}, HELP ${counts.helps}, STOP ${counts.stops}`);
    console.log(`carrier faults      transient ${counts.faults.transient}, permanent ${counts.faults.permanent}, dead ${counts.faults.dead}; send attempts ${sim.requests.length}, accepted ${sim.messages.length}`);
    console.log(`texts after a STOP  ${afterStop} (in flight when it landed: ${inFlightAtStop})`);
    if (problems.length > 0) {
      console.log(`\nFAILED: ${problems.length} problem(s)`);
      for (const p of problems) console.log(`  - ${p}`);
      console.log(`\n--- last worker and simulator output ---\n${logs.slice(-40).join("\n")}`);
      process.exitCode = 1;
    } else {
      console.log("\nOK: the books balance.");
    }
  } finally {
    await stopWrangler(worker);
    await sim?.close();
    if (opts.keep) console.log(`kept ${tmp}`);
    else await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`soak: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
