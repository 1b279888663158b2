/**
 * Growth: few numbers and an empty database against many numbers and a long history, for ours and
 * for the floor. Four workers side by side; time-to-text is measured in rounds that take the four
 * in turn, and each figure pools its rounds, so whatever else the machine does in a given minute
 * falls on all four alike. (Measured one after another, 20 s each, the 10-number p99 alone moved
 * between 19 and 34 ms across runs of one commit: more than the target's margin.) Then the admin
 * pages of one business of the large worker, with that history around it.
 */
import path from "node:path";
import { adminLogin } from "../../scripts/lib/admin-client.mjs";
import { adminPagePaths, seedBusinessHistory, seedLeads, timeAdminPages } from "./admin.mjs";
import { cloneLines } from "./clone.mjs";
import { measureTimeToText, pooled, throughput, tttSummary, warmUp } from "./measure.mjs";
import { insertContacts, insertHistory, provisionLines } from "./provision.mjs";
import { collectTexts, sendAtRate } from "./rate.mjs";
import { percentile, round } from "./stats.mjs";
import { businessNumber } from "./twilio.mjs";

/** Up to this many lines through the admin API; the rest are copies of them (lib/clone.mjs). */
const API_LINES = 100;
/** Each of the large worker's numbers is called once at this rate before the rounds. */
const WARM_RATE = 100;

/** `numbers` lines: the first through the admin API, the rest copied in D1. */
async function provisionMany(session, inst, numbers) {
  const started = performance.now();
  const head = await provisionLines({ workerUrl: inst.url, adminToken: session.adminToken, carrier: session.carrier, to: Math.min(numbers, API_LINES) });
  const rest = numbers > API_LINES ? await cloneLines({ mf: inst.mf, carrier: session.carrier, dataKey: session.dataKey, templates: head, from: API_LINES, to: numbers }) : { lines: [] };
  return { lines: [...head, ...rest.lines], ms: Math.round(performance.now() - started), cloned: rest.lines.length };
}

/** Boots the four workers, provisions and warms them: ours and the floor, small and large. */
async function bootSubjects(session, { ours, floor, calls, sizes }) {
  const subjects = [];
  for (const [label, numbers, rows] of [["small", sizes.small, 0], ["large", sizes.large, sizes.rows]]) {
    session.progress(`growth/${label}: ${numbers} numbers, ${rows} rows of history; the floor over as many`);
    const inst = await session.boot(`growth-${label}`, path.join(session.root, "wrangler.toml"), ours.scriptPath);
    const provisioned = await provisionMany(session, inst, numbers);
    const history = rows > 0 ? await insertHistory(inst.mf, rows) : null;
    // An imported contact list in the large one's businesses: a caller's contact is read on every call.
    const contacts = rows > 0 ? await insertContacts(inst.mf, { perBusiness: sizes.contacts, businesses: sizes.contactBusinesses }) : null;
    if (rows > 0) session.progress(`growth/${label}: history in ${history.ms} ms, contacts in ${contacts.ms} ms; one call to each number at ${WARM_RATE}/s`);
    const cold = await warmUp(session, inst, provisioned.lines, calls, WARM_RATE);
    subjects.push({ floor: false, label, inst, lines: provisioned.lines, sent: numbers, raws: [], numbers, rows, provisioned, history, contacts, cold });

    // The floor over as many numbers: what the same growth costs the runtime itself (one Durable
    // Object per number, each idle between its calls), so the app's figure can be read against it.
    const fInst = await session.boot(`growth-floor-${label}`, floor.config, floor.scriptPath, floor.vars);
    const fLines = Array.from({ length: numbers }, (_, i) => ({ e164: businessNumber(i), ...floor.account }));
    await warmUp(session, fInst, fLines, calls, WARM_RATE);
    subjects.push({ floor: true, label, inst: fInst, lines: fLines, sent: numbers, raws: [] });
  }
  return subjects;
}

/** The rounds: each gives every subject `perRound` calls at `rate`, starting with the next subject each time. */
async function runRounds(session, subjects, { calls, rate, perRound, rounds }) {
  for (let turn = 0; turn < rounds; turn++) {
    session.progress(`growth: round ${turn + 1} of ${rounds}, ${perRound} calls at ${rate}/s on each of the four workers`);
    for (let k = 0; k < subjects.length; k++) {
      const s = subjects[(turn + k) % subjects.length];
      // An untimed second at the same rate first: it brings the worker back to its steady state
      // after idling through the others' turns (the 10 numbers' objects are evicted after 10 s
      // idle; the many numbers' are idle far longer between their calls anyway).
      const leadIn = await sendAtRate({ workerUrl: s.inst.url, lines: s.lines, calls, rate, count: rate, lineOffset: s.sent });
      await collectTexts(session.carrier, leadIn);
      s.sent += rate;
      s.raws.push(await measureTimeToText(session, s.inst, s.lines, calls, rate, perRound, s.sent));
      s.sent += perRound;
    }
  }
}

