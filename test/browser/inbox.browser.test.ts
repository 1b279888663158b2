/**
 * The Conversations inbox in a real browser (Debian's Chromium through playwright-core) against the
 * real worker under `wrangler dev`, with the Twilio simulator as the carrier: a reply waiting for
 * an answer shows unread, and a text that arrives while the page is open joins the list and the
 * title's count without a reload; reading and answering clears them. At desktop size and at 390 px.
 */
import { describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const NUMBER = "+15122345679";

const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (running) => {
    const businessId = (await running.admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago" })).id;
    await running.admin("POST", `/businesses/${businessId}/numbers`, {
      e164: NUMBER,
      carrier: "twilio",
      credentials: { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken },
    });
    return { businessId };
  },
  timeoutMs: 15_000,
  loggedIn: true,
});

async function missedCallThenReply(caller: string, reply: string | null) {
  const { w } = suite;
  await w.sim.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
  await eventually(() => w.sim.messages.some((m) => m.to === caller), `text-back to ${caller}`);
  if (reply) await w.sim.sendSms({ from: caller, to: NUMBER, body: reply });
}

describe("the Conversations inbox in Chromium", () => {
  it("shows unread replies, takes a new text in live with the title's count, and clears it once read and answered", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const { businessId } = suite.fixture;
    const base = `${w.url}/admin/businesses/${businessId}`;
    const [quiet, asking, late] = [randomUsNumber(), randomUsNumber(), randomUsNumber()];
    await missedCallThenReply(quiet, null);
    await missedCallThenReply(asking, "Can you come Tuesday morning?");
    await eventually(async () => (await w.admin("GET", `/businesses/${businessId}/messages`)).messages.some((m: { body: string }) => m.body.includes("Tuesday")), "the reply recorded");

    // Reached from the tabs.
    await page.goto(base);
    await page.getByRole("link", { name: "Conversations" }).click();
    await page.waitForURL(`${base}/conversations`);
    // Every tab on screen at desktop size too, in one row that has no need to scroll.
    const row = await page.locator("nav.tabs .tab-list").evaluate((ul) => ({
      fits: ul.scrollWidth <= ul.clientWidth,
      right: ul.getBoundingClientRect().right,
      tabs: [...ul.querySelectorAll("a")].map((a) => a.getBoundingClientRect().toJSON() as DOMRect),
    }));
    // The owner sees every business tab (src/admin/pages/nav.tsx: eleven today).
    expect(row.tabs.length).toBeGreaterThanOrEqual(11);
    expect(row.fits).toBe(true);
    expect(new Set(row.tabs.map((t) => t.top)).size).toBe(1);
    for (const t of row.tabs) expect(t.right).toBeLessThanOrEqual(Math.min(row.right, DESKTOP.width));
    const item = (phone: string) => page.locator(`#inbox li[data-phone="${phone}"]`);
    expect(await page.title()).toMatch(/^\(1\) Conversations · Riverside Plumbing/);
    expect(await item(asking).textContent()).toContain("Unread");
    expect(await item(asking).textContent()).toContain("Needs reply");
    expect(await item(asking).textContent()).toContain("Can you come Tuesday morning?");
    expect(await item(quiet).textContent()).not.toContain("Unread");
    expect(await page.locator("#inbox li").evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.phone))).toEqual([asking, quiet]);
    await shot("inbox");

    // A new caller texts while the page is open: it arrives on top, with the count, and the page never reloads.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await missedCallThenReply(late, "Is anyone available today? Water everywhere");
    await item(late).waitFor();
    await eventually(async () => (await page.title()).startsWith("(2) Conversations"), "the title's count", 15_000);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(await page.locator("#inbox li").evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.phone))).toEqual([late, asking, quiet]);
    expect(await item(late).textContent()).toContain("Water everywhere");
    expect(await page.locator("#inbox-unread").textContent()).toBe("2");
    await shot("inbox-live");

    // Reading one leaves it waiting for an answer; answering it clears that too.
    await item(asking).getByRole("link").click();
    await page.waitForURL(`${base}/conversations/${encodeURIComponent(asking)}`);
    await page.getByLabel(`Text to ${national(asking)}`).fill("Yes, 9am works. Sam");
    await page.getByRole("button", { name: "Send text" }).click();
    await page.waitForURL(/done=reply_sent#m_admin_\w+$/);
    await page.getByRole("link", { name: "Conversations" }).click();
    await page.waitForURL(`${base}/conversations`);
    expect(await page.title()).toMatch(/^\(1\) Conversations/);
    expect(await item(asking).textContent()).not.toContain("Needs reply");
    expect(await item(asking).textContent()).toContain("You: Yes, 9am works. Sam");

    // Search, then the phone: every tab reachable, nothing wider than the screen.
    await page.getByLabel("Search").fill("water");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/[?&]q=water/);
    await page.locator("#inbox").waitFor();
    expect(await page.locator("#inbox li").evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.phone))).toEqual([late]);
    await page.goto(`${base}/conversations`);
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    const tab = await page.getByRole("link", { name: "Conversations" }).boundingBox();
    expect(tab!.x >= 0 && tab!.x + tab!.width <= PHONE.width && tab!.height >= 40).toBe(true);
    await shot("inbox-phone");
    await page.setViewportSize(DESKTOP);
    expect(consoleErrors).toEqual([]);
  });
});
