/**
 * The lead and conversation pages in a real browser (Debian's Chromium through playwright-core)
 * against the real worker under `wrangler dev`, with the Twilio simulator as the carrier, at 1280
 * and 390 px: a caller's answers under the plumber's questions, an urgent caller's lead on their
 * conversation (who took the page, won from there), a text sent on a phone landed on, a business
 * that asks nothing showing the caller's words, a lead lost without a reason, and the questions'
 * settings with asking switched off.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const PLUMBER = "+15122345681";
const DENTIST = "+15122345682";
const SAM = "+17372345601";

const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
const credentials = { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken };

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (w) => {
    const plumber = (await w.admin<{ id: string }>("POST", "/businesses", { name: "Drip Plumbing", timezone: "America/Chicago", preset: "home_services" })).id;
    await w.admin("PATCH", `/businesses/${plumber}`, { settings: { urgent: { onCall: [{ phone: SAM, name: "Sam" }] } } });
    await w.admin("POST", `/businesses/${plumber}/numbers`, { e164: PLUMBER, carrier: "twilio", credentials });
    // No preset: asks no questions.
    const dentist = (await w.admin<{ id: string }>("POST", "/businesses", { name: "Bright Smile Dental", timezone: "America/Chicago" })).id;
    await w.admin("POST", `/businesses/${dentist}/numbers`, { e164: DENTIST, carrier: "twilio", credentials });
    return { plumber, dentist };
  },
  timeoutMs: 15_000,
  loggedIn: true,
});

/**
 * A missed call to `to`, its text-back, then the caller's replies, each answered before the next
 * (or, where nothing answers them, each recorded before the next).
 */
async function caller(to: string, replies: readonly string[], answered = true): Promise<string> {
  const { w } = suite;
  const from = randomUsNumber();
  const texted = () => w.sim.messages.filter((m) => m.to === from).length;
  const recorded = async (body: string) => {
    const business = to === PLUMBER ? suite.fixture.plumber : suite.fixture.dentist;
    const { messages } = await w.admin<{ messages: { from: string; body: string }[] }>("GET", `/businesses/${business}/messages`);
    return messages.some((m) => m.from === from && m.body === body);
  };
  await w.sim.placeCall({ from, to, outcome: "no-answer" });
  await eventually(() => texted() === 1, `text-back to ${from}`);
  for (const body of replies) {
    const before = texted();
    await w.sim.sendSms({ from, to, body });
    await eventually(() => (answered ? texted() > before : recorded(body)), `the answer to "${body}"`);
  }
  return from;
}

const base = (business: string) => `${suite.w.url}/admin/businesses/${business}`;

/** A shot of what the screen shows (not the whole page), beside the suite's full-page ones. */
const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "screenshots");
const viewportShot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

/** Whether the element is wholly on screen. */
const onScreen = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });

