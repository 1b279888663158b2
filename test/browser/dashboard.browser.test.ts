/**
 * The dashboard's week in a real browser (Debian's Chromium through playwright-core) against the real
 * worker under `wrangler dev`, at desktop size and at 390 px: missed calls through the simulator,
 * replies, one job won and one lost, then the funnel against last week, won and pipeline side by
 * side, and the times to text and to a person's reply.
 */
import { describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE, logInAsOwner } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const NUMBER = "+15122345698";

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async ({ admin }) => {
    const business = await admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago", forwardTo: "+13122345678", preset: "home_services" });
    await admin("POST", `/businesses/${business.id}/numbers`, { e164: NUMBER, carrier: "twilio", credentials: ACCOUNT, mode: "forward" });
    return { businessId: business.id };
  },
});

type Lead = { id: string; phone: string };

describe("the dashboard's week in Chromium", () => {
  it("draws this week's funnel against last week, won beside the pipeline, at desktop size and on a phone", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const { businessId } = suite.fixture;
    const url = w.url;
    const callers = [randomUsNumber(), randomUsNumber(), randomUsNumber(), randomUsNumber()];
    for (const caller of callers) await w.sim.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    const textsTo = (phone: string) => w.sim.messages.filter((m) => m.to === phone);
    await eventually(() => callers.every((c) => textsTo(c).length === 1), "four text-backs");
    // Two reply; the first names a job the preset values at $1,800.
    await w.sim.sendSms({ from: callers[0]!, to: NUMBER, body: "Our water heater is leaking" });
    await w.sim.sendSms({ from: callers[1]!, to: NUMBER, body: "Need a drain cleared" });
    await eventually(() => textsTo(callers[0]!).length === 2 && textsTo(callers[1]!).length === 2, "the next questions");
    const { leads } = await w.admin<{ leads: Lead[] }>("GET", `/businesses/${businessId}/leads`);
    const leadOf = (phone: string) => leads.find((l) => l.phone === phone)!;
    await w.admin("PATCH", `/leads/${leadOf(callers[1]!).id}`, { status: "won", wonCents: 185_000 });
    await w.admin("PATCH", `/leads/${leadOf(callers[3]!).id}`, { status: "lost", lostReason: "price" });

    await logInAsOwner(page, url, w.adminToken);
    await page.goto(`${url}/admin/businesses/${businessId}`);

    const funnel = page.locator("#week-funnel");
    expect(await funnel.getByRole("img").getAttribute("aria-labelledby")).toBe("week-funnel-title");
    expect(await page.locator("#week-funnel-title").textContent()).toMatch(/^This week: 4 missed, 4 texted, 2 replied; then 0 qualified, 0 booked, 1 won\. Last week: 0 missed/);
    // The bars grow with the counts: missed is the widest, won the narrowest that is not empty.
    const widths = await funnel.locator("rect.week-this").evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width"))));
    expect(widths[0]).toBeGreaterThan(widths[2]!);
    expect(widths[2]).toBeGreaterThan(widths[5]!);
    expect(widths[5]).toBeGreaterThan(0);
    const money = async (key: string) => (await page.locator(`[data-figure="${key}"] dd`).textContent())?.trim();
    expect(await money("week.wonCents")).toMatch(/^\$1,850\.00/);
    // Open: the water heater ($1,800), and the caller who said nothing (the $400 default); the drain was won.
    expect(await money("week.estimatedCents")).toMatch(/^\$2,200\.00/);
    // "Leaking" is one of the preset's urgent words, and nobody has taken that page.
    expect(await money("urgentWaiting")).toMatch(/^1 nobody has taken the page/);
    expect(await page.locator('[data-figure="medianSecondsToText"] dd').textContent()).toMatch(/\d/);
    // The lead lost on price, at the default job value: the reason, the lead and its worth.
    expect(await page.locator("#lost-leads tbody tr").first().textContent()).toBe("Price1$400.00");
    await shot("dashboard-week");

    await page.setViewportSize(PHONE);
    await page.reload();
    await noWiderThan(PHONE.width);
    // Readable on a phone: the chart's labels are drawn at 12px or more.
    const labelPx = await funnel.locator("text.label").first().evaluate((t) => t.getBoundingClientRect().height);
    expect(labelPx).toBeGreaterThanOrEqual(12);
    await funnel.getByText("Numbers").click();
    expect(await funnel.getByRole("table").locator("tbody tr").first().textContent()).toBe("Missed40");
    await shot("dashboard-week-phone");
    await page.setViewportSize(DESKTOP);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});

describe("the dashboard's money on a phone", () => {
  it("fits six-figure amounts in their cards at 390 px: they shrink, never clip", async () => {
    const { w, page, shot, noWiderThan } = suite;
    // A roofer after a hail storm: a whole roof is worth $222,900 of pipeline, and $20,550 was won.
    const business = await w.admin<{ id: string }>("POST", "/businesses", {
      name: "Summit Roofing",
      timezone: "America/Chicago",
      preset: "home_services",
      settings: { jobValues: { "new roof": 22_290_000 } },
    });
    const number = "+15122345697";
    await w.admin("POST", `/businesses/${business.id}/numbers`, { e164: number, carrier: "twilio", credentials: ACCOUNT, mode: "forward" });
    const [roof, repair] = [randomUsNumber(), randomUsNumber()];
    for (const caller of [roof, repair]) await w.sim.placeCall({ from: caller, to: number, outcome: "no-answer" });
    await eventually(() => [roof, repair].every((c) => w.sim.messages.some((m) => m.to === c)), "two text-backs");
    await w.sim.sendSms({ from: roof, to: number, body: "We need a new roof after the hail" });
    await eventually(() => w.sim.messages.filter((m) => m.to === roof).length === 2, "the next question");
    const { leads } = await w.admin<{ leads: Lead[] }>("GET", `/businesses/${business.id}/leads`);
    await w.admin("PATCH", `/leads/${leads.find((l) => l.phone === repair)!.id}`, { status: "won", wonCents: 2_055_000 });

    await page.goto(`${w.url}/admin`);
    if (new URL(page.url()).pathname.startsWith("/admin/login")) await logInAsOwner(page, w.url, w.adminToken);
    await page.setViewportSize(PHONE);
    await page.goto(`${w.url}/admin/businesses/${business.id}`);
    const money = (key: string) => page.locator(`[data-figure="${key}"] dd`);
    expect((await money("week.wonCents").textContent())?.trim()).toMatch(/^\$20,550\.00/);
    expect((await money("week.estimatedCents").textContent())?.trim()).toMatch(/^\$222,900\.00/);
    await noWiderThan(PHONE.width);
    // Each amount (its first line of text) ends inside its card's box, and nothing in the card scrolls.
    const fits = await page.locator(".stats.money > div").evaluateAll((cards) =>
      cards.map((card) => {
        const dd = card.querySelector("dd")!;
        const range = document.createRange();
        range.selectNodeContents(dd.firstChild!);
        const text = range.getBoundingClientRect();
        const box = card.getBoundingClientRect();
        return { figure: (card as HTMLElement).dataset.figure, inside: text.left >= box.left && text.right <= box.right - 1, scrolls: dd.scrollWidth > dd.clientWidth || card.scrollWidth > card.clientWidth };
      }),
    );
    for (const f of fits) expect(f, f.figure).toMatchObject({ inside: true, scrolls: false });
    // Still a figure to read at a glance: no smaller than the label above it.
    const [amountPx, labelPx] = await page.locator('[data-figure="week.estimatedCents"]').evaluate((card) => [
      parseFloat(getComputedStyle(card.querySelector("dd")!).fontSize),
      parseFloat(getComputedStyle(card.querySelector("dt")!).fontSize),
    ]);
    expect(amountPx).toBeGreaterThanOrEqual(labelPx!);
    await shot("dashboard-money-phone");
    await page.setViewportSize(DESKTOP);
    await page.reload();
    await shot("dashboard-money");
  }, 120_000);
});
