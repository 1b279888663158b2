/**
 * SMS pumping and cost control. Caller ID is whatever the attacker says it is, so "missed calls"
 * from expensive destinations would make us text them at the business's expense. None of these may
 * produce a carrier request; each must record why it did not.
 *
 * Requests go straight to the worker's fetch handler: 1,000+ calls through `exports.default` hit a
 * pool bug (workers-sdk#15092, a Proxy nested per call) that turns quadratic. Each request carries
 * its own `cf-connecting-ip`, as a carrier's pool of addresses would, so the per-IP webhook limit
 * (600 a minute) is not what stops them.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { twilioSignature } from "../src/carriers/twilio-signature";
import worker from "../src/index";
import { callSid, createTwilioLine, ORIGIN, settle, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

/** Deterministic: a failure names numbers that can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(0x5eed);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join("");
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
/** A NANP exchange: 2-9, then two digits, never an N11 service code. */
const nxx = () => {
  const s = String(2 + Math.floor(rand() * 8)) + digits(2);
  return s.endsWith("11") ? s.slice(0, 2) + "2" : s;
};

type Reason = "country_not_allowed" | "premium_rate" | "toll_free" | "withheld_caller_id" | "invalid_number";

/** Spoofed caller IDs by kind, each with the skip reason the line must record. */
const KINDS: Record<string, { reason: Reason; make: () => string }> = {
  "UK mobile (+44)": { reason: "country_not_allowed", make: () => `+447400${digits(6)}` },
  "Nigeria (+234)": { reason: "country_not_allowed", make: () => `+234${pick(["803", "703"])}${digits(7)}` },
  "Bangladesh (+880)": { reason: "country_not_allowed", make: () => `+880${pick(["17", "19"])}${digits(8)}` },
  "India (+91)": { reason: "country_not_allowed", make: () => `+9198${digits(8)}` },
  "Philippines (+63)": { reason: "country_not_allowed", make: () => `+63917${digits(7)}` },
  "Germany (+49)": { reason: "country_not_allowed", make: () => `+49151${digits(8)}` },
  "premium +1 900": { reason: "premium_rate", make: () => `+1900${nxx()}${digits(4)}` },
  "toll-free +1 800": { reason: "toll_free", make: () => `+1800${nxx()}${digits(4)}` },
  "toll-free +1 888": { reason: "toll_free", make: () => `+1888${nxx()}${digits(4)}` },
  "toll-free +1 877": { reason: "toll_free", make: () => `+1877${nxx()}${digits(4)}` },
  "Jamaica +1 876": { reason: "country_not_allowed", make: () => `+1876${pick(["29", "84", "35"])}${digits(5)}` },
  "Dominican Republic +1 809/829/849": { reason: "country_not_allowed", make: () => `+1${pick(["809", "829", "849"])}${nxx()}${digits(4)}` },
  "British Virgin Islands +1 284": { reason: "country_not_allowed", make: () => `+1284${pick(["496", "494"])}${digits(4)}` },
  "Turks and Caicos +1 649": { reason: "country_not_allowed", make: () => `+1649${pick(["231", "232"])}${digits(4)}` },
  "withheld sentinel": {
    reason: "withheld_caller_id",
    make: () =>
      pick([
        "+266696687", "+1266696687", "+7378742833", "+17378742833", "+8656696", "+18656696", "+2562533", "+12562533",
        "+86282452253", "+186282452253", "anonymous", "Anonymous", "restricted", "RESTRICTED", "unknown", "private", "unavailable", "",
      ]),
  },
  "not a number": { reason: "invalid_number", make: () => pick(["+1234567", "5125550100", "+1512555010", "+15120000000", `+999${digits(8)}`]) },
};

function call(url: string, init: RequestInit): Promise<Response> {
  return Promise.resolve(worker.fetch(new Request(url, init), env, createExecutionContext()));
}

let ip = 0;
/** A signed dial-status callback, from a different carrier address each time. */
async function dialStatus(line: TwilioLine, from: string, status: string, sid = callSid()): Promise<Response> {
  const url = `${ORIGIN}/webhooks/twilio/dial-status`;
  const params = {
    AccountSid: line.accountSid,
    CallSid: sid,
    CallStatus: "in-progress",
    Direction: "inbound",
    From: from,
    To: line.e164,
    DialCallStatus: status,
  };
  ip += 1;
  return call(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": await twilioSignature(line.authToken, url, params),
      "cf-connecting-ip": `203.0.${(ip >> 8) & 255}.${ip & 255}`,
    },
    body: new URLSearchParams(params).toString(),
  });
}

/** Run `tasks` `width` at a time (a flood, but one the local runtime keeps up with). */
async function inWaves<T>(tasks: Array<() => Promise<T>>, width = 50): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < tasks.length; i += width) out.push(...(await Promise.all(tasks.slice(i, i + width).map((t) => t()))));
  return out;
}

