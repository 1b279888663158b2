#!/usr/bin/env node
/**
 * `npm run call`: place a simulated call through the running simulator (started by `npm start`) and
 * show what the worker answered, which texts the caller got, and what Textback decided, in words.
 *
 *   npm run call                              a missed call (no answer) from a random number
 *   npm run call -- --outcome busy            no-answer | busy | failed | canceled | answered | voicemail | short
 *   npm run call -- --from +14152345678       call from a given number (repeat it to see the cooldown)
 *   npm run call -- --to +15122345679       the demo's Telnyx number: Telnyx Call Control events
 *   npm run call -- --to +15122345678 --sim http://127.0.0.1:8788
 *   npm run call -- --to +15125550100 --carrier telnyx   force a carrier (twilio | telnyx | vonage | plivo | bandwidth)
 *   npm run call -- --carrier vonage          the demo's Vonage number: Vonage's answer URL and leg events
 *   npm run call -- --carrier plivo           the demo's Plivo number: Plivo XML and its <Dial action>
 *   npm run call -- --carrier bandwidth       the demo's Bandwidth number: BXML <Transfer> and its callbacks
 *   npm run call -- --conversation            then answer the questions, as a caller would, until the
 *                                             lead is qualified (the demo business asks them)
 *
 * `npm start` run with PORT= / SIM_PORT=: give `npm run call` the same two.
 */
import { readFileSync } from "node:fs";
import { adminApi } from "./lib/admin-client.mjs";
import { CALL_OUTCOMES, DEMO_BANDWIDTH_NUMBER, DEMO_PLIVO_NUMBER, DEMO_TELNYX_NUMBER, DEMO_VONAGE_NUMBER, randomUsNumber } from "./simulator.mjs";

/** How long the text usually takes: queue hop plus one carrier request, with room to spare. */
const WAIT_FOR_TEXT_MS = 1500;

const SIM_URL = `http://127.0.0.1:${process.env.SIM_PORT || 8788}`;
const WORKER_URL = process.env.WORKER_URL ?? `http://127.0.0.1:${process.env.PORT || 8787}`;

/** The options, from this file's own opening comment. */
function usage() {
  const text = readFileSync(new URL(import.meta.url), "utf8");
  return text.slice(text.indexOf("/**") + 4, text.indexOf("*/")).replace(/^ \* ?/gm, "").trimEnd();
}

function parseArgs(argv) {
  const args = { outcome: "no-answer", from: randomUsNumber(), to: undefined, sim: SIM_URL };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--help" || token === "-h") {
      console.log(usage());
      process.exit(0);
    }
    const eq = token.indexOf("=");
    const flag = eq === -1 ? token : token.slice(0, eq);
    const value = eq === -1 ? argv[++i] : token.slice(eq + 1);
    if (flag === "--conversation") {
      args.conversation = true;
      if (eq === -1) i -= 1;
      continue;
    }
    const key = { "--outcome": "outcome", "--from": "from", "--to": "to", "--sim": "sim", "--carrier": "carrier" }[flag];
    if (!key || value === undefined) throw new Error(`bad option ${token}; see the top of scripts/call.mjs`);
    args[key] = value;
  }
  if (!CALL_OUTCOMES.includes(args.outcome)) throw new Error(`--outcome must be one of ${CALL_OUTCOMES.join(", ")}`);
  if (args.carrier !== undefined && !["twilio", "telnyx", "vonage", "plivo", "bandwidth"].includes(args.carrier)) {
    throw new Error("--carrier must be twilio, telnyx, vonage, plivo or bandwidth");
  }
  const demo = { telnyx: DEMO_TELNYX_NUMBER, vonage: DEMO_VONAGE_NUMBER, plivo: DEMO_PLIVO_NUMBER, bandwidth: DEMO_BANDWIDTH_NUMBER };
  // Without --to, the demo's number at the carrier asked for.
  args.to ??= demo[args.carrier] ?? "+15122345678";
  // The demo's numbers speak their carrier even to a simulator started without being told so.
  args.carrier ??= Object.entries(demo).find(([, number]) => number === args.to)?.[0];
  return args;
}

async function simulator(sim, pathname, init) {
  let res;
  try {
    res = await fetch(`${sim}${pathname}`, init);
  } catch {
    throw new Error(`the simulator at ${sim} is not answering. Is \`npm start\` running?`);
  }
  const payload = await res.json();
  if (!res.ok) throw new Error(`simulator ${pathname} → ${res.status} ${payload.error ?? JSON.stringify(payload)}`);
  return payload;
}

