/**
 * The calls list and the conversation say what finally happened to each missed call's text, from
 * the text's final status: never "Texted" when nothing was sent, never a raw code.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson } from "./support/app";
import { get, newSession, type Session } from "./support/admin-session";
import { seedReportFixture, type ReportFixture } from "./support/report-fixture";

let fixture: ReportFixture;
let session: Session;

beforeAll(async () => {
  fixture = await seedReportFixture();
  vi.restoreAllMocks();
  session = await newSession();
}, 60_000);

afterEach(() => vi.restoreAllMocks());

/** Each caller's calls in words, newest first. */
const EXPECTED: [caller: keyof ReportFixture["callers"], words: string[]][] = [
  ["replyOnce", ["Texted: no answer (delivered)"]],
  ["replyTwice", ["Not texted: the caller was texted recently and called again: the owner is alerted once their text has gone out, at most once every 10 minutes", "Texted: no answer"]],
  ["textedFirst", ["Not texted: they texted first"]],
  ["answeredCallback", ["Not texted: the call was answered", "Not texted: they called back and were answered"]],
  ["landline", ["Text failed: the number cannot receive texts (not a mobile number)"]],
  ["carrierDown", ["Text failed: gave up after 7 tries: the carrier had an internal error"]],
  ["stillScheduled", ["Text scheduled: no answer"]],
];

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/\s+/g, " ");

describe("what finally happened to a missed call's text", () => {
  it("GET /api/businesses/:id/calls explains each call from its text-back's final status", async () => {
    const { calls } = await apiJson<{ calls: { from: string; decision: string; explanation: string; text: unknown }[] }>("GET", `/businesses/${fixture.line.businessId}/calls`);
    for (const [who, words] of EXPECTED) {
      const phone = fixture.callers[who];
      expect(calls.filter((c) => c.from === phone).map((c) => c.explanation), who).toEqual(words);
    }
    const canceled = calls.find((c) => c.from === fixture.callers.answeredCallback && c.decision === "texted:no_answer");
    expect(canceled?.text).toEqual({ id: expect.any(String), status: "canceled", errorCode: "answered_callback" });
  });

  it("the calls page says the same", async () => {
    const page = text(await (await get(session, `/admin/businesses/${fixture.line.businessId}/calls`)).text());
    for (const [, words] of EXPECTED) for (const w of words) expect(page).toContain(w);
    // "Texted" only for the four text-backs the carrier took.
    expect(page.match(/Texted:/g)).toHaveLength(4);
  });

  it.each([
    ["answeredCallback", "Not sent: they called back and were answered"],
    ["textedFirst", "Not sent: they texted first"],
    ["landline", "Failed: the number cannot receive texts (not a mobile number)"],
    ["carrierDown", "Failed: gave up after 7 tries: the carrier had an internal error"],
  ] as const)("the conversation with %s says what happened to the text in words", async (who, words) => {
    const phone = fixture.callers[who];
    const page = text(await (await get(session, `/admin/businesses/${fixture.line.businessId}/conversations/${encodeURIComponent(phone)}`)).text());
    expect(page).toContain(words);
    expect(page).not.toMatch(/answered_callback|\bcanceled\b|\bdead\b|21614|20500/);
    expect(page).not.toContain("Texted:");
  });
});
