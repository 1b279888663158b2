/**
 * A caller's name on every admin page that shows callers, in a real browser (Debian's Chromium
 * through playwright-core) against the real worker under `wrangler dev` with the Twilio simulator,
 * at 1280 and 390 px: contacts' names ("Tom Becker", whose lead closed before he was saved; "Ann
 * Lee") and a name a caller gave when asked ("Jenny Alvarez") read alike on the leads list, a lead's
 * card, the inbox, a conversation, the calls list and the bookings page, and the searches find them.
 */
import { describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { signTextback } from "../../src/crypto/textback-signature";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const NUMBER = "+15122345683";
const BOOKING_SECRET = "generic-key-for-names-in-chromium";

const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
const [TOM, ANN, JENNY, STRANGER] = [randomUsNumber(), randomUsNumber(), randomUsNumber(), randomUsNumber()];

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (w) => {
    // The generic questions: what they need, then their name.
    const businessId = (await w.admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago", settings: { qualify: { enabled: true } } })).id;
    await w.admin("PATCH", `/businesses/${businessId}`, { bookingSecrets: { generic: BOOKING_SECRET } });
    await w.admin("POST", `/businesses/${businessId}/numbers`, { e164: NUMBER, carrier: "twilio", credentials: { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken } });
    return { businessId };
  },
  timeoutMs: 15_000,
  loggedIn: true,
});

const texted = (phone: string) => suite.w.sim.messages.filter((m) => m.to === phone).length;

async function missedCall(phone: string) {
  await suite.w.sim.placeCall({ from: phone, to: NUMBER, outcome: "no-answer" });
  await eventually(() => texted(phone) === 1, `text-back to ${phone}`);
}

async function leadOf(phone: string): Promise<{ id: string; name: string | null }> {
  const { leads } = await suite.w.admin<{ leads: { id: string; name: string | null }[] }>("GET", `/businesses/${suite.fixture.businessId}/leads?q=${encodeURIComponent(phone)}`);
  return leads[0]!;
}

