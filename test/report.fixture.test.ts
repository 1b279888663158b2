/**
 * The report's acceptance: a month with a known answer for every figure (support/report-fixture.ts),
 * read back exactly the same from the API, the dashboard and the CSV.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, apiJson } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { seedReportFixture, type ReportFixture } from "./support/report-fixture";

let fixture: ReportFixture;

beforeAll(async () => {
  fixture = await seedReportFixture();
  vi.restoreAllMocks();
}, 60_000);

afterEach(() => vi.restoreAllMocks());

/**
 * 12 calls from 10 people: 8 missed once, one missed twice (the second in cooldown), one missed and
 * then answered on a callback, one only answered, and one missed just now (its text still held).
 */
const EXPECTED = {
  calls: { total: 12, answered: 2, missed: 10 },
  // Texted back: the 4 whose text went out; not the 2 canceled, the landline, the one that ran out of
  // retries or the one still held. Replied: the caller who wrote once and the one who wrote twice.
  callers: { total: 10, missed: 9, textedBack: 4, delivered: 2, replied: 2 },
  texts: {
    sent: 17,
    delivered: 2,
    failed: 2,
    queued: 0,
    scheduled: 1,
    // The 2 text-backs canceled, and 2 of the owner's texts the flood guard folded into a digest.
    canceled: 4,
    // Confirmations: HELP, two STOPs (the second STOP gets none), START. To the business: 5 relays
    // (3 replies, the text that came before its text-back, the stranger's), the two opt-outs and the
    // opt-in told to the owner, the landline's call-back alert, and "sent to" for the owner's first
    // answer: 10 within minutes, so after the first 5 informational ones the owner's phone gets the
    // rest in one digest at the window's end (still held: not in the month's texts yet), but never
    // what an urgent caller sends: 8 sent. By a person: the owner's answer.
    sentByKind: { textBacks: 4, followUps: 0, confirmations: 4, answers: 0, toBusiness: 8, manual: 1, other: 0 },
  },
  // Once + twice; not HELP/STOP/START, the owner's answer, the text before the text-back or the stranger's.
  replies: 3,
  // The one who sent STOP twice; not the one who sent START after STOP.
  optOuts: 1,
  recoveryRate: 2 / 9,
  medianSecondsToText: 0.04,
};

describe("the report of a month with a known answer for every figure", () => {
  it("GET /api/businesses/:id/report answers each figure exactly", async () => {
    const report = await apiJson("GET", `/businesses/${fixture.line.businessId}/report`);
    expect(report).toMatchObject({ from: expect.any(String), to: expect.any(String), ...EXPECTED });
    // The leads of the same month agree with the callers: one lead per missed caller, texted where their text-back went out.
    expect(report.funnel).toMatchObject({ missed: EXPECTED.callers.missed, texted: EXPECTED.callers.textedBack });
  });

  it("the dashboard shows the same figures, in words, with sub-second times in ms", async () => {
    const session = await newSession();
    const html = await (await get(session, `/admin/businesses/${fixture.line.businessId}?days=30`)).text();
    const shown = Object.fromEntries(
      [...html.matchAll(/<div data-figure="([\w.]+)"><dt>[^<]*<\/dt><dd>([\s\S]*?)<\/dd><\/div>/g)].map(([, key, value]) => [key, value!.replace(/<[^>]+>/g, "").trim()]),
    );
    // The owner's answer to the caller who wrote once is the month's one human reply.
    expect(shown.medianSecondsToFirstHumanReply).toMatch(/^\d+ (ms|s|min|h)\b/);
    expect(shown).toMatchObject({
      "calls.total": "12",
      "calls.missed": "10",
      "callers.missed": "9",
      "callers.textedBack": "4 (44%)",
      "callers.replied": "2 (22%)",
      recoveryRate: "22%",
      replies: "3",
      optOuts: "1",
      "texts.sentByKind.textBacks": "4",
      "texts.sent": "17",
      "texts.failed": "2",
      medianSecondsToText: "40 ms",
    });
    expect(html).toContain("Recovery funnel: 9 missed callers, 9 could be customers, 4 texted back, 2 delivered, 2 replied");
    // Each figure is defined in words on the page.
    expect(html).toContain("Keywords (STOP, START, HELP and the like) are not replies");
  });

  it("GET /api/businesses/:id/report.csv has the same figures", async () => {
    const res = await api("GET", `/businesses/${fixture.line.businessId}/report.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = (await res.text()).trim().split("\r\n").map((line) => line.split(","));
    expect(rows[0]).toEqual(["figure", "label", "value", "definition"]);
    const values = Object.fromEntries(rows.slice(1).map(([key, , value]) => [key, value]));
    const flat = (o: object, prefix = ""): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === "object" ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]]));
    expect(values).toMatchObject(Object.fromEntries(flat(EXPECTED)));
  });
});
