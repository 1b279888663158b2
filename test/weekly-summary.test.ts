/**
 * The owner's weekly summary (issue 24): driven by the cron, Monday from 08:00 on the business's
 * clock and never in the owner's quiet hours, once a week, counted as the report counts last week.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runScheduled } from "../src/ops/scheduled";
import { sendWeeklySummaries } from "../src/ops/weekly-summary";
import { api, createTwilioLine, eventually, settle, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const utc = (iso: string) => Date.parse(`${iso}Z`);

/** Last week in Chicago (2-9 March 2026, the spring change in it): 4 missed calls from 3 callers, 1 answered. */
async function lastWeek(line: TwilioLine) {
  const call = (from: string, at: string, outcome: string) => {
    const sid = `CA${crypto.randomUUID().replace(/-/g, "")}`;
    return env.DB.prepare("INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").bind(
      `c_${sid}`, line.businessId, line.numberId, sid, from, line.e164, outcome, outcome === "answered" ? "skipped:answered" : `texted:${outcome}`, outcome, utc(at),
    );
  };
  const lead = (phone: string, at: string, status: string, extra: { texted?: boolean; replied?: boolean; booked?: boolean; wonCents?: number }) =>
    env.DB.prepare(
      `INSERT INTO leads (id, business_id, phone, status, source, won_cents, calls, first_call_at, first_text_at, first_reply_at, booked_at, closed_at, created_at, last_activity_at)
       VALUES (?1, ?2, ?3, ?4, 'no_answer', ?5, 1, ?6, ?7, ?8, ?9, ?10, ?6, ?6)`,
    ).bind(`l_wk_${crypto.randomUUID()}`, line.businessId, phone, status, extra.wonCents ?? null, utc(at), extra.texted ? utc(at) + 2000 : null, extra.replied ? utc(at) + 60_000 : null, extra.booked ? utc(at) + 90_000 : null, status === "won" ? utc(at) + 86_400_000 : null);
  const [a, b, c] = [uniquePhone(), uniquePhone(), uniquePhone()];
  await env.DB.batch([
    call(a, "2026-03-02T06:00", "no_answer"), // Monday 00:00 CST: the first minute of last week
    call(a, "2026-03-02T07:00", "busy"),
    call(b, "2026-03-05T15:00", "no_answer"),
    call(c, "2026-03-09T04:59", "voicemail"), // Sunday 23:59 CDT: its last minute
    call(uniquePhone(), "2026-03-04T15:00", "answered"),
    call(uniquePhone(), "2026-03-09T05:00", "no_answer"), // Monday 00:00 CDT: this week
    lead(a, "2026-03-02T06:00", "won", { texted: true, replied: true, booked: true, wonCents: 1_850_00 }),
    lead(b, "2026-03-05T15:00", "engaged", { texted: true, replied: true }),
    lead(c, "2026-03-09T04:59", "new", {}),
  ]);
}

describe("the weekly summary", () => {
  it("goes once, on Monday inside the owner's quiet-hours window, with last week in plain words", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("773"); // Chicago: quiet hours until 09:00
    const line = await createTwilioLine({ notifyPhone: owner, name: "Weekly Plumbing" });
    await lastWeek(line);
    const summaries = () => carrier.to(owner).map((r) => r.form.get("Body") ?? "").filter((b) => b.includes("Last week:"));

    for (const at of ["2026-03-08T20:00", "2026-03-09T12:59", "2026-03-09T13:30"]) await sendWeeklySummaries(env, utc(at)); // Sunday; Monday 07:59 and 08:30 CDT
    await settle(150);
    expect(summaries()).toEqual([]);

    // Monday 09:00 CDT, through the cron handler, twice over, and ten minutes later.
    await Promise.all([runScheduled(env, utc("2026-03-09T14:00")), runScheduled(env, utc("2026-03-09T14:00"))]);
    await sendWeeklySummaries(env, utc("2026-03-09T14:10"));
    await eventually(async () => summaries().length === 1);
    await settle(150);
    expect(summaries()).toEqual(["Textback for Weekly Plumbing. Last week: 4 missed calls, 2 texted, 2 replied, 1 booked, $1,850 won."]);
  });

  it("goes at 08:00 on the business's clock when the owner's phone is in a zone already awake, and not when turned off", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("212"); // New York
    const line = await createTwilioLine({ notifyPhone: owner });
    await lastWeek(line);
    expect((await api("PATCH", `/businesses/${line.businessId}`, { timezone: "America/Los_Angeles" })).status).toBe(200);
    const mine = () => carrier.to(owner).filter((r) => r.form.get("Body")?.includes("Last week:"));
    await sendWeeklySummaries(env, utc("2026-03-09T14:59")); // 07:59 PDT
    await settle(100);
    expect(mine()).toHaveLength(0);
    await sendWeeklySummaries(env, utc("2026-03-09T15:00")); // 08:00 PDT, 11:00 EDT
    await eventually(async () => mine().length === 1);

    const offOwner = uniquePhone("212");
    const off = await createTwilioLine({ notifyPhone: offOwner, settings: { weeklySummary: false } });
    await lastWeek(off);
    await sendWeeklySummaries(env, utc("2026-03-09T15:00"));
    await settle(150);
    expect(carrier.to(offOwner)).toHaveLength(0);
  });
});
