/**
 * The Settings page's "Keep callers' words off our phones" option in Chromium, at desktop size and
 * at 390 px: a dental practice starts with it ticked (its preset), the why is under it, the page
 * does not scroll sideways, and unticking and saving turns it off.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE } from "../support-node/chromium";

const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "screenshots");

const suite = browserSuite({
  setup: async (w) => ({ businessId: (await w.admin<{ id: string }>("POST", "/businesses", { name: "Bright Smile Dental", timezone: "America/Chicago", preset: "dental", notifyPhone: "+13122345699" })).id }),
  loggedIn: true,
});

describe("the private-texts option on the Settings page", () => {
  it("is ticked for a dental practice, says why, fits a phone, and unticks", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const settingsUrl = `${w.url}/admin/businesses/${suite.fixture.businessId}/settings`;
    await page.goto(settingsUrl);
    const box = page.getByRole("checkbox", { name: /Keep callers' words off our phones/ });
    await expect.poll(() => box.isChecked()).toBe(true);
    const business = page.locator("fieldset").filter({ has: box });
    expect(await business.textContent()).toContain("health or privileged information");
    await business.screenshot({ path: path.join(SCREENSHOTS, "private-texts-desktop.png") });
    await shot("private-texts-settings-desktop");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    const size = await box.boundingBox();
    expect(size!.x + size!.width).toBeLessThanOrEqual(PHONE.width);
    await business.screenshot({ path: path.join(SCREENSHOTS, "private-texts-phone.png") });
    await box.uncheck();
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.waitForURL((u) => u.searchParams.get("done") !== null);
    const saved = await w.admin<{ settings: { privateTexts: boolean } }>("GET", `/businesses/${suite.fixture.businessId}`);
    expect(saved.settings.privateTexts).toBe(false);
    await page.setViewportSize(DESKTOP);
    expect(consoleErrors).toEqual([]);
  });
});
