/**
 * The Contacts view in a real browser (Debian's Chromium through playwright-core) against the real
 * worker under `wrangler dev`, at desktop size and at 390 px: an office manager imports the
 * customer list exported from their CRM (preview first), finds a VIP, unblocks a number the owner
 * blocked by text, and forgets a contact.
 */
import { describe, expect, it } from "vitest";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE, logInAsOwner } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const suite = browserSuite();

/** A CRM's export as Excel saves it: a BOM, CRLF, a quoted name with a comma, an extra column, one row without a number. */
const CRM_EXPORT = [
  "\uFEFFname,phone,tags,email",
  '"Lopez, Maria",(415) 234-1800,customer;vip,maria@example.com',
  "Bob Supplies,415.234.1801,internal,bob@example.com",
  "No Number,,customer,nobody@example.com",
  "Ann Lee,+1 415 234 1802,customer,ann@example.com",
].join("\r\n");

describe("the Contacts view in Chromium", () => {
  it("imports a CRM export with a preview, finds, unblocks and forgets contacts, at desktop size and on a phone", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const url = w.url;
    const business = await w.admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago" });
    await w.admin("PUT", `/businesses/${business.id}/contacts/%2B14152341899`, { tags: ["blocked"] });
    const base = `${url}/admin/businesses/${business.id}`;

    await logInAsOwner(page, url, w.adminToken);
    await page.goto(base);
    await page.getByRole("link", { name: "Contacts" }).click();
    await page.waitForURL(`${base}/contacts`);

    // --- preview: the first rows as they will be stored, the rejected line, nothing written yet ---
    await page.getByLabel(/Contacts file/).setInputFiles({ name: "crm-export.csv", mimeType: "text/csv", buffer: Buffer.from(CRM_EXPORT) });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForURL(`${base}/contacts/import`);
    expect(await page.locator(".sub").first().textContent()).toContain("3 contacts to import or update, 1 line rejected");
    const preview = page.getByRole("table", { name: /contacts as they will be stored/ });
    expect(await preview.locator("tbody tr").first().textContent()).toContain("Lopez, Maria");
    expect(await preview.locator("tbody tr").first().textContent()).toContain("(415) 234-1800");
    expect(await page.getByRole("table", { name: "Rejected lines" }).locator("tbody tr td").allTextContents()).toEqual(["4", "No Number", "phone: missing"]);
    expect((await w.admin<{ contacts: unknown[] }>("GET", `/businesses/${business.id}/contacts`)).contacts).toHaveLength(1);
    await shot("contacts-import-preview");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("contacts-import-preview-phone");
    await page.setViewportSize(DESKTOP);

    // --- import what the preview showed ---
    await page.getByRole("button", { name: "Import 3 contacts" }).click();
    expect(await page.getByRole("status").textContent()).toContain("3 new contacts, 0 updates, 1 line rejected.");
    await page.getByRole("link", { name: "Back to the contacts" }).click();
    const rows = page.getByRole("table", { name: "Contacts" }).locator("tbody tr");
    await eventually(async () => (await rows.count()) === 4, "four contacts listed");
    await shot("contacts");

    // --- find the VIPs ---
    await page.getByLabel("Tag", { exact: true }).fill("vip");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL((u) => u.searchParams.get("tag") === "vip");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Lopez, Maria");

    // --- on a phone: the list fits, and the number the owner blocked by text is unblocked ---
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/contacts`);
    await noWiderThan(PHONE.width);
    await shot("contacts-phone");
    await page.getByRole("button", { name: "Unblock (415) 234-1899" }).click();
    expect(await page.getByRole("status").textContent()).toContain("Unblocked");
    expect(await page.getByRole("button", { name: /^Unblock/ }).count()).toBe(0);

    // --- a contact's page: change the tags, then forget them ---
    await page.getByRole("link", { name: "Bob Supplies" }).click();
    // The contact's own page, not the list still unloading (its document is gone for a moment).
    await page.waitForURL(/\/contacts\/%2B\d+$/);
    await noWiderThan(PHONE.width);
    await shot("contact-phone");
    await page.getByLabel("Tags").fill("internal, plumbing supplier");
    await page.getByRole("button", { name: "Save contact" }).click();
    expect(await page.getByRole("status").textContent()).toContain("Saved");
    expect(await page.getByLabel("Tags").inputValue()).toBe("internal, plumbing supplier");
    await page.setViewportSize(DESKTOP);
    await page.getByRole("button", { name: "Forget this contact" }).click();
    expect(await page.getByRole("status").textContent()).toContain("Contact forgotten");
    expect(await rows.count()).toBe(2);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
