/**
 * The business's daily text cap reached in a storm, in a real browser (Debian's Chromium through
 * playwright-core) against the real worker under `wrangler dev`, with the Twilio simulator as the
 * carrier, at 1280 and 390 px: the owner's one alert by text, the dashboard's notice with the way to
 * Settings and the texts counted as not sent at the daily cap (not failed), and, past every bound,
 * the conversation saying nobody was paged and why.
 */
import { describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE, logInAsOwner } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const ROOFER = "+12142345698";
const OWNER = "+12142345699";
const SAM = "+12142345611";

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (w) => {
    const id = (await w.admin<{ id: string }>("POST", "/businesses", { name: "Summit Roofing", timezone: "America/Chicago", preset: "home_services", notifyPhone: OWNER })).id;
    await w.admin("PATCH", `/businesses/${id}`, { settings: { dailyTextCap: 1, urgent: { onCall: [{ phone: SAM, name: "Sam" }] } } });
    await w.admin("POST", `/businesses/${id}/numbers`, { e164: ROOFER, carrier: "twilio", credentials: ACCOUNT, mode: "forward" });
    return { id };
  },
  timeoutMs: 20_000,
});

describe("a storm reaches the daily text cap, in Chromium", () => {
  it("tells the owner once, and the dashboard says what stopped and what to do, at desktop size and on a phone", async () => {
    const { w, page, shot, noWiderThan, consoleErrors } = suite;
    const { id } = suite.fixture;
    const textsTo = (phone: string) => w.sim.messages.filter((m) => m.to === phone);
    const callers = [randomUsNumber(), randomUsNumber(), randomUsNumber()];
    for (const caller of callers) await w.sim.placeCall({ from: caller, to: ROOFER, outcome: "no-answer" });
    await eventually(() => textsTo(callers[0]!).length === 1, "the first caller's text-back");
    await eventually(() => textsTo(OWNER).some((m) => m.body.startsWith("Textback alert:")), "the owner's alert");
    expect(textsTo(OWNER).filter((m) => m.body.startsWith("Textback alert:"))).toHaveLength(1);
    expect(textsTo(callers[1]!)).toHaveLength(0);

    await logInAsOwner(page, w.url, w.adminToken);
    await page.goto(`${w.url}/admin/businesses/${id}`);
    const notice = page.locator("[data-daily-cap]");
    expect(await notice.textContent()).toMatch(/^Daily text cap reached: Since \d{1,2}:\d{2} [AP]M, 2 texts were not sent because the business reached its daily cap \(1 text in 24 hours/);
    expect((await page.locator('[data-figure="texts.notSentDailyCap"] dd').textContent())?.trim()).toBe("2");
    expect((await page.locator('[data-figure="texts.failed"] dd').textContent())?.trim()).toBe("0");
    await shot("daily-cap-dashboard");
    await page.setViewportSize(PHONE);
    await page.reload();
    await noWiderThan(PHONE.width);
    await shot("daily-cap-dashboard-phone");
    await notice.getByRole("link", { name: "Open Settings" }).click();
    await page.waitForURL(/\/settings#f-dailyTextCap$/);
    expect(await page.locator("#f-dailyTextCap").inputValue()).toBe("1");
    await page.setViewportSize(DESKTOP);
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it("past every bound, the conversation says nobody was paged and why", async () => {
    const { w, page, shot, noWiderThan } = suite;
    const { id } = suite.fixture;
    await w.admin("PATCH", `/businesses/${id}`, { settings: { dailyTextCap: 0 } });
    const caller = randomUsNumber();
    await w.sim.sendSms({ from: caller, to: ROOFER, body: "Water coming through the ceiling in the nursery, it's leaking everywhere" });
    const conversation = `${w.url}/admin/businesses/${id}/conversations/${encodeURIComponent(caller)}`;
    await eventually(async () => {
      await page.goto(conversation);
      return /nobody was paged/.test((await page.locator("#lead").textContent()) ?? "");
    }, "the page refused");
    const lead = (await page.locator("#lead .taken").textContent()) ?? "";
    expect(lead).toMatch(/^Urgent: nobody was paged\. Page to Sam, \(214\) 234-5611 not sent: the business reached 5 times its daily cap of 0 texts in 24 hours/);
    expect(await page.locator("#lead").textContent()).not.toContain("nobody has taken the page yet");
    await shot("daily-cap-conversation");
    await page.setViewportSize(PHONE);
    await page.reload();
    await noWiderThan(PHONE.width);
    await shot("daily-cap-conversation-phone");
    await page.setViewportSize(DESKTOP);
  }, 120_000);
});