/** A booking from the business's booking system that carries no code of ours, from `phone`. */
async function unmatchedBooking(phone: string) {
  const raw = JSON.stringify({ phone, startsAt: "2026-12-09T16:00:00Z", status: "booked" });
  const res = await fetch(`${suite.w.url}/webhooks/booking/generic/${suite.fixture.businessId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-textback-signature": await signTextback(BOOKING_SECRET, Math.floor(Date.now() / 1000), raw) },
    body: raw,
  });
  expect(await res.json()).toMatchObject({ result: "unmatched" });
}

async function atBothSizes(name: string, check: () => Promise<void>) {
  const { page, shot, noWiderThan } = suite;
  await check();
  await shot(name);
  await page.setViewportSize(PHONE);
  await noWiderThan(PHONE.width);
  await check();
  await shot(`${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

describe("a caller's name on the admin pages in Chromium", () => {
  it("names Tom, Ann and Jenny alike on every page that shows callers, and finds them by name", async () => {
    const { w, page, consoleErrors } = suite;
    const { businessId } = suite.fixture;
    const base = `${w.url}/admin/businesses/${businessId}`;
    for (const phone of [TOM, ANN, JENNY, STRANGER]) await missedCall(phone);
    // Tom's lead is lost before the business saves him: it stays without a name.
    await w.admin("PATCH", `/leads/${(await leadOf(TOM)).id}`, { status: "lost" });
    await w.admin("PUT", `/businesses/${businessId}/contacts/${encodeURIComponent(TOM)}`, { name: "Tom Becker", tags: ["customer"] });
    expect((await leadOf(TOM)).name).toBeNull();
    await w.admin("PUT", `/businesses/${businessId}/contacts/${encodeURIComponent(ANN)}`, { name: "Ann Lee" });
    for (const [n, words] of [[2, "The kitchen faucet drips all night"], [3, "Jenny Alvarez"], [4, "Tomorrow morning"]] as const) {
      await w.sim.sendSms({ from: JENNY, to: NUMBER, body: words });
      await eventually(() => texted(JENNY) === n, `the answer to "${words}"`);
    }
    await eventually(async () => (await leadOf(JENNY)).name === "Jenny Alvarez", "Jenny's name on her lead");
    await unmatchedBooking(TOM);

    // Leads: every name, the phone under it; a stranger by their phone.
    await page.goto(`${base}/leads`);
    const leadTitles = () => page.locator(".leads .lead .lead-head strong").allTextContents();
    await atBothSizes("names-leads", async () => {
      expect(await leadTitles()).toEqual(["Jenny Alvarez", "Ann Lee", "Tom Becker", national(STRANGER)]);
      expect(await page.locator(".lead", { hasText: "Tom Becker" }).textContent()).toContain(national(TOM));
    });
    await page.getByLabel("Search").fill("becker");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/[?&]q=becker/);
    expect(await leadTitles()).toEqual(["Tom Becker"]);

    // Tom's card: his contact's name heads it.
    await page.locator(".lead", { hasText: "Tom Becker" }).getByRole("link").click();
    await page.waitForURL(/\/leads\/[^/?]+$/);
    await atBothSizes("names-lead-card", async () => {
      expect(await page.locator("h1").textContent()).toBe("Tom Becker");
      expect(await page.locator("h1 + .sub").textContent()).toBe("Name from contacts");
      expect(await page.title()).toMatch(/^Tom Becker · /);
    });

    // The inbox: Jenny by the name she gave; found by it.
    await page.goto(`${base}/conversations`);
    const inboxTitles = () => page.locator("#inbox li .lead-head strong").allTextContents();
    await atBothSizes("names-inbox", async () => {
      expect(new Set(await inboxTitles())).toEqual(new Set(["Jenny Alvarez", "Ann Lee", "Tom Becker", national(STRANGER)]));
      expect(await page.locator(`#inbox li[data-phone="${JENNY}"]`).textContent()).toContain(national(JENNY));
    });
    await page.getByLabel("Search").fill("alvarez");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/[?&]q=alvarez/);
    expect(await inboxTitles()).toEqual(["Jenny Alvarez"]);

    // Her conversation: her name heads it, her number to call beside.
    await page.locator(`#inbox li[data-phone="${JENNY}"]`).getByRole("link").click();
    await page.waitForURL(`${base}/conversations/${encodeURIComponent(JENNY)}`);
    await atBothSizes("names-conversation", async () => {
      expect(await page.locator("h1").textContent()).toBe("Conversation with Jenny Alvarez");
      expect(await page.locator(`h1 + .sub a[href="tel:${JENNY}"]`).textContent()).toBe(national(JENNY));
    });

    // Calls: each row's caller.
    await page.goto(`${base}/calls`);
    await atBothSizes("names-calls", async () => {
      const callers = await page.locator('td[data-label="Caller"] a').allTextContents();
      expect(callers).toEqual([national(STRANGER), "Jenny Alvarez", "Ann Lee", "Tom Becker"]);
      expect(await page.locator('td[data-label="Caller"]', { hasText: "Ann Lee" }).textContent()).toContain(national(ANN));
    });

    // The booking from Tom's phone: his lead is offered by his name and chosen for it.
    await page.goto(`${base}/bookings`);
    await atBothSizes("names-bookings", async () => {
      const select = page.getByLabel("Lead for this booking");
      expect(await select.locator("option").allTextContents()).toEqual([
        "Choose a lead…",
        `Jenny Alvarez · ${national(JENNY)} · Qualified`,
        `Ann Lee · ${national(ANN)} · New`,
        `Tom Becker · ${national(TOM)} · Lost`,
        `${national(STRANGER)} · New`,
      ]);
      expect(await select.inputValue()).toBe((await leadOf(TOM)).id);
    });
    expect(consoleErrors).toEqual([]);
  });
});
