/**
 * Open-loop load at a fixed rate: call i is sent at start + i/rate whether or not earlier calls
 * have been answered (a carrier does not wait for us), and each is timed from the moment it is
 * written to the socket to the moment the carrier receives the matching Messages.json request.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import { dialStatusRequest } from "./twilio.mjs";

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/**
 * POST one webhook; resolves to { status, retried }. A request written to a kept-alive socket that
 * the server closed at that moment fails with ECONNRESET (the race Node's docs describe under
 * `request.reusedSocket`), usually before the server read it; it is sent once more on a fresh
 * socket, as a carrier would retry (should the first have been read after all, the worker dedupes
 * the repeat by CallSid, and the duplicate count would show it), and its time still counts from the
 * first attempt. Any other failure, or a second one, resolves to the socket error's code.
 */
export function post(workerUrl, req, retried = false) {
  const u = new URL(workerUrl);
  return new Promise((resolve) => {
    const r = http.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        method: "POST",
        path: req.path,
        headers: { ...req.headers, "content-length": Buffer.byteLength(req.body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode, retried }));
      },
    );
    r.on("error", (e) => {
      if (!retried && r.reusedSocket && e.code === "ECONNRESET") resolve(post(workerUrl, req, true));
      else resolve({ status: e.code ?? "error", retried });
    });
    r.end(req.body);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Send `count` calls at `rate` per second, round-robin over `lines`. Returns one record per call:
 * { from, sentAt, answeredAt, status, retried } (performance.now() ms; status is the HTTP status, or the
 * socket error code where no answer came; retried: sent again after a closed kept-alive socket).
 */
export async function sendAtRate({ workerUrl, lines, calls, rate, count, lineOffset = 0 }) {
  const records = [];
  const pending = [];
  const start = performance.now() + 5;
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait); // late calls go at once; the clock below is the real send time
    const line = lines[(lineOffset + i) % lines.length];
    const call = calls.next();
    const req = dialStatusRequest(workerUrl, line, call);
    const rec = { from: call.from, line: line.e164, sentAt: performance.now(), answeredAt: 0, status: 0, retried: false };
    records.push(rec);
    pending.push(
      post(workerUrl, req).then(({ status, retried }) => {
        rec.status = status;
        rec.retried = retried;
        rec.answeredAt = performance.now();
      }),
    );
  }
  await Promise.all(pending);
  return records;
}

/**
 * Wait until every call answered 2xx has a text at the carrier, or until nothing new arrived for
 * `idleMs`. Returns the time-to-text of each call that got one, and the stragglers.
 */
export async function collectTexts(carrier, records, { idleMs = 5000, maxMs = 60_000 } = {}) {
  const expected = records.filter((r) => r.status >= 200 && r.status < 300);
  const until = performance.now() + maxMs;
  let seen = -1;
  let lastProgress = performance.now();
  for (;;) {
    const got = expected.filter((r) => carrier.textsTo(r.from).length > 0).length;
    if (got === expected.length) break;
    if (got !== seen) {
      seen = got;
      lastProgress = performance.now();
    }
    if (performance.now() - lastProgress > idleMs || performance.now() > until) break;
    await sleep(20);
  }
  const texted = [];
  const missing = [];
  let duplicates = 0;
  for (const r of expected) {
    const times = carrier.textsTo(r.from);
    if (times.length === 0) missing.push(r.from);
    else texted.push({ sentAt: r.sentAt, tttMs: times[0] - r.sentAt, webhookMs: r.answeredAt - r.sentAt });
    duplicates += Math.max(0, times.length - 1);
  }
  return {
    ttt: texted.map((c) => c.tttMs),
    /** Each call that got its text: when it was sent, its time-to-text and its webhook's answer time. */
    texted,
    webhookMs: expected.map((r) => r.answeredAt - r.sentAt),
    missing,
    duplicates,
    non2xx: records.length - expected.length,
    /** Calls sent a second time after a kept-alive socket closed under them (see `post`). */
    socketRetries: records.filter((r) => r.retried).length,
    /** Count per status of the answers that were not 2xx, or per socket error where none came. */
    refusals: records.filter((r) => !(r.status >= 200 && r.status < 300)).reduce((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {}),
  };
}
