/**
 * The simulator's page as the README's quick start uses it, in a real browser (Debian's Chromium
 * through playwright-core) against the worker under `wrangler dev`: a missed call, a reply as the
 * caller and an answer as the owner, all with its buttons; the texts appear without a reload, and
 * the admin's conversation tells the same story.
 */
import { describe, expect, it } from "vitest";
import { DEMO_BANDWIDTH_ACCOUNT, DEMO_PLIVO_ACCOUNT, newTwilioAccount } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE } from "../support-node/chromium";

const ACCOUNT = newTwilioAccount();
const NUMBER = "+15122345671";
const OWNER = "+13122345699";
/** Numbers the operator added in the admin, not the simulator's own: the page must find their carrier. */
const PLIVO_NUMBER = "+15122345672";
const BANDWIDTH_NUMBER = "+15122345673";

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT], businessNumbers: [NUMBER], ownerPhone: OWNER },
  setup: async (running) => {
    const businessId = (await running.admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago", notifyPhone: OWNER })).id;
    await running.admin("POST", `/businesses/${businessId}/numbers`, { e164: NUMBER, carrier: "twilio", credentials: ACCOUNT });
    // The simulator's own Plivo account; Bandwidth with a callback password the simulator does not send.
    await running.admin("POST", `/businesses/${businessId}/numbers`, { e164: PLIVO_NUMBER, carrier: "plivo", credentials: DEMO_PLIVO_ACCOUNT });
    const { accountId, applicationId, clientId, clientSecret, callbackUsername } = DEMO_BANDWIDTH_ACCOUNT;
    const bandwidth = { accountId, applicationId, clientId, clientSecret, callbackUsername, callbackPassword: "not the simulator's password" };
    await running.admin("POST", `/businesses/${businessId}/numbers`, { e164: BANDWIDTH_NUMBER, carrier: "bandwidth", credentials: bandwidth });
    return { businessId };
  },
  timeoutMs: 15_000,
});

const texts = () => suite.page.locator("#texts li");

describe("the simulator page in Chromium", () => {
  it("places a missed call, replies as the caller and answers as the owner, with its buttons", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    await page.goto(w.sim.url);
    const caller = await page.getByLabel("From (the caller)").first().inputValue();
    expect(caller).toMatch(/^\+1\d{10}$/);

    // 1. The call: the page comes back saying so, and the text-back arrives without a reload.
    await page.getByRole("button", { name: "Place call" }).click();
    await page.waitForURL(`${w.sim.url}/?done=call&via=twilio`);
    expect(await page.getByRole("status").textContent()).toContain("Call placed");
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await texts().filter({ hasText: `to the caller ${caller}` }).waitFor();
    expect(await texts().first().textContent()).toContain("Riverside Plumbing");

    // 2. The caller replies (the form kept who they are): the owner gets it relayed.
    expect(await page.locator("#caller-from").inputValue()).toBe(caller);
    await page.getByLabel("Text", { exact: true }).first().fill("Can you come today? The kitchen sink is leaking");
    await page.getByRole("button", { name: "Send as the caller" }).click();
    await page.waitForURL(`${w.sim.url}/?done=caller&via=twilio`);
    await texts().filter({ hasText: `to the owner ${OWNER}` }).filter({ hasText: "kitchen sink" }).waitFor();

    // 3. The owner answers that caller: it reaches them from the business number.
    expect(await page.getByLabel("Answer the caller").inputValue()).toBe(caller);
    // The demo owner's phone unless another business's notify phone is entered.
    expect(await page.getByLabel("From the owner's phone").inputValue()).toBe(OWNER);
    await page.locator("#owner-body").fill("On our way, Sam");
    await page.getByRole("button", { name: "Send as the owner" }).click();
    await page.waitForURL(`${w.sim.url}/?done=owner&via=twilio`);
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await texts().filter({ hasText: `to the caller ${caller} from ${NUMBER}` }).filter({ hasText: "On our way, Sam" }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await shot("simulator");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("simulator-phone");

    // The admin's conversation has the same three texts and the call, in order.
    const messages = (await w.admin("GET", `/businesses/${suite.fixture.businessId}/messages`)).messages as { to: string; from: string; kind: string; body: string }[];
    const withCaller = messages.filter((m) => m.to === caller || m.from === caller).map((m) => m.kind).reverse();
    expect(withCaller[0]).toMatch(/^(missed_call|after_hours|voicemail)$/);
    expect(withCaller.slice(1)).toEqual(["reply", "manual"]);

    // A number that is not one keeps what was typed, and says why.
    await page.locator("#caller-from").fill("call me maybe");
    await page.getByLabel("Text", { exact: true }).first().fill("Hello?");
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Send as the caller" }).click()]);
    expect(answer.status()).toBe(400);
    expect(await page.getByRole("alert").textContent()).toContain('From: "call me maybe" is not a phone number');
    expect(await page.locator("#caller-from").inputValue()).toBe("call me maybe");
    expect(await page.getByLabel("Text", { exact: true }).first().inputValue()).toBe("Hello?");
    expect(consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it("calls a Plivo number the operator added through Plivo, lets the carrier be picked, and says why the worker refused", async () => {
    const { w, page, shot, noWiderThan } = suite;
    await page.setViewportSize(DESKTOP);
    await page.goto(w.sim.url);
    const caller = await page.locator("#call-from").inputValue();
    expect(await page.locator("#call-carrier").inputValue()).toBe("auto");
    expect(await page.locator("#call-carrier option").allTextContents()).toEqual(["Automatic: the number's carrier", "Twilio", "Telnyx", "Vonage", "Plivo", "Bandwidth"]);

    // Automatic: the worker says the number is on Plivo, so the call speaks Plivo and is texted back.
    await page.locator("#call-to").fill(PLIVO_NUMBER);
    await page.getByRole("button", { name: "Place call" }).click();
    await page.waitForURL(`${w.sim.url}/?done=call&via=plivo`);
    expect(await page.getByRole("status").textContent()).toContain("It went through Plivo.");
    await texts().filter({ hasText: `to the caller ${caller} from ${PLIVO_NUMBER}` }).waitFor();

    // Picked wrong: Twilio's signature for a Plivo number is refused, and the page says so in words.
    await page.locator("#call-to").fill(PLIVO_NUMBER);
    await page.locator("#call-carrier").selectOption("twilio");
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Place call" }).click()]);
    expect(refused.status()).toBe(400);
    const twilioWords = await page.getByRole("alert").textContent();
    expect(twilioWords).toContain("The worker refused the call: 403 (signature) on Twilio's voice webhook.");
    expect(twilioWords).toContain("If the number is on another carrier, pick it under Carrier.");
    expect(twilioWords).not.toContain("Is the worker running");
    expect(await page.locator("#call-carrier").inputValue()).toBe("twilio");

    // Bandwidth, found by the worker, with callback credentials that are not the simulator's.
    await page.locator("#caller-to").fill(BANDWIDTH_NUMBER);
    await page.locator("#caller-body").fill("Are you open on Sunday?");
    await page.getByRole("button", { name: "Send as the caller" }).click();
    const bandwidthWords = await page.getByRole("alert").textContent();
    expect(bandwidthWords).toContain("The worker refused the text: 403 (signature) on Bandwidth's");
    expect(bandwidthWords).toContain(`is ${BANDWIDTH_NUMBER} added to a business as a Bandwidth number, with the simulator's Bandwidth callback username ${DEMO_BANDWIDTH_ACCOUNT.callbackUsername}`);
    await shot("simulator-carrier-refused");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("simulator-carrier-refused-phone");
    await page.setViewportSize(DESKTOP);
  });
});
