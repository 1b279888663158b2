/**
 * The report's figures that D1 computes itself: calls grouped by the business's local day
 * (across daylight-saving changes, in zones a quarter hour off UTC) and the median time to text.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { calls, messages, numbers } from "../src/db/schema";
import { buildReport } from "../src/reports/report";
import { createTwilioLine, uniquePhone, type TwilioLine } from "./support/app";
import type { Outcome } from "../src/vocabulary";

async function callsAt(line: TwilioLine, list: [at: number, outcome: Outcome][]) {
  const [number] = await drizzle(env.DB).select({ id: numbers.id }).from(numbers).where(eq(numbers.e164, line.e164));
  const rows = list.map(([at, outcome]): typeof calls.$inferInsert & { id: string } => {
    const sid = `CA${crypto.randomUUID().replace(/-/g, "")}`;
    return {
      id: `c_${sid}`,
      businessId: line.businessId,
      numberId: number!.id,
      carrierCallId: sid,
      fromPhone: uniquePhone(),
      toPhone: line.e164,
      outcome,
      decision: outcome === "answered" ? "skipped:answered" : `texted:${outcome}` as const,
      reason: outcome,
      at,
    };
  });
  await drizzle(env.DB).insert(calls).values(rows);
  return { numberId: number!.id, rows };
}

/** Missed calls at `at`, each texted `seconds` later. */
async function textedCallsAt(line: TwilioLine, list: [at: number, seconds: number][]) {
  const { numberId, rows } = await callsAt(line, list.map(([at]) => [at, "no_answer"]));
  const texts = rows.map((call, i): typeof messages.$inferInsert => ({
    id: `m_${call.carrierCallId}`,
    businessId: line.businessId,
    numberId,
    callId: call.id,
    direction: "outbound",
    kind: "missed_call",
    fromPhone: line.e164,
    toPhone: call.fromPhone,
    body: "Sorry we missed your call!",
    encoding: "GSM-7",
    segments: 1,
    status: "delivered",
    createdAt: call.at + 10,
    sentAt: call.at + list[i]![1] * 1000,
    updatedAt: call.at + 10,
  }));
  await drizzle(env.DB).insert(messages).values(texts);
}

const utc = (iso: string) => Date.parse(`${iso}Z`);

type Day = { date: string; answered: number; missed: number };
type Case = [name: string, zone: string, period: [from: string, to: string], calls: [at: string, outcome: Outcome][], days: Day[]];

const cases: Case[] = [
  [
    "across the autumn change in Chicago (UTC-5, then UTC-6)",
    "America/Chicago",
    ["2026-10-30T00:00", "2026-11-04T00:00"],
    [
      ["2026-11-01T04:59", "no_answer"], // 23:59 CDT, 31 October
      ["2026-11-01T05:30", "answered"], // 00:30 CDT, 1 November
      ["2026-11-01T06:30", "busy"], // 01:30 CDT, the first 1:30
      ["2026-11-01T07:30", "no_answer"], // 01:30 CST, the second
      ["2026-11-02T05:30", "voicemail"], // 23:30 CST, still 1 November
      ["2026-11-02T06:00", "answered"], // 00:00 CST, 2 November
    ],
    [
      { date: "2026-10-29", answered: 0, missed: 0 },
      { date: "2026-10-30", answered: 0, missed: 0 },
      { date: "2026-10-31", answered: 0, missed: 1 },
      { date: "2026-11-01", answered: 1, missed: 3 },
      { date: "2026-11-02", answered: 1, missed: 0 },
      { date: "2026-11-03", answered: 0, missed: 0 },
    ],
  ],
  [
    "across the spring change in Chicago (UTC-6, then UTC-5)",
    "America/Chicago",
    ["2026-03-07T12:00", "2026-03-09T12:00"],
    [
      ["2026-03-08T05:59", "no_answer"], // 23:59 CST, 7 March
      ["2026-03-08T07:59", "busy"], // 01:59 CST, 8 March
      ["2026-03-08T08:00", "answered"], // 03:00 CDT, 8 March
      ["2026-03-09T04:59", "no_answer"], // 23:59 CDT, 8 March
      ["2026-03-09T05:00", "no_answer"], // 00:00 CDT, 9 March
    ],
    [
      { date: "2026-03-07", answered: 0, missed: 1 },
      { date: "2026-03-08", answered: 1, missed: 2 },
      { date: "2026-03-09", answered: 0, missed: 1 },
    ],
  ],
  [
    "at local midnight in a zone 5:45 ahead of UTC",
    "Asia/Kathmandu",
    ["2026-01-10T00:00", "2026-01-11T12:00"],
    [
      ["2026-01-10T18:14", "no_answer"], // 23:59, 10 January
      ["2026-01-10T18:15", "answered"], // 00:00, 11 January
    ],
    [
      { date: "2026-01-10", answered: 0, missed: 1 },
      { date: "2026-01-11", answered: 1, missed: 0 },
    ],
  ],
];

describe("calls per local day", () => {
  it.each(cases)("puts each call in its local day %s", async (_name, zone, [from, to], list, expected) => {
    const line = await createTwilioLine();
    await callsAt(line, list.map(([at, outcome]) => [utc(at), outcome]));
    const { byDay } = await buildReport(env.DB, { businessId: line.businessId, timeZone: zone, defaultJobValueCents: null }, utc(from), utc(to));
    expect(byDay!.map((d) => ({ date: d.date, ...d.calls }))).toEqual(expected);
  });
});

describe("median time to text", () => {
  const day = utc("2026-06-01T12:00");
  const period = [day - 3_600_000, day + 86_400_000] as const;

  it("is the middle delay of an odd count, the mean of the middle two of an even one, null with none", async () => {
    const line = await createTwilioLine();
    expect((await buildReport(env.DB, { businessId: line.businessId, timeZone: "UTC", defaultJobValueCents: null }, ...period)).medianSecondsToText).toBeNull();
    await textedCallsAt(line, [[day, 30], [day + 60_000, 1.5], [day + 120_000, 10]]);
    expect((await buildReport(env.DB, { businessId: line.businessId, timeZone: "UTC", defaultJobValueCents: null }, ...period)).medianSecondsToText).toBe(10);
    await textedCallsAt(line, [[day + 180_000, 600]]);
    expect((await buildReport(env.DB, { businessId: line.businessId, timeZone: "UTC", defaultJobValueCents: null }, ...period)).medianSecondsToText).toBe(20);
  });
});
