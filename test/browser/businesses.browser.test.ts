/**
 * The businesses list of an operator with many businesses, in a real browser (Debian's Chromium
 * through playwright-core) against the real worker under `wrangler dev`, at desktop size and at
 * 390 px: a page of 50 by name, the next page, a search by name and by a number, and the switcher
 * on a business's tabs leading back to the whole list; past 100 businesses, the Users page.
 */
import { describe, expect, it } from "vitest";
import { newTwilioAccount } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, logInAsOwner, PHONE } from "../support-node/chromium";

const ACCOUNT = newTwilioAccount();
const suite = browserSuite({ simulator: { accounts: [ACCOUNT] } });

const rowNames = () => suite.page.locator("table tbody tr td:first-child a").allTextContents();

describe("the businesses list in Chromium", () => {
  it("pages through 61 businesses by name, finds one by name and by its number, and the switcher leads back to the list", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const url = w.url;
    for (let i = 1; i <= 60; i++) {
      await w.admin("POST", "/businesses", { name: `Franchise ${String(i).padStart(2, "0")} Plumbing`, timezone: "America/Chicago" });
    }
    const harbor = await w.admin<{ id: string }>("POST", "/businesses", { name: "Harbor Dental", timezone: "America/New_York" });
    await w.admin("POST", `/businesses/${harbor.id}/numbers`, {
      e164: "+15122345142",
      carrier: "twilio",
      mode: "forward",
      credentials: ACCOUNT,
    });

    await logInAsOwner(page, url, w.adminToken);
    await page.goto(`${url}/admin/businesses`);
    const total = Number(/([\d,]+) businesses, 50 a page by name/.exec((await page.locator("p.meta").first().textContent()) ?? "")?.[1]);
    expect(total).toBeGreaterThanOrEqual(61);
    const first = await rowNames();
    expect(first).toHaveLength(50);
    expect([...first].sort((a, b) => a.localeCompare(b))).toEqual(first);
    await shot("businesses-desktop");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("businesses-phone");
    await page.setViewportSize(DESKTOP);

    await page.getByRole("link", { name: "More businesses" }).click();
    await page.waitForURL((u) => u.searchParams.has("after"));
    const second = await rowNames();
    expect(second.length).toBe(total - 50);
    expect(second[0]! > first.at(-1)!).toBe(true);

    await page.getByLabel("Search").fill("harbor");
    await page.getByRole("button", { name: "Find" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === "harbor");
    expect(await rowNames()).toEqual(["Harbor Dental"]);
    await page.getByLabel("Search").fill("(512) 234-5142");
    await page.getByRole("button", { name: "Find" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === "(512) 234-5142");
    expect(await rowNames()).toEqual(["Harbor Dental"]);

    await page.getByRole("link", { name: "Harbor Dental" }).click();
    await page.locator("nav.tabs .switcher summary").click();
    const others = page.getByRole("list", { name: "Your other businesses" });
    expect(await others.getByRole("link").count()).toBe(51);
    await shot("businesses-switcher");
    await others.getByRole("link", { name: "All businesses…" }).click();
    await page.waitForURL(`${url}/admin/businesses`);
    expect(consoleErrors).toEqual([]);
  });

  it("past 100 businesses, the Users page adds a person's business by its name instead of a box per business", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    for (let i = 61; i <= 105; i++) {
      await w.admin("POST", "/businesses", { name: `Franchise ${String(i).padStart(3, "0")} Plumbing`, timezone: "America/Chicago" });
    }
    await page.goto(`${w.url}/admin/users`);
    expect(await page.locator('input[name="businessIds"]').count()).toBe(0);
    await page.getByLabel("Email").fill("dana@example.com");
    await page.getByLabel("Name").fill("Dana Reyes");
    await page.locator("#invite-add").fill("harbor dental");
    await page.getByRole("button", { name: "Make an invite link" }).click();
    expect(await page.getByRole("status").textContent()).toContain("Invite for dana@example.com");
    const row = page.getByRole("row", { name: /Dana Reyes/ });
    expect(await row.textContent()).toContain("Harbor Dental");
    await row.getByText("Change Dana Reyes").click();
    expect(await row.getByLabel("Harbor Dental").isChecked()).toBe(true);
    await shot("users-many-businesses-desktop");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("users-many-businesses-phone");
    await page.setViewportSize(DESKTOP);
    expect(consoleErrors).toEqual([]);
  });
});
