/**
 * A failed setup looks like a failure, in a real browser (Debian's Chromium through playwright-core)
 * against the worker under `wrangler dev`, with the Twilio simulator as the carrier: a number added
 * with a wrong auth token, its test text refused by the carrier (20003) and said so on the page,
 * on the number's card and on the dashboard, until the right token is entered. And "Place a test
 * call" on forwarded Plivo, Vonage and Bandwidth numbers, through the simulator, on a phone and a desktop.
 */
import { describe, expect, it } from "vitest";
import { DEMO_BANDWIDTH_ACCOUNT, DEMO_BANDWIDTH_NUMBER, DEMO_PLIVO_ACCOUNT, DEMO_PLIVO_NUMBER, DEMO_VONAGE_NUMBER, newTwilioAccount } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { PHONE, DESKTOP } from "../support-node/chromium";

const ACCOUNT = newTwilioAccount();
const NUMBER = "+15122345670";

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (running) => ({ businessId: (await running.admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago" })).id }),
  timeoutMs: 15_000,
  loggedIn: true,
});

describe("a wrong carrier token in Chromium", () => {
  it("the test text shows the carrier's refusal, the number and the dashboard keep saying it until the token is fixed", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const { businessId } = suite.fixture;
    const base = `${w.url}/admin/businesses/${businessId}`;
    await page.goto(`${base}/numbers`);
    await page.locator("#twilio-e164").fill("(512) 234-5670");
    await page.locator("#twilio-accountSid").fill(ACCOUNT.accountSid);
    await page.locator("#twilio-authToken").fill(`${ACCOUNT.authToken.slice(0, -4)}oops`);
    await page.getByRole("button", { name: "Add Twilio number" }).click();
    // The page checks the number's settings at the carrier right away (refused too: the token is wrong).
    await page.waitForURL(/\/numbers\?done=number_added/);

    await page.getByLabel("Send a test text to").fill("(415) 234-5678");
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Send test text" }).click()]);
    expect(answer.status()).toBe(502);
    expect(await page.getByRole("alert").textContent()).toContain("The test text was not sent: the carrier refused the number's credentials (20003).");
    expect(await page.locator("main").textContent()).not.toContain("queued");
    const card = page.locator("section.card", { hasText: "(512) 234-5670" });
    expect(await card.locator(".number-problem").textContent()).toContain("Texts from (512) 234-5670 are not going out: the carrier refused the number's credentials (20003)");
    expect(await w.sim.messages.filter((m) => m.from === NUMBER)).toEqual([]);
    await shot("number-wrong-token");

    // The dashboard says it too, and links to the fix.
    await page.goto(base);
    const warning = page.locator(".number-problem");
    expect(await warning.textContent()).toContain("Texts from (512) 234-5670 are not going out: the carrier refused the number's credentials (20003)");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("dashboard-wrong-token-phone");
    await page.setViewportSize(DESKTOP);
    await warning.getByRole("link", { name: "Numbers page" }).click();

    // The right token: the replace form is open already; then a test text goes through and the warning goes.
    await page.locator(`input[id^="cred-"][id$="-accountSid"]`).fill(ACCOUNT.accountSid);
    await page.locator(`input[id^="cred-"][id$="-authToken"]`).fill(ACCOUNT.authToken);
    await page.getByRole("button", { name: "Replace credentials" }).click();
    await page.waitForURL(/done=number_updated$/);
    expect(await page.locator(".number-problem").count()).toBe(0);
    await page.getByLabel("Send a test text to").fill("(415) 234-5678");
    await page.getByRole("button", { name: "Send test text" }).click();
    await page.waitForURL(/done=test_sent$/);
    expect(await page.locator(".flash").textContent()).toContain("Test text sent: the carrier accepted it.");
    expect(w.sim.messages.filter((m) => m.from === NUMBER)).toHaveLength(1);
    await page.goto(base);
    expect(await page.locator(".number-problem").count()).toBe(0);
    // The refused test text is the one failed load (502); no script error, no CSP violation.
    expect(consoleErrors.filter((e) => !/status of 502/.test(e))).toEqual([]);
  });
});

describe("a test call from a forwarded number in Chromium", () => {
  it("each of Plivo, Vonage and Bandwidth calls the business's phone through the simulator, said on the number's card", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const errorsBefore = consoleErrors.length;
    const biz = await w.admin<{ id: string }>("POST", "/businesses", { name: "Lakeside Dental", timezone: "America/Chicago", forwardTo: "+13122345699" });
    const { apiKey, apiSecret, applicationId, privateKeyPem, signatureSecret } = w.sim.vonageApplication;
    const numbers = [
      { e164: DEMO_PLIVO_NUMBER, carrier: "plivo", credentials: DEMO_PLIVO_ACCOUNT },
      { e164: DEMO_VONAGE_NUMBER, carrier: "vonage", credentials: { apiKey, apiSecret, applicationId, privateKey: privateKeyPem, signatureSecret } },
      { e164: DEMO_BANDWIDTH_NUMBER, carrier: "bandwidth", credentials: DEMO_BANDWIDTH_ACCOUNT },
    ];
    for (const n of numbers) await w.admin("POST", `/businesses/${biz.id}/numbers`, { ...n, mode: "forwarded" });
    await page.goto(`${w.url}/admin/businesses/${biz.id}/numbers`);
    for (const shown of ["(512) 234-5682", "(512) 234-5680", "(512) 234-5683"]) {
      const card = page.locator("section.card", { hasText: shown });
      await Promise.all([page.waitForURL(/\/test-call$/), card.getByRole("button", { name: "Place a test call" }).click()]);
      const said = page.locator("section.card", { hasText: shown }).locator('[role="status"]', { hasText: "Calling" });
      expect(await said.textContent()).toBe("Calling (312) 234-5699 now: let it ring. When your line forwards it here, this number turns green.");
    }
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("numbers-test-call-phone");
    await page.setViewportSize(DESKTOP);
    await noWiderThan(DESKTOP.width);
    await shot("numbers-test-call-desktop");
    expect(consoleErrors.slice(errorsBefore)).toEqual([]);
  });
});
