/**
 * A dental practice's morning in a real browser (Debian's Chromium through playwright-core) against
 * the real worker under `wrangler dev`, with the Twilio simulator as the carrier, at 1280 and 390 px:
 * the conversations list quotes each caller's own words (not the automatic answers after them), says
 * whose urgent page Dr. Lee took and whose nobody has, keeps those on top (longest waiting first), marks a danger; the leads
 * list says the same in its rows.
 */
import { describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const PRACTICE = "+15122345671";
const OWNER = "+15122345679";
const LEE = "+17372345671";

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (w) => {
    const id = (await w.admin<{ id: string }>("POST", "/businesses", { name: "Bright Smile Dental", timezone: "America/Chicago", preset: "dental", notifyPhone: OWNER })).id;
    await w.admin("PATCH", `/businesses/${id}`, { settings: { urgent: { onCall: [{ phone: LEE, name: "Dr. Lee" }] } } });
    await w.admin("POST", `/businesses/${id}/numbers`, { e164: PRACTICE, carrier: "twilio", credentials: { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken } });
    return { id };
  },
  timeoutMs: 15_000,
  loggedIn: true,
});

const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

/** A missed call, its text-back, then the caller's words and the practice's automatic answer to them. */
async function caller(words: string | null): Promise<string> {
  const { w } = suite;
  const from = randomUsNumber();
  const texted = () => w.sim.messages.filter((m) => m.to === from).length;
  await w.sim.placeCall({ from, to: PRACTICE, outcome: "no-answer" });
  await eventually(() => texted() === 1, `text-back to ${from}`);
  if (words) {
    await w.sim.sendSms({ from, to: PRACTICE, body: words });
    await eventually(() => texted() === 2, `the answer to "${words}"`);
  }
  return from;
}

const pages = () => suite.w.sim.messages.filter((m) => m.to === LEE && m.body.startsWith("URGENT")).length;

describe("urgent callers on the conversations and leads lists in Chromium", () => {
  it("quotes the callers, says whose page was taken, keeps the untaken on top and marks a danger, at 1280 and 390 px", async () => {
    const { w, page, shot, noWiderThan, consoleErrors } = suite;
    const base = `${w.url}/admin/businesses/${suite.fixture.id}`;
    const quiet = await caller(null);
    const pain = await caller("I have severe pain in my back tooth, can you see me today?");
    const extraction = await caller("The pain after my extraction yesterday is unbearable");
    await eventually(() => pages() === 2, "both pages to Dr. Lee");
    // Dr. Lee's OK takes her newest page: the extraction.
    await w.sim.sendSms({ from: LEE, to: PRACTICE, body: "OK" });
    await eventually(async () => (await w.admin<{ leads: { phone: string; acknowledgedBy: string | null }[] }>("GET", `/businesses/${suite.fixture.id}/leads?urgent=true`)).leads.some((l) => l.phone === extraction && l.acknowledgedBy), "the page taken");
    const breathing = await caller("My face is swelling and I can't breathe");
    const cleaning = await caller("Hi, I need a cleaning, I'm a new patient");

    await page.setViewportSize(DESKTOP);
    await page.goto(`${base}/conversations`);
    const rows = page.locator("#inbox li");
    // Nobody has taken the pain's or the breathing's page: on top, longest waiting first; then the extraction (taken, their words
    // still a person's to answer); then the rest, newest first (the cleaning is answering the practice's questions).
    expect(await rows.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.phone))).toEqual([pain, breathing, extraction, cleaning, quiet]);
    const item = (phone: string) => page.locator(`#inbox li[data-phone="${phone}"]`);
    expect(await item(breathing).locator(".emergency .chip").allInnerTexts()).toEqual(["Danger", "Urgent · not taken"]);
    expect(await item(pain).locator(".emergency .chip").allInnerTexts()).toEqual(["Urgent · not taken"]);
    expect(await item(extraction).locator(".emergency .chip").allInnerTexts()).toEqual(["Urgent · taken by Dr. Lee"]);
    expect(await item(cleaning).locator(".emergency").count()).toBe(0);
    // Each row quotes its caller, never the automatic "We're sorry you're in pain" after them.
    expect(await item(pain).locator(".summary").innerText()).toBe("I have severe pain in my back tooth, can you see me today?");
    expect(await item(breathing).locator(".summary").innerText()).toBe("My face is swelling and I can't breathe");
    expect(await item(cleaning).locator(".summary").innerText()).toBe("Hi, I need a cleaning, I'm a new patient");
    expect(await item(quiet).locator(".summary").innerText()).toMatch(/^Automatic: /);
    // The untaken ones marked red down their side; the danger chip stands out from the others.
    const side = (phone: string) => item(phone).locator("a").evaluate((a) => getComputedStyle(a).borderLeftColor);
    expect(await side(pain)).toBe(await side(breathing));
    expect(await side(pain)).not.toBe(await side(cleaning));
    const danger = await item(breathing).locator(".chip.danger").evaluate((c) => [getComputedStyle(c).backgroundColor, getComputedStyle(c).color]);
    expect(danger[0]).not.toBe(danger[1]);
    await shot("inbox-urgent");

    // The live list redraws the same rows from its JSON (a new text arrives while the page is open).
    const late = await caller("Do you take Delta Dental?");
    await item(late).waitFor();
    // A question of their own: a person's to answer, after those waiting longer.
    expect(await rows.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.phone))).toEqual([pain, breathing, extraction, late, cleaning, quiet]);
    expect(await item(breathing).locator(".emergency .chip").allInnerTexts()).toEqual(["Danger", "Urgent · not taken"]);
    expect(await item(extraction).locator(".emergency .chip").allInnerTexts()).toEqual(["Urgent · taken by Dr. Lee"]);
    expect(await item(breathing).getAttribute("class")).toContain("urgent");

    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    for (const phone of [breathing, extraction]) {
      for (const chip of await item(phone).locator(".chip").all()) {
        const box = (await chip.boundingBox())!;
        expect(box.x >= 0 && box.x + box.width <= PHONE.width, `${await chip.innerText()} on screen`).toBe(true);
      }
    }
    await shot("inbox-urgent-phone");

    // The leads list: the same words in each row.
    await page.setViewportSize(DESKTOP);
    await page.goto(`${base}/leads`);
    const lead = (phone: string) => page.locator("ul.leads li", { hasText: national(phone) });
    expect(await lead(breathing).locator(".chip").allInnerTexts()).toEqual(expect.arrayContaining(["Danger", "Urgent · not taken"]));
    expect(await lead(pain).locator(".chip").allInnerTexts()).toEqual(expect.arrayContaining(["Urgent · not taken"]));
    expect(await lead(extraction).locator(".chip").allInnerTexts()).toEqual(expect.arrayContaining(["Urgent · taken by Dr. Lee"]));
    expect((await lead(cleaning).locator(".chip").allInnerTexts()).join(" ")).not.toContain("Urgent");
    await shot("leads-urgent");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    for (const chip of await lead(breathing).locator(".chip").all()) {
      const box = (await chip.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= PHONE.width, `${await chip.innerText()} on screen`).toBe(true);
    }
    await shot("leads-urgent-phone");
    await page.setViewportSize(DESKTOP);
    expect(consoleErrors).toEqual([]);
  });
});
