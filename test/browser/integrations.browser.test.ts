/**
 * Connecting Cal.com from the Integrations page in a real browser (Debian's Chromium through
 * playwright-core) against the worker under `wrangler dev` with the Twilio simulator, at 1280 and
 * 390 px: the webhook URL with its Copy button (the page's one script, under the CSP), the secret
 * saved, a missed caller's Cal.com booking signed with it booking their lead, and the card saying
 * so; a post signed with another secret shows as refused. Calendly's card shows its API calls.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import calcomCreated from "../fixtures/bookings/calcom-booking-created.json";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const NUMBER = "+15122345684";
const CALLER = randomUsNumber();
const SECRET = "riverside-calcom-secret";

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (w) => {
    const businessId = (await w.admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago", bookingUrl: "https://cal.com/riverside/estimate" })).id;
    await w.admin("POST", `/businesses/${businessId}/numbers`, { e164: NUMBER, carrier: "twilio", credentials: { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken } });
    return { businessId };
  },
  timeoutMs: 15_000,
  loggedIn: true,
});

/** Cal.com's BOOKING_CREATED for the caller's phone (no link code), signed with `secret` as Cal.com signs. */
async function calcomBooking(secret: string): Promise<Response> {
  const body = structuredClone(calcomCreated) as { payload: { attendees: { phoneNumber: string | null }[]; responses: Record<string, unknown> } };
  body.payload.attendees[0]!.phoneNumber = CALLER;
  body.payload.responses.attendeePhoneNumber = { label: "phone_number", value: CALLER };
  delete body.payload.responses.tb;
  const raw = JSON.stringify(body);
  return fetch(`${suite.w.url}/webhooks/booking/calcom/${suite.fixture.businessId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-cal-signature-256": createHmac("sha256", secret).update(raw).digest("hex") },
    body: raw,
  });
}

describe("the Integrations page's Bookings in Chromium", () => {
  it("connects Cal.com, shows a booking that verified, and shows Calendly's API calls, at 1280 and 390 px", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const { businessId } = suite.fixture;
    await w.sim.placeCall({ from: CALLER, to: NUMBER, outcome: "no-answer" });
    await eventually(() => w.sim.messages.some((m) => m.to === CALLER), "the text-back");

    await page.goto(`${w.url}/admin/businesses/${businessId}/integrations`);
    const calcom = page.locator("#booking-calcom");
    expect(await calcom.locator("h3").textContent()).toContain("Not connected");
    const url = `${w.url}/webhooks/booking/calcom/${businessId}`;
    expect(await calcom.getByLabel("Webhook URL to paste into Cal.com").inputValue()).toBe(url);
    // The Copy button is the script's: shown, and it answers a click (the clipboard may be refused headless).
    const copy = calcom.locator('button[data-copy="booking-url-calcom"]');
    expect(await copy.isVisible()).toBe(true);
    await copy.click();
    await eventually(async () => /^(Copied|Press Ctrl\+C)$/.test((await copy.textContent()) ?? ""), "the copy button's answer");

    await calcom.getByLabel("Cal.com signing secret").fill(SECRET);
    await calcom.getByRole("button", { name: "Save secret" }).click();
    await page.waitForURL(/done=booking_secret_saved#booking-calcom$/);
    expect(await page.locator(".flash").textContent()).toContain("Signing secret saved");
    expect(await calcom.locator("h3").textContent()).toContain("Connected");
    expect(await calcom.locator(".pulses").textContent()).toMatch(/Signing secret set on /);
    expect(await page.content()).not.toContain(SECRET);

    expect((await calcomBooking("not-the-secret-at-all")).status).toBe(403);
    await page.reload();
    expect(await calcom.locator(".pulse.bad").textContent()).toMatch(/^Refused .+: its signature did not match the secret set here/);
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("integrations-bookings-refused-phone");
    await page.setViewportSize(DESKTOP);

    const booked = await calcomBooking(SECRET);
    expect(await booked.json()).toMatchObject({ result: "matched" });
    await page.reload();
    expect(await calcom.locator(".pulse.ok").textContent()).toMatch(/^Last booking webhook: .+, signature verified, booked a lead\.$/);
    expect(await calcom.locator(".pulse.bad").count()).toBe(0);

    const calendly = page.locator("#booking-calendly");
    expect(await calendly.locator("h3").textContent()).toContain("Not connected");
    const command = await calendly.getByLabel("Then run").inputValue();
    expect(JSON.parse(/-d '([^']+)'$/.exec(command)![1]!)).toMatchObject({ url: `${w.url}/webhooks/booking/calendly/${businessId}`, events: ["invitee.created", "invitee.canceled"] });

    await noWiderThan(DESKTOP.width);
    await shot("integrations-bookings-desktop");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("integrations-bookings-phone");
    await page.setViewportSize(DESKTOP);
    expect(consoleErrors).toEqual([]);
  });
});
