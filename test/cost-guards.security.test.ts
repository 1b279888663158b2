/**
 * Every outbound path passes the same cost guards (issue 20, item 3). Caller ID and a texter's
 * number are whatever an attacker makes them, and the owner's "+1… message" syntax texts any number
 * typed: a HELP answer, a relay or an owner's text must cost no more than a text-back may. One
 * table, many paths: each row is a path that used to text where it must not, and what happens now.
 * The outbox refuses at send time (status `suppressed`, the guard's code and its words), so no path
 * can skip it; the admin API, the admin page's reply box and the owner's SMS hear why at once.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { countSegments } from "../src/rules/encoding";
import { explainRefusal, RECIPIENT_HOURLY_LIMIT } from "../src/rules/outbound-guard";
import { businessSettingsSchema } from "../src/settings";
import type { MessageKind, OutboundRefusal } from "../src/vocabulary";
import { newSession, post } from "./support/admin-session";
import { api, apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

const UK = "+447400123456";
const NIGERIA = "+2348031234567";
const PREMIUM = "+19002345678";
const JAMAICA = "+18762345678";
const TOLL_FREE = "+18002345678";
/** 1,600 characters outside GSM-7: 24 segments when relayed whole. */
const LONG_REPLY = `Se está saliendo el agua ${"ó".repeat(1600)}`.slice(0, 1600);

type Then =
  /** The text's row is suppressed with this code (after `after` of its kind were sent), and the carrier got nothing more. */
  | { refused: OutboundRefusal; kind: MessageKind; after?: number }
  /** Refused before it was queued: this answer, and no row or text for the number. */
  | { answered: number; saying: RegExp }
  /** The owner's text to that number is not sent, and the owner is told why. */
  | { ownerTold: RegExp }
  /** Each relay to the owner is cut to this many segments. */
  | { relaysAtMost: number; relays: number }
  /** Sent: the guard lets it through (the business's own people are texted wherever they are). */
  | { sent: MessageKind };

interface Case {
  path: string;
  settings?: Record<string, unknown>;
  /** Takes the path; returns the number the row is about, and the answer when the path answers. */
  act: (s: MissedCaller) => Promise<{ to: string; res?: Response }>;
  then: Then;
}

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

interface Row {
  kind: MessageKind;
  status: string;
  error_code: string | null;
  error_message: string | null;
  body: string;
}

async function rowsTo(line: TwilioLine, to: string): Promise<Row[]> {
  const { results } = await env.DB.prepare(
    "SELECT kind, status, error_code, error_message, body FROM messages WHERE business_id = ? AND to_phone = ? AND direction = 'outbound' ORDER BY created_at, id",
  )
    .bind(line.businessId, to)
    .all<Row>();
  return results;
}

const OPEN = new Set(["queued", "retrying", "sending", "scheduled"]);
/** The rows of `kind` to `to` once `n` of them are settled (sent, suppressed…). */
const settled = (line: TwilioLine, to: string, kind: MessageKind, n: number) =>
  eventually(async () => {
    const rows = (await rowsTo(line, to)).filter((r) => r.kind === kind && !OPEN.has(r.status));
    return rows.length >= n ? rows : undefined;
  });

/** A caller texting a keyword `times` times, each answer settled before the next text. */
async function keywordTimes(s: MissedCaller, from: string, keyword: string, kind: MessageKind, times: number) {
  for (let i = 1; i <= times; i++) {
    await text(s.line, from, keyword);
    await settled(s.line, from, kind, i);
  }
  return { to: from };
}

const ownerTexts = (body: (s: MissedCaller) => string, to: (s: MissedCaller) => string) => async (s: MissedCaller) => {
  await text(s.line, s.owner, body(s));
  return { to: to(s) };
};
const ownerRelaysTo = (number: string) => ownerTexts(() => `${number} We can be there at 4`, () => number);

