/**
 * A caller's reply, timed: each caller first gets a missed call's text-back (untimed), then answers
 * it at a fixed rate; the figure is from writing the reply's webhook to the carrier receiving the
 * next question (the businesses ask questions by text: provision.mjs gives them a preset).
 */
import { performance } from "node:perf_hooks";
import { collectTexts, post, sendAtRate } from "./rate.mjs";
import { summary } from "./stats.mjs";
import { inboundSmsRequest } from "./twilio.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ANSWER = "The water heater is making a banging noise";

export async function measureReplies({ workerUrl, carrier, lines, calls, rate, count, idleMs = 5000 }) {
  const called = await sendAtRate({ workerUrl, lines, calls, rate, count });
  await collectTexts(carrier, called);
  const callers = called.filter((r) => carrier.textsTo(r.from).length === 1);
  const byLine = new Map(lines.map((l) => [l.e164, l]));
  const records = [];
  const start = performance.now() + 5;
  await Promise.all(
    callers.map(async (c, i) => {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait >= 1) await sleep(wait);
      const rec = { from: c.from, sentAt: performance.now(), status: 0 };
      records.push(rec);
      rec.status = (await post(workerUrl, inboundSmsRequest(workerUrl, byLine.get(c.line), c.from, ANSWER))).status;
    }),
  );
  // Until every reply answered 2xx has its question at the carrier, or nothing new for `idleMs`.
  let seen = -1;
  let last = performance.now();
  for (;;) {
    const got = records.filter((r) => carrier.textsTo(r.from).length >= 2).length;
    if (got === records.length) break;
    if (got !== seen) [seen, last] = [got, performance.now()];
    if (performance.now() - last > idleMs) break;
    await sleep(20);
  }
  const answered = records.filter((r) => carrier.textsTo(r.from).length >= 2);
  return {
    rate,
    replies: records.length,
    ...summary(answered.map((r) => carrier.textsTo(r.from)[1] - r.sentAt)),
    unanswered: records.length - answered.length,
    non2xx: records.filter((r) => !(r.status >= 200 && r.status < 300)).length,
  };
}
