/**
 * The new-user trial's night (support/night-fixture.ts) read back by its owner the next morning:
 * every figure on the dashboard, worked out by hand, agrees with every other, with the API's report
 * and with the CSV. Then a spammer who was texted, wrote back and was blocked by the owner's BLOCK.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, apiJson, createTwilioLine, uniquePhone } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { missedCall, nightCarrier, outboxSettled, seedNightFixture, textIn, type NightFixture } from "./support/night-fixture";

let night: NightFixture;
let html: string;

beforeAll(async () => {
  night = await seedNightFixture();
  vi.restoreAllMocks();
  html = await (await get(await newSession(), `/admin/businesses/${night.line.businessId}?days=30`)).text();
}, 60_000);

afterEach(() => vi.restoreAllMocks());

/** The dashboard's figure boxes by key, as the owner reads them. */
function shownFigures(page: string): Record<string, string> {
  return Object.fromEntries(
    [...page.matchAll(/<div data-figure="([\w.]+)"[^>]*><dt>[^<]*<\/dt><dd>([\s\S]*?)<\/dd><\/div>/g)].map(([, key, value]) => [key, value!.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim()]),
  );
}

const section = (page: string, id: string) => {
  const start = page.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(0);
  return page.slice(start, page.indexOf("</figure>", start));
};

/**
 * By hand. Calls: 7 missed, 7 people. The spammer is blocked, so 6 could be customers. Texted back:
 * the 4 whose text-back went out (not the VIP, the landline or the spammer). Replied: those 4 (the
 * VIP wrote in but was never texted). Recovery: 4 of 6. Leads: one per caller but the spammer (a
 * blocked number opens none): 6, 4 texted, 4 replied, 1 won. Money: won $450; open, at the default
 * $300 each: the two who replied and are still open, the VIP and the landline, $1,200; lost on
 * price: the $1,900 quote.
 */
const EXPECTED = {
  calls: { total: 7, answered: 0, missed: 7 },
  callers: { total: 7, missed: 7, recoverable: 6, textedBack: 4, delivered: 0, replied: 4 },
  replies: 4,
  optOuts: 0,
  recoveryRate: 4 / 6,
  funnel: { missed: 6, texted: 4, engaged: 4, qualified: 0, booked: 0, won: 1, rates: { texted: 4 / 6, engaged: 4 / 6, won: 1 / 6 } },
  revenue: { estimatedCents: 4 * 300_00, wonCents: 450_00 },
  lost: {
    count: 1,
    valueCents: 1_900_00,
    byReason: {
      price: { count: 1, valueCents: 1_900_00 },
      out_of_area: { count: 0, valueCents: 0 },
      no_response: { count: 0, valueCents: 0 },
      other: { count: 0, valueCents: 0 },
      blocked: { count: 0, valueCents: 0 },
      none: { count: 0, valueCents: 0 },
    },
  },
};

describe("the trial's night, the morning after", () => {
  it("the API's report counts the night as worked out by hand", async () => {
    const report = await apiJson("GET", `/businesses/${night.line.businessId}/report`);
    expect(report).toMatchObject(EXPECTED);
  });

  it("Last 30 days: the boxes agree with each other and with the report", () => {
    expect(shownFigures(html)).toMatchObject({
      "calls.total": "7",
      "calls.missed": "7",
      "callers.missed": "7",
      "callers.recoverable": "6",
      "callers.textedBack": "4 (67%)",
      "callers.replied": "4 (67%)",
      recoveryRate: "67%",
      replies: "4",
      optOuts: "0",
      "texts.sentByKind.textBacks": "4",
      "texts.failed": "1",
      "lost.count": "1 ($1,900.00)",
      "week.wonCents": "$450.00 last week $0.00",
      "week.estimatedCents": "$1,200.00 last week $0.00",
    });
    // The recovery rate is said to leave blocked callers and staff out.
    expect(html).toContain("Blocked callers and your own staff (contacts tagged blocked or internal, when they called or since");
  });

  it("Replied is the same 4 in the figures, the recovery funnel and the week's chart, and each funnel step is part of the one before", () => {
    expect(html).toContain("Recovery funnel: 7 missed callers, 6 could be customers, 4 texted back, 0 delivered, 4 replied");
    const week = section(html, "week-funnel");
    expect(week).toMatch(/<title id="week-funnel-title">This week: 6 missed, 4 texted, 4 replied; then 0 qualified, 0 booked, 1 won\./);
    // The steps after Replied are not drawn as a funnel: a lead can be booked or won without a reply.
    expect(week).toContain("not a funnel");
    const steps = [...week.matchAll(/<text class="value"[^>]*>(\d+)/g)].map((m) => Number(m[1]));
    expect(steps.slice(0, 3)).toEqual([6, 4, 4]);
    for (let i = 1; i < 3; i++) expect(steps[i]).toBeLessThanOrEqual(steps[i - 1]!);
  });

  it("shows the lost lead and why: price, $1,900", () => {
    const lost = section(html, "lost-leads");
    expect(lost.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ")).toMatch(/Price 1 \$1,900\.00/);
    expect(lost).not.toMatch(/Out of area/);
  });

  it("the calls chart's y-axis counts in whole steps: 0, 2, 4, 6, 8 for a night of 7", () => {
    const chart = section(html, "daily-calls");
    const ticks = [...chart.matchAll(/<text class="axis"[^>]*text-anchor="end"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(ticks).toEqual([0, 2, 4, 6, 8]);
  });

  it("report.csv carries the new figures with their definitions", async () => {
    const csv = await (await api("GET", `/businesses/${night.line.businessId}/report.csv`)).text();
    const values = Object.fromEntries(csv.trim().split("\r\n").map((line) => line.split(",")).map(([key, , value]) => [key, value]));
    expect(values).toMatchObject({
      "callers.recoverable": "6",
      recoveryRate: String(4 / 6),
      "funnel.engaged": "4",
      "lost.count": "1",
      "lost.valueCents": "190000",
      "lost.byReason.price.count": "1",
      "lost.byReason.price.valueCents": "190000",
      "lost.byReason.blocked.count": "0",
    });
  });
});

describe("a spammer the owner blocked after they wrote back", () => {
  it("is not a recoverable caller nor recovered, and their lead is lost as blocked", async () => {
    const owner = uniquePhone("312");
    const line = await createTwilioLine({ notifyPhone: owner, settings: { defaultJobValueCents: 100_00 } });
    const [spammer, customer] = [uniquePhone(), uniquePhone()];
    nightCarrier(null);
    await missedCall(line, spammer);
    await missedCall(line, customer);
    await outboxSettled(line, 2);
    await textIn(line, spammer, "Lower your electric bill today, reply YES");
    await textIn(line, customer, "Can you look at my heat pump?");
    await outboxSettled(line, 4);
    await textIn(line, owner, `${spammer} BLOCK`);
    await outboxSettled(line, 5);
    const report = await apiJson("GET", `/businesses/${line.businessId}/report`);
    expect(report.callers).toMatchObject({ missed: 2, recoverable: 1, textedBack: 1, replied: 1 });
    expect(report.recoveryRate).toBe(1);
    expect(report.lost).toMatchObject({ count: 1, valueCents: 100_00, byReason: { blocked: { count: 1, valueCents: 100_00 } } });
  });
});