/** The admin pages of the large worker's first business, after its own calls and leads are added to the history around it. */
async function adminPagesAmidHistory(session, large, admin) {
  session.progress(`growth/large: admin pages of one business with ${admin.calls} calls and ${admin.leads} leads of its own, each page ${admin.reps} times`);
  const line = large.lines[0];
  const seeded = await seedBusinessHistory(large.inst.mf, line, admin.calls);
  const seededLeads = await seedLeads(large.inst.mf, line, admin.leads);
  const cookie = await adminLogin(large.inst.url, session.adminToken);
  const pages = await timeAdminPages({ workerUrl: large.inst.url, cookie, paths: adminPagePaths(line.businessId, seeded.phone, seededLeads.leadId), reps: admin.reps });
  const maxP95Ms = Math.max(...Object.values(pages).map((pg) => pg.p95Ms));
  return { ...pages, seeded: { calls: seeded.calls, leads: seededLeads.leads }, reps: admin.reps, maxP95Ms, under50ms: maxP95Ms < 50 };
}

/**
 * The growth figures (bench/README.md, "growth"). `floor`: `{ config, scriptPath, vars, account }`;
 * `sizes`: `{ small, large, rows, contacts, contactBusinesses, tttS, rounds, loadS, admin }`.
 */
export async function measureGrowth(session, { ours, floor, calls, sizes, rate }) {
  const subjects = await bootSubjects(session, { ours, floor, calls, sizes });
  await runRounds(session, subjects, { calls, rate, perRound: Math.round((rate * sizes.tttS) / sizes.rounds), rounds: sizes.rounds });
  const growth = {};
  for (const s of [...subjects].sort((a, b) => a.floor - b.floor)) {
    const timed = tttSummary(rate, pooled(s.raws));
    const byRound = s.raws.map((r) => round(percentile(r.ttt, 99)));
    const pausesByRound = s.raws.map((r) => r.pauses);
    if (s.floor) {
      Object.assign(growth[s.label], { floorTimeToText: timed, floorP99MsByRound: byRound, floorPausesByRound: pausesByRound });
      continue;
    }
    session.progress(`growth/${s.label}: autocannon c=10 for ${sizes.loadS} s`);
    const load = await throughput(session, s.inst, s.lines, calls, 10, sizes.loadS, 0);
    growth[s.label] = {
      numbers: s.numbers,
      historyRows: s.rows,
      provisionMs: s.provisioned.ms,
      clonedLines: s.provisioned.cloned,
      history: s.history,
      contacts: s.contacts,
      cold: s.cold,
      timeToText: timed,
      p99MsByRound: byRound,
      /** The machine's pauses (ms, 20 or more) during each round: a round with one has a p99 that says little. */
      pausesByRound,
      webhook: { rps: load.rps, p50Ms: load.p50Ms, p99Ms: load.p99Ms, cpuMsPerCall: load.cpuMsPerCall, missing: load.missing, duplicates: load.duplicates, statuses: load.statuses },
    };
    if (s.label === "large") growth.large.adminPages = await adminPagesAmidHistory(session, s, sizes.admin);
  }
  for (const s of subjects) await session.dispose(s.inst);
  return { ...growth, rounds: sizes.rounds, ...ratios(growth) };
}

/** Large ÷ small, ours and the floor's, and ours over the floor's. */
function ratios(growth) {
  const { small, large } = growth;
  const p99Ratio = round(large.timeToText.p99Ms / small.timeToText.p99Ms, 2);
  const floorP99Ratio = round(large.floorTimeToText.p99Ms / small.floorTimeToText.p99Ms, 2);
  return {
    p99Ratio,
    /** The same ratio within each round alone (~500 calls a side, so p99 is the 5th slowest): how much one short measurement wanders. */
    p99RatioByRound: large.p99MsByRound.map((l, i) => round(l / small.p99MsByRound[i], 2)),
    webhookP99Ratio: round(large.webhook.p99Ms / small.webhook.p99Ms, 2),
    /** The same comparison in workerd CPU per call: what growth costs, without the noise. */
    cpuRatio: round(large.timeToText.cpuMsPerCall / small.timeToText.cpuMsPerCall, 2),
    /** The floor's own large ÷ small time-to-text p99 and CPU per call: the part of growth that is the runtime's. */
    floorP99Ratio,
    floorCpuRatio: round(large.floorTimeToText.cpuMsPerCall / small.floorTimeToText.cpuMsPerCall, 2),
    /** Our p99 growth over the floor's in the same run: how much of it is ours rather than the runtime's (1 = none). */
    p99RatioOverFloor: round(large.timeToText.p99Ms / small.timeToText.p99Ms / (large.floorTimeToText.p99Ms / small.floorTimeToText.p99Ms), 2),
  };
}
