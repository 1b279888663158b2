/**
 * The Conversations inbox in a real browser (Debian's Chromium through playwright-core) against the
 * real worker under `wrangler dev`, with the Twilio simulator as the carrier: a reply waiting for
 * an answer shows unread, and a text that arrives while the page is open joins the list and the
 * title's count without a reload; reading and answering clears them. A roofer after a hail storm:
 * who needs a person comes first, a caller answering the automated questions does not, lost leads
 * say so, each row names the caller and their need and address, and the filters (links, in the
 * URL) show each state alone while the list keeps itself up to date. At desktop size and at 390 px.
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

    // A new caller texts while the page is open: it arrives after the one waiting longer, with the count, and the page never reloads.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await missedCallThenReply(late, "Is anyone available today? Water everywhere");
    await item(late).waitFor();
    await eventually(async () => (await page.title()).startsWith("(2) Conversations"), "the title's count", 15_000);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(await page.locator("#inbox li").evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.phone))).toEqual([asking, late, quiet]);
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

const ROOFER = "+15122345681";

/** A roofer that asks the home-services questions and works in a few Dallas ZIP codes. */
async function roofer(): Promise<string> {
  const { w } = suite;
  const id = (await w.admin<{ id: string }>("POST", "/businesses", { name: "Summit Roofing", timezone: "America/Chicago", preset: "home_services" })).id;
  await w.admin("PATCH", `/businesses/${id}`, { settings: { cooldownHours: 0, qualify: { serviceArea: { zips: ["75201", "75230", "75244"] }, outOfAreaMessage: "Sorry, we only work in Dallas." } } });
  await w.admin("POST", `/businesses/${id}/numbers`, { e164: ROOFER, carrier: "twilio", credentials: { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken } });
  return id;
}

/** A missed call to the roofer and its text-back, then each of `replies` and the automatic answer it gets. */
async function rooferCaller(replies: string[]): Promise<string> {
  const { w } = suite;
  const from = randomUsNumber();
  const texted = () => w.sim.messages.filter((m) => m.to === from).length;
  await w.sim.placeCall({ from, to: ROOFER, outcome: "no-answer" });
  await eventually(() => texted() === 1, `text-back to ${from}`);
  for (const body of replies) {
    const before = texted();
    await w.sim.sendSms({ from, to: ROOFER, body });
    await eventually(() => texted() > before, `the answer to "${body}"`);
  }
  return from;
}

describe("who to answer first after a hail storm, in Chromium", () => {
  it("puts who needs a person first, names each caller's need, and filters by state in the URL, live, at 1280 and 390 px", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const businessId = await roofer();
    const base = `${w.url}/admin/businesses/${businessId}`;
    const quiet = await rooferCaller([]);
    const done = await rooferCaller(["Roof repair after the hail", "12 Elm St 75201", "tomorrow morning", "this week"]);
    const tom = await rooferCaller(["Hi this is Tom Nguyen, hail took out a bunch of shingles. 7810 Forest Ln 75230"]);
    const away = await rooferCaller(["Roof damage at 900 Main St Fort Worth 76102"]);
    const answering = await rooferCaller(["Hail damage on the roof"]);

    await page.setViewportSize(DESKTOP);
    await page.goto(`${base}/conversations`);
    const phones = () => page.locator("#inbox li").evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.phone));
    const item = (phone: string) => page.locator(`#inbox li[data-phone="${phone}"]`);
    const chips = (phone: string) => item(phone).locator(".lead-head .chip").allInnerTexts();
    // The one who answered every question needs a person: first. The rest, newest first.
    expect(await phones()).toEqual([done, answering, away, tom, quiet]);
    expect(await chips(done)).toEqual(["Unread", "Needs reply", "Qualified"]);
    expect(await item(done).locator(".need").innerText()).toBe("Roof repair after the hail · 12 Elm St 75201");
    // No name: the phone is the heading, and the line under it says since when they wait.
    expect(await item(done).locator("a > .meta").innerText()).toMatch(/^Waiting since \w{3} \d+, \d+:\d\d [AP]M$/);
    expect(await chips(answering)).toEqual(["Answering questions"]);
    expect(await item(answering).locator(".lead-head .chip").getAttribute("title")).toContain("What's the address of the job?");
    expect(await item(answering).locator(".summary").innerText()).toBe("Hail damage on the roof");
    expect(await item(tom).locator("strong").innerText()).toBe("Tom Nguyen");
    // Their words without the introduction, the address in them said once.
    expect(await item(tom).locator(".need").innerText()).toBe("hail took out a bunch of shingles. 7810 Forest Ln 75230");
    expect(await chips(away)).toEqual(["Lost · out of area"]);
    expect(await chips(quiet)).toEqual(["Waiting on caller"]);
    const filters = page.locator("nav.inbox-filters a");
    expect(await filters.allInnerTexts()).toEqual(["All 5", "Needs a person 1", "Urgent 0", "Waiting on caller 3", "Closed 1"]);
    await shot("inbox-storm");

    // A filter is a link: the URL says it, and the list shows its state alone.
    await page.getByRole("link", { name: "Needs a person 1" }).click();
    await page.waitForURL(`${base}/conversations?show=person`);
    expect(await phones()).toEqual([done]);
    expect(await page.locator("nav.inbox-filters a[aria-current=page]").innerText()).toBe("Needs a person 1");
    // The caller answering the questions finishes them while the page is open: they join the list live, after the one waiting longer.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    for (const body of ["88 Oak Lawn Ave 75201", "saturday", "no rush"]) {
      const before = w.sim.messages.filter((m) => m.to === answering).length;
      await w.sim.sendSms({ from: answering, to: ROOFER, body });
      await eventually(() => w.sim.messages.filter((m) => m.to === answering).length > before, `the answer to "${body}"`);
    }
    await item(answering).waitFor({ timeout: 15_000 });
    expect(await phones()).toEqual([done, answering]);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await eventually(async () => (await filters.nth(1).innerText()) === "Needs a person 2", "the filter's count", 15_000);
    expect(await chips(answering)).toEqual(["Unread", "Needs reply", "Qualified"]);

    await page.getByRole("link", { name: "Closed 1" }).click();
    await page.waitForURL(`${base}/conversations?show=closed`);
    expect(await phones()).toEqual([away]);

    // On a phone: the filters wrap on screen, big enough for a thumb; nothing wider than the screen.
    await page.goto(`${base}/conversations`);
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    for (const link of await filters.all()) {
      const box = (await link.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= PHONE.width && box.height >= 40, `${await link.innerText()} on screen`).toBe(true);
    }
    for (const chip of await item(away).locator(".chip").all()) {
      const box = (await chip.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= PHONE.width, `${await chip.innerText()} on screen`).toBe(true);
    }
    await shot("inbox-storm-phone");
    await page.setViewportSize(DESKTOP);
    expect(consoleErrors).toEqual([]);
  }, 180_000);
});