const CASES: Case[] = [
  { path: "HELP answer to a UK number", act: async (s) => (await text(s.line, UK, "HELP"), { to: UK }), then: { refused: "country_not_allowed", kind: "help" } },
  { path: "STOP confirmation to a Nigerian number", act: async (s) => (await text(s.line, NIGERIA, "STOP"), { to: NIGERIA }), then: { refused: "country_not_allowed", kind: "opt_out" } },
  {
    path: "START confirmation to a UK number",
    act: async (s) => {
      await text(s.line, UK, "STOP");
      await settled(s.line, UK, "opt_out", 1);
      await text(s.line, UK, "START");
      return { to: UK };
    },
    then: { refused: "country_not_allowed", kind: "opt_in" },
  },
  { path: "the owner's relay-by-number to a premium-rate number", act: ownerRelaysTo(PREMIUM), then: { ownerTold: /not sent to \(900\) 234-5678: the number is premium-rate or shared-cost/ } },
  { path: "the owner's relay-by-number to Jamaica (+1 876)", act: ownerRelaysTo(JAMAICA), then: { ownerTold: /not sent to \(876\) 234-5678: the number's country is not one of the business's allowed countries/ } },
  { path: "the owner's relay-by-number to a toll-free number", act: ownerRelaysTo(TOLL_FREE), then: { ownerTold: /not sent to \(800\) 234-5678: the number is toll-free/ } },
  {
    path: "the owner's relay-by-number to the business's own number",
    act: ownerTexts((s) => `${s.line.e164} testing`, (s) => s.line.e164),
    then: { ownerTold: /the number is one of the business's own numbers/ },
  },
  {
    path: "relays to the owner of five 1,600-character replies",
    act: async (s) => {
      for (let i = 0; i < 5; i++) await text(s.line, s.caller, LONG_REPLY);
      return { to: s.owner };
    },
    then: { relaysAtMost: 3, relays: 5 },
  },
  {
    path: "a relay to an owner's phone abroad (configured by the admin)",
    act: async (s) => {
      await apiJson("PATCH", `/businesses/${s.line.businessId}`, { notifyPhone: UK });
      await text(s.line, s.caller, "Is Tuesday ok?");
      return { to: UK };
    },
    then: { sent: "relay" },
  },
  {
    path: "a relay to a premium-rate notifyPhone",
    act: async (s) => {
      await apiJson("PATCH", `/businesses/${s.line.businessId}`, { notifyPhone: PREMIUM });
      await text(s.line, s.caller, "Is Tuesday ok?");
      return { to: PREMIUM };
    },
    then: { refused: "premium_rate", kind: "relay" },
  },
  {
    path: "the admin API to a premium-rate number",
    act: async (s) => ({ to: PREMIUM, res: await api("POST", `/businesses/${s.line.businessId}/messages`, { to: PREMIUM, body: "Hello" }) }),
    then: { answered: 400, saying: /^to: \+19002345678 is not texted: the number is premium-rate or shared-cost$/ },
  },
  {
    path: "the admin API to a UK number",
    act: async (s) => ({ to: UK, res: await api("POST", `/businesses/${s.line.businessId}/messages`, { to: UK, body: "Hello" }) }),
    then: { answered: 400, saying: /^to: \+447400123456 is not texted: the number's country is not one of the business's allowed countries$/ },
  },
  {
    path: "the admin page's reply box to a premium-rate number",
    act: async (s) => {
      const session = await newSession();
      return { to: PREMIUM, res: await post(session, `/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(PREMIUM)}/reply`, { body: "Hello" }) };
    },
    then: { answered: 400, saying: /to: \+19002345678 is not texted: the number is premium-rate or shared-cost/ },
  },
  {
    path: "a dead letter to a premium-rate number, retried (queued before the guard existed)",
    act: async (s) => {
      const id = await deadLetter(s.line, PREMIUM);
      expect((await api("POST", `/messages/${id}/retry`)).status).toBe(202);
      return { to: PREMIUM };
    },
    then: { refused: "premium_rate", kind: "help" },
  },
  {
    path: `HELP answers past ${RECIPIENT_HOURLY_LIMIT} in an hour to one caller`,
    act: (s) => keywordTimes(s, s.caller, "HELP", "help", RECIPIENT_HOURLY_LIMIT + 2),
    then: { refused: "recipient_hourly_limit", kind: "help", after: RECIPIENT_HOURLY_LIMIT },
  },
  {
    path: "the business's daily cap across kinds: text-back, relay, the owner's answer, then the owner's next answer to the caller",
    settings: { dailyTextCap: 3 },
    act: async (s) => {
      await text(s.line, s.caller, "Is Tuesday ok?");
      await eventually(async () => s.carrier.to(s.owner).length === 1);
      await text(s.line, s.owner, "Tuesday works");
      await eventually(async () => s.carrier.to(s.caller).length === 2);
      await settled(s.line, s.caller, "manual", 1);
      await text(s.line, s.owner, "See you at 4");
      return { to: s.caller };
    },
    then: { refused: "business_daily_cap", kind: "manual", after: 1 },
  },
  {
    path: "a relay to the owner past the daily cap (the business's own people are texted; the cap bounds texts to callers)",
    settings: { dailyTextCap: 1 },
    act: async (s) => {
      await text(s.line, s.caller, "Is Tuesday ok?");
      return { to: s.owner };
    },
    then: { sent: "relay" },
  },
  {
    path: "a STOP's confirmation past the daily cap (carriers require it)",
    settings: { dailyTextCap: 1 },
    act: async (s) => {
      await text(s.line, s.caller, "STOP");
      return { to: s.caller };
    },
    then: { sent: "opt_out" },
  },
  {
    path: "the admin API at the business's daily cap",
    settings: { dailyTextCap: 1 },
    act: async (s) => ({ to: s.caller, res: await api("POST", `/businesses/${s.line.businessId}/messages`, { to: s.caller, body: "Hello" }) }),
    then: { answered: 409, saying: /^Not sent: the business reached its daily cap of 1 text in 24 hours \(dailyTextCap\)$/ },
  },
];

/** A text queued before this guard existed, dead after its retries (kind `help`, to `to`). */
async function deadLetter(line: TwilioLine, to: string): Promise<string> {
  const { numbers } = await apiJson("GET", `/businesses/${line.businessId}`);
  const id = `m_dead_${crypto.randomUUID().slice(0, 12)}`;
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO messages (id, business_id, number_id, direction, kind, from_phone, to_phone, body, encoding, segments, status, error_code, attempts, created_at, updated_at)
     VALUES (?, ?, ?, 'outbound', 'help', ?, ?, 'Acme Plumbing: reply STOP to opt out.', 'GSM-7', 1, 'dead', '20503', 7, ?, ?)`,
  )
    .bind(id, line.businessId, numbers[0].id, line.e164, to, now, now)
    .run();
  return id;
}

async function expectOutcome(s: MissedCaller, to: string, res: Response | undefined, then: Then, settings: Record<string, unknown>) {
  const sentTo = () => s.carrier.to(to).length;
  if ("refused" in then) {
    const rows = await settled(s.line, to, then.kind, (then.after ?? 0) + 1);
    const ofKind = rows.map((r) => [r.status, r.error_code, r.error_message]);
    const refused = [then.refused, explainRefusal(then.refused, businessSettingsSchema.parse(settings))];
    expect(ofKind).toEqual([...Array.from({ length: then.after ?? 0 }, () => ["sent", null, null]), ...ofKind.slice(then.after ?? 0).map(() => ["suppressed", ...refused])]);
    await settle(150);
    expect(sentTo()).toBe((await rowsTo(s.line, to)).filter((r) => r.status === "sent").length);
  } else if ("answered" in then) {
    expect(res?.status).toBe(then.answered);
    const answer = res!.headers.get("content-type")?.includes("json") ? ((await res!.json()) as { error: string }).error : await res!.text();
    expect(answer).toMatch(then.saying);
    await settle(150);
    expect((await rowsTo(s.line, to)).filter((r) => r.kind === "manual")).toEqual([]);
    expect(sentTo()).toBe((await rowsTo(s.line, to)).filter((r) => r.status === "sent").length);
  } else if ("ownerTold" in then) {
    const told = await eventually(async () => s.carrier.to(s.owner).find((r) => then.ownerTold.test(r.form.get("Body") ?? "")));
    expect(told.form.get("Body")).toMatch(/^Textback: not sent to /);
    await settle(150);
    expect(sentTo()).toBe(0);
    expect(await rowsTo(s.line, to)).toEqual([]);
  } else if ("relaysAtMost" in then) {
    const relays = await eventually(async () => s.carrier.to(to).length >= then.relays && s.carrier.to(to));
    for (const r of relays) expect(countSegments(r.form.get("Body") ?? "").segments).toBeLessThanOrEqual(then.relaysAtMost);
    // Cut where the caller's words run long; the day's first relay keeps its reminder of the shortcuts.
    expect(relays.map((r) => (r.form.get("Body") ?? "").includes("ó\u2026"))).toEqual(relays.map(() => true));
    expect(relays[0]!.form.get("Body")).toMatch(/\u2026\nReply to answer them\. W 450 when won/);
  } else {
    const ofKind = async () => (await rowsTo(s.line, to)).filter((r) => r.kind === then.sent).map((r) => r.status);
    await eventually(async () => (await ofKind()).join() === "sent");
    expect(await ofKind()).toEqual(["sent"]);
  }
}

describe("every outbound path passes the same cost guards", () => {
  it.each(CASES)("$path", async ({ settings, act, then }) => {
    const s = await missedCaller({ settings: settings ?? {} });
    const { to, res } = await act(s);
    await expectOutcome(s, to, res, then, settings ?? {});
  }, 30_000);
});
