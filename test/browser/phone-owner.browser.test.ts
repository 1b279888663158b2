/**
 * The screens a busy owner uses on a phone, at 390 px in Chromium against the real worker and the
 * Twilio simulator: who is on call and when (one group per person in Settings › Leads), an urgent
 * locksmith caller who sent photos (the links big enough to tap), the alerts about them (their words
 * apart from the caller's own), and the dashboard's count of urgent leads waiting (a box to tap).
 */
import { describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { twilioPost } from "../../scripts/simulator/twilio-webhooks.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const LINE = "+15122345681";
const OWNER = "+15122345689";
const SAM = "+17372345621";
const ANA = "+17372345622";

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (w) => {
    const id = (await w.admin<{ id: string }>("POST", "/businesses", { name: "Keyway Locksmiths", timezone: "America/Chicago", preset: "locksmith", notifyPhone: OWNER })).id;
    await w.admin("POST", `/businesses/${id}/numbers`, { e164: LINE, carrier: "twilio", credentials: { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken } });
    return { id };
  },
  loggedIn: true,
  timeoutMs: 20_000,
});

const base = () => `${suite.w.url}/admin/businesses/${suite.fixture.id}`;

/** A caller's text with two photos, as Twilio posts it (the simulator's own texts carry none). */
async function textWithPhotos(from: string, body: string) {
  const sid = `SM${"a".repeat(32)}`;
  const media = (c: string) => `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages/${sid}/Media/ME${c.repeat(32)}`;
  const params = {
    AccountSid: ACCOUNT.accountSid,
    ApiVersion: "2010-04-01",
    Body: body,
    From: from,
    To: LINE,
    MessageSid: sid,
    SmsMessageSid: sid,
    SmsStatus: "received",
    NumSegments: "1",
    NumMedia: "2",
    MediaUrl0: media("b"),
    MediaContentType0: "image/jpeg",
    MediaUrl1: media("c"),
    MediaContentType1: "image/heic",
  };
  expect((await twilioPost("sms", `${suite.w.url}/webhooks/twilio/sms`, params, ACCOUNT.authToken)).status).toBe(200);
}

/** Every element `selector` matches: on screen at phone width, and (to tap) at least `minHeight` px tall. */
async function onScreen(selector: string, minHeight = 40) {
  const boxes = await suite.page.locator(selector).evaluateAll((els) => els.map((el) => ({ text: el.textContent, ...el.getBoundingClientRect().toJSON() })));
  expect(boxes.length, selector).toBeGreaterThan(0);
  for (const b of boxes) expect(b.x >= 0 && b.right <= PHONE.width && b.height >= minHeight, `${b.text}: ${Math.round(b.width)}x${Math.round(b.height)} at x=${Math.round(b.x)}`).toBe(true);
}

describe("an owner on a phone", () => {
  it("sets who is on call and when, one group per person", async () => {
    const { page, noWiderThan } = suite;
    await page.setViewportSize(PHONE);
    await page.goto(`${base()}/settings/leads`);
    const first = page.getByRole("group", { name: "On call first" });
    await first.getByLabel("Name").fill("Sam");
    await first.getByLabel("Phone").fill(SAM);
    await first.getByLabel("Hours").fill("Weekdays 8 AM-6 PM");
    const second = page.getByRole("group", { name: "Then 2." });
    await second.getByLabel("Name").fill("Ana Maria Gonzalez-Villanueva");
    await second.getByLabel("Phone").fill(ANA);
    expect(await second.getByLabel("Hours").getAttribute("aria-describedby")).toBe("onCall-hours-hint");
    await noWiderThan(PHONE.width);
    await first.screenshot({ path: "test/browser/screenshots/on-call-phone.png" });
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/\?done=saved$/);
    expect(await page.getByRole("group", { name: "On call first" }).getByLabel("Hours").inputValue()).toBe("Weekdays 8 AM–6 PM");
  });

  it("opens an urgent caller's photos and the alerts about them with a thumb", async () => {
    const { page, w, noWiderThan, shot } = suite;
    const caller = randomUsNumber();
    await w.sim.placeCall({ from: caller, to: LINE, outcome: "no-answer" });
    await eventually(() => w.sim.messages.some((m) => m.to === caller), "the text-back");
    await textWithPhotos(caller, "Here is the lock, it is jammed");
    await w.sim.sendSms({ from: caller, to: LINE, body: "Locked out of my house with my toddler asleep inside, keys in the door at 1234 Longhorn Ridge Boulevard Apt 5B" });
    await eventually(() => w.sim.messages.some((m) => m.to === SAM || m.to === ANA || m.to === OWNER), "a page");

    await page.goto(`${base()}/conversations/${encodeURIComponent(caller)}`);
    await onScreen(".timeline .media a");
    expect(await page.getByRole("link", { name: "Photo 1 (image/jpeg)" }).count()).toBe(1);
    const alerts = page.locator(".timeline .event.alert");
    expect(await alerts.count()).toBeGreaterThan(0);
    for (const summary of await alerts.locator("summary").all()) await summary.click();
    await noWiderThan(PHONE.width);
    await onScreen(".timeline .event.alert .bubble", 0);
    // The words sent to the business's phone never look like a text from the caller.
    const look = (sel: string) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await look(".timeline .event.alert .bubble")).not.toBe(await look(".timeline .in .bubble"));
    await shot("conversation-photos-alerts-phone");
    await page.setViewportSize(DESKTOP);
    await shot("conversation-photos-alerts");
    await page.setViewportSize(PHONE);

    await page.goto(base());
    // The count is a digit or two: the whole figure's box takes the tap.
    await page.locator('[data-figure="urgentWaiting"]').click({ position: { x: 8, y: 8 } });
    await page.waitForURL(/\/leads\?urgent=true$/);
    await noWiderThan(PHONE.width);
    expect(suite.consoleErrors).toEqual([]);
  });
});