async function atBothSizes(name: string, check?: () => Promise<void>) {
  const { page, shot, noWiderThan } = suite;
  await shot(name);
  await page.setViewportSize(PHONE);
  await noWiderThan(PHONE.width);
  await check?.();
  await shot(`${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

describe("the lead and conversation pages in Chromium", () => {
  it("shows a caller's answers under the questions, in their order, and names the thanks as such", async () => {
    const { page } = suite;
    const from = await caller(PLUMBER, ["Hi, I need a new faucet installed in the bathroom", "44 Elm Street, Austin", "No rush, sometime this week"]);
    await page.goto(`${base(suite.fixture.plumber)}/leads`);
    await page.locator(".lead", { hasText: national(from) }).getByRole("link").click();
    await page.waitForURL(/\/leads\/[^/?]+$/);
    const labels = await page.locator("form.card label[for^=field-]").allTextContents();
    expect(labels).toEqual(["What do you need help with?", "What's the address of the job?", "When would be a good time for us to come?", "How urgent is it: an emergency, this week, or no rush?"]);
    expect(await page.getByLabel("What's the address of the job?").inputValue()).toBe("44 Elm Street");
    // After the text-back (it asked the first question): the next two, then the thanks.
    const metas = (await page.locator(".timeline .out .meta").allInnerTexts()).map((t) => t.split(" · ")[0]);
    expect(metas.slice(1)).toEqual(["Question", "Question", "Thanks message"]);
    await atBothSizes("lead-answers");
  });

  it("puts an urgent caller's lead on their conversation, who took the page, and marks it won from there", async () => {
    const { w, page } = suite;
    const from = await caller(PLUMBER, ["Burst pipe in the basement!! at 12 Oak St"]);
    await eventually(() => w.sim.messages.some((m) => m.to === SAM), "the page to Sam");
    await w.sim.sendSms({ from: SAM, to: PLUMBER, body: "OK" });
    await eventually(() => w.sim.messages.filter((m) => m.to === SAM).length === 2, "Sam's confirmation");
    await page.goto(`${base(suite.fixture.plumber)}/conversations/${encodeURIComponent(from)}`);
    const lead = page.locator("#lead");
    expect(await lead.locator(".chip").allTextContents()).toEqual(["Urgent · taken by Sam", "Qualified"]);
    expect(await lead.locator(".taken").textContent()).toMatch(new RegExp(`^Taken by Sam, ${national(SAM).replace(/[()]/g, "\\$&")} at \\w{3} \\d{1,2}, \\d{1,2}:\\d{2} [AP]M$`));
    expect(await lead.textContent()).toContain("estimated $");
    await atBothSizes("conversation-lead");

    await lead.getByText("Mark won or lost").click();
    await lead.getByLabel("Won, amount ($)").fill("380");
    await lead.getByRole("button", { name: "Mark won" }).click();
    await page.waitForURL(/\/conversations\/[^?]+\?done=saved#lead$/);
    expect(await page.locator("#lead .chip").allTextContents()).toEqual(["Urgent · taken by Sam", "Won"]);
    expect(await page.locator("#lead").textContent()).toContain("won $380.00");
    await lead.getByRole("link", { name: "Open the lead" }).click();
    await page.waitForURL(/\/leads\/[^/?]+$/);
    expect(await page.locator("main .taken").textContent()).toContain("Taken by Sam");
  });

  it("on a phone, lands on the text just sent instead of the top of the page", async () => {
    const { page } = suite;
    const from = await caller(PLUMBER, ["My kitchen sink drain is slow", "9 Pine Rd", "this week is fine"]);
    await page.setViewportSize(PHONE);
    await page.goto(`${base(suite.fixture.plumber)}/conversations/${encodeURIComponent(from)}`);
    await page.getByLabel(`Text to ${national(from)}`).fill("Technician arriving in 30 minutes");
    await page.getByRole("button", { name: "Send text" }).click();
    await page.waitForURL(/\?done=reply_sent#m_admin_\w+$/);
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    expect(await page.locator(`[id="${id}"] .bubble`).textContent()).toBe("Technician arriving in 30 minutes");
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await onScreen(page, `[id="${id}"]`)).toBe(true);
    await viewportShot(page, "conversation-after-send-phone");
    await page.setViewportSize(DESKTOP);
  });

  it("shows the caller's latest words on the leads list of a business that asks nothing", async () => {
    const { page } = suite;
    const from = await caller(DENTIST, ["Hello", "My crown came off last night and the tooth is really sensitive to cold, can someone see me this week? Mornings are best."], false);
    await page.goto(`${base(suite.fixture.dentist)}/leads`);
    const summary = page.locator(".lead", { hasText: national(from) }).locator(".summary");
    expect(await summary.textContent()).toBe("My crown came off last night and the tooth is really sensitive to cold, can someone see me this week? Mornings are best.");
    await atBothSizes("leads-words");
  });

  it("asks why in the dropdown's words when a lead is marked lost without a reason", async () => {
    const { page, shot } = suite;
    const from = await caller(DENTIST, []);
    await page.goto(`${base(suite.fixture.dentist)}/leads`);
    await page.locator(".lead", { hasText: national(from) }).getByRole("link").click();
    await page.getByRole("button", { name: "Mark lost" }).click();
    expect(await page.getByRole("alert").textContent()).toBe("Choose why the lead was lost: Out of area, No response, Price, Other");
    expect(await page.getByLabel("Lost, because").getAttribute("aria-invalid")).toBe("true");
    await shot("lead-lost-no-reason");
  });

  it("shows each question whole in the settings, and no questions in the preview while asking is off", async () => {
    const { page, consoleErrors } = suite;
    await page.goto(`${base(suite.fixture.dentist)}/settings/leads`);
    await page.getByLabel("Start from a preset").selectOption("dental");
    await page.getByRole("button", { name: "Use its questions and words" }).click();
    await page.waitForURL(/settings\/leads\?done=saved$/);
    const whole = () =>
      page.locator("[data-ask]").evaluateAll((boxes) => boxes.every((b) => b.scrollWidth <= b.clientWidth + 1 && b.scrollHeight <= b.clientHeight + 1));
    const preview = page.locator("#qualify-preview");
    // The preset turned asking on: the text-back exactly as sent (the first question, in the
    // template's words, which the preset did not change), the three questions asked by text, then
    // the thanks; every question is asked, none listed as not asked.
    expect(await preview.locator(".out").count()).toBe(5);
    expect(await preview.locator(".out .meta").first().textContent()).toBe("Your missed-call text-back, as sent: the first question");
    expect(await preview.locator(".out .bubble").first().textContent()).toBe("Bright Smile Dental: sorry we missed your call! How can we help?\nReply STOP to opt out.");
    expect(await preview.locator(".out .bubble").nth(3).textContent()).toBe("When would you like to come in?");
    expect(await preview.locator(".event").count()).toBe(0);
    const textedFirst = page.locator("#texted-first-preview .out .bubble");
    expect(await textedFirst.textContent()).toBe("This is Bright Smile Dental. What can we help you with: a check-up, a cleaning, or pain or an emergency?\nReply STOP to opt out.");
    // Question 1 edited: the page says where a missed caller's first question lives, with the link.
    const edited = page.locator("#first-question-edited");
    expect(await edited.isHidden()).toBe(true);
    await page.getByLabel("Question 1", { exact: true }).fill("What can we help you with today: a check-up, a cleaning, pain, or something else?");
    expect(await whole()).toBe(true);
    await edited.waitFor({ state: "visible" });
    expect(await edited.getByRole("link", { name: "missed-call text-back template" }).getAttribute("href")).toBe(`/admin/businesses/${suite.fixture.dentist}/templates/missed_call`);
    expect(await textedFirst.textContent()).toBe("This is Bright Smile Dental. What can we help you with today: a check-up, a cleaning, pain, or something else?\nReply STOP to opt out.");
    expect(await preview.locator(".out .bubble").first().textContent()).toContain("How can we help?");
    await page.locator("#qualify-preview").scrollIntoViewIfNeeded();
    await atBothSizes("lead-settings-preview");
    // The preview whole, as a phone shows it.
    await page.setViewportSize(PHONE);
    await page.locator("section:has(#qualify-preview)").screenshot({ path: path.join(SCREENSHOTS, "lead-settings-preview-phone-section.png") });
    await page.setViewportSize(DESKTOP);
    await page.getByLabel("Ask missed callers these questions, one at a time").uncheck();
    expect(await preview.locator(".event").textContent()).toBe("Asking is off: callers get your text-back and no questions.");
    await atBothSizes("lead-settings-off", async () => expect(await whole()).toBe(true));
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/settings\/leads\?done=saved$/);
    expect(await preview.locator(".event").textContent()).toBe("Asking is off: callers get your text-back and no questions.");
    await page.getByLabel("Ask missed callers these questions, one at a time").check();
    expect(await textedFirst.textContent()).toContain("What can we help you with today");
    // The one failed load is the lost-without-a-reason form's answer (400).
    expect(consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