const indent = (text) => text.replace(/^/gm, "      ");

/** The admin token `npm start` wrote, to ask the worker what it decided. */
function devToken() {
  const vars = readFileSync(new URL("../.dev.vars", import.meta.url), "utf8");
  return /^ADMIN_TOKEN=(.+)$/m.exec(vars)?.[1]?.trim().replace(/^"|"$/g, "");
}

/** The call's decision in words, as the admin page shows it: the newest call from the caller to the number. */
async function whatTextbackDid(args) {
  const token = devToken();
  if (!token) return null;
  const admin = adminApi(WORKER_URL, token);
  for (const { id } of (await admin("GET", "/businesses")).businesses) {
    const { numbers } = await admin("GET", `/businesses/${id}`);
    if (!numbers.some((n) => n.e164 === args.to)) continue;
    const { calls } = await admin("GET", `/businesses/${id}/calls?limit=20`);
    return calls.find((c) => c.from === args.from) ?? null;
  }
  return null;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  console.log(`Calling ${args.to} from ${args.from} (${args.outcome})…\n`);
  const call = await simulator(args.sim, "/_sim/call", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: args.from, to: args.to, outcome: args.outcome, carrier: args.carrier }),
  });
  console.log(`  (${call.carrier ?? "twilio"})`);
  for (const w of call.webhooks) {
    console.log(`  ${w.name.padEnd(11)} ${w.status || "unreachable"}  ${w.url}  (${w.ms} ms)`);
    if (w.error) console.log(indent(w.error));
    else if (w.body) console.log(indent(w.body));
  }
  if (call.webhooks.some((w) => w.status === 403)) {
    // The worker verifies a webhook with the number's own credentials, so an unknown number's cannot pass.
    throw new Error(`\nThe worker refused the call's signature: is ${args.to} one of its numbers (Numbers page), with the same credentials the simulator signs with?`);
  }
  if (call.webhooks.some((w) => w.status !== 200)) {
    throw new Error("\nThe worker did not accept the call; its log (in the `npm start` terminal) says why.");
  }

  await new Promise((r) => setTimeout(r, WAIT_FOR_TEXT_MS));
  const { messages } = await simulator(args.sim, `/_sim/messages?to=${encodeURIComponent(args.from)}`);
  console.log(`\nTexts to ${args.from}: ${messages.length}`);
  for (const m of messages) console.log(`\n  from ${m.from} at ${m.at} (${m.sid})\n${indent(m.body)}`);
  const decided = await whatTextbackDid(args).catch(() => null);
  if (decided) console.log(`\nWhat Textback did: ${decided.explanation} (${decided.decision})`);
  else if (messages.length === 0 && ["no-answer", "busy", "failed", "canceled", "voicemail", "short"].includes(args.outcome)) {
    console.log("  (none yet: the decision and any retries are in the worker's log, and at /api/businesses/:id/calls)");
  }
  if (args.conversation && messages.length > 0) await converse(args, messages.length);
}

/** What a caller answers to the demo's questions, in order; anything it is asked beyond these gets the last. */
const ANSWERS = ["My water heater is making a banging noise", "It's 1204 Oak St, Austin TX 78701", "Not urgent, this week is fine", "Tomorrow morning"];

/** Answer each question the business texts, until it has none left (or stops asking). */
async function converse(args, seen) {
  for (const answer of ANSWERS) {
    console.log(`\n  caller → ${answer}`);
    await simulator(args.sim, "/_sim/sms", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: args.from, to: args.to, body: answer, carrier: args.carrier }),
    });
    await new Promise((r) => setTimeout(r, WAIT_FOR_TEXT_MS));
    const { messages } = await simulator(args.sim, `/_sim/messages?to=${encodeURIComponent(args.from)}`);
    const fresh = messages.slice(seen);
    seen = messages.length;
    for (const m of fresh) console.log(`  business → ${m.body}`);
    if (fresh.length === 0 || !fresh.some((m) => m.body.trim().endsWith("?"))) break;
  }
  console.log("\nThe lead, its answers and the owner's summary are on the admin page: Leads.");
}

main().catch((e) => {
  console.error(String(e?.message ?? e));
  process.exit(1);
});