async function decisionsOf(businessId: string): Promise<Map<string, string>> {
  const { results } = await env.DB.prepare("SELECT carrier_call_id, decision FROM calls WHERE business_id = ?")
    .bind(businessId)
    .all<{ carrier_call_id: string; decision: string }>();
  return new Map(results.map((r) => [r.carrier_call_id, r.decision]));
}

async function outboundCount(businessId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE business_id = ? AND direction = 'outbound'")
    .bind(businessId)
    .first<{ n: number }>();
  return row!.n;
}

describe("SMS pumping", () => {
  it("sends zero texts for 1,000 missed calls from spoofed international, premium, toll-free, Caribbean and withheld numbers, and records why for each", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const kinds = Object.entries(KINDS);
    const calls = Array.from({ length: 1000 }, (_, i) => {
      const [kind, { reason, make }] = kinds[i % kinds.length]!;
      return { kind, reason, from: make(), sid: callSid(), status: pick(["no-answer", "busy", "canceled", "failed"]) };
    });
    // Ten real local callers in the same flood: the line is working, it just refuses the rest.
    const legit = Array.from({ length: 10 }, () => ({ from: uniquePhone("415"), sid: callSid() }));
    const tasks = [
      ...calls.map((c) => () => dialStatus(line, c.from, c.status, c.sid)),
      ...legit.map((c) => () => dialStatus(line, c.from, "no-answer", c.sid)),
    ];
    // Interleave the real callers with the flood rather than last in line.
    for (let i = 0; i < legit.length; i++) tasks.splice(100 * i + 50, 0, tasks.pop()!);
    const responses = await inWaves(tasks);
    expect(responses.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);

    // The texted calls' rows are written by the outbox, before it sends.
    await vi.waitFor(() => expect(carrier.requests).toHaveLength(10), { timeout: 10_000 });
    const decisions = await decisionsOf(line.businessId);
    expect(decisions.size).toBe(1010);
    const wrong = calls
      .filter((c) => decisions.get(c.sid) !== `skipped:${c.reason}`)
      .map((c) => `${c.kind} ${JSON.stringify(c.from)}: ${decisions.get(c.sid)} (expected skipped:${c.reason})`);
    expect(wrong).toEqual([]);
    for (const c of legit) expect(decisions.get(c.sid)).toBe("texted:no_answer");

    // Every kind of number was exercised, each with its own reason.
    const byReason = new Map<string, number>();
    for (const c of calls) byReason.set(c.reason, (byReason.get(c.reason) ?? 0) + 1);
    expect([...byReason.keys()].sort()).toEqual(["country_not_allowed", "invalid_number", "premium_rate", "toll_free", "withheld_caller_id"]);

    await vi.waitFor(() => expect(carrier.requests).toHaveLength(10), { timeout: 10_000 });
    await settle(300);
    expect(carrier.requests.map((r) => r.form.get("To")).sort()).toEqual(legit.map((c) => c.from).sort());
    expect(await outboundCount(line.businessId)).toBe(10);
  }, 60_000);

  it("holds dailyCap exactly under 100 concurrent distinct callers: cap 25 → exactly 25 texts", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { dailyCap: 25 } });
    const callers = Array.from({ length: 100 }, () => ({ from: uniquePhone("646"), sid: callSid() }));
    // All 100 at once: the line's reservation, not the request order, must hold the cap.
    const responses = await Promise.all(callers.map((c) => dialStatus(line, c.from, "no-answer", c.sid)));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));

    await vi.waitFor(() => expect(carrier.requests).toHaveLength(25), { timeout: 10_000 });
    await settle(300);
    // Texted calls are recorded by the outbox before it sends; skips by the line at once.
    const decisions = [...(await decisionsOf(line.businessId)).values()];
    expect(decisions).toHaveLength(100);
    expect(decisions.filter((d) => d === "texted:no_answer")).toHaveLength(25);
    expect(decisions.filter((d) => d === "skipped:daily_cap")).toHaveLength(75);

    expect(carrier.requests).toHaveLength(25);
    expect(new Set(carrier.requests.map((r) => r.form.get("To"))).size).toBe(25);
    expect(await outboundCount(line.businessId)).toBe(25);
  }, 30_000);

  it("sends one text for a burst of 30 different CallSids from one caller (cooldown)", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone("718");
    const sids = Array.from({ length: 30 }, () => callSid());
    const responses = await Promise.all(sids.map((sid, i) => dialStatus(line, caller, i % 2 ? "busy" : "no-answer", sid)));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));

    await vi.waitFor(() => expect(carrier.to(caller)).toHaveLength(1), { timeout: 5000 });
    await settle(300);
    const decisions = await decisionsOf(line.businessId);
    const texted = sids.filter((s) => decisions.get(s)?.startsWith("texted:"));
    expect(texted).toHaveLength(1);
    expect(sids.filter((s) => decisions.get(s) === "skipped:cooldown")).toHaveLength(29);

    expect(carrier.requests).toHaveLength(1);
    expect(await outboundCount(line.businessId)).toBe(1);
  }, 20_000);
});
