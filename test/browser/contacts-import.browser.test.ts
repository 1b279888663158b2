/**
 * Importing a Google Contacts export in a real browser (Debian's Chromium through playwright-core)
 * against the real worker under `wrangler dev`, at 1280 px and at 390 px: the preview says which
 * columns it reads and why some rows have no usable phone, the owner picks another column for the
 * name with a select (no script: the form posts again), and the import writes what was shown.
 */
import { describe, expect, it } from "vitest";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE, logInAsOwner } from "../support-node/chromium";

const suite = browserSuite();

const HEADER =
  "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted".split(",");
const ROWS: Record<string, string>[] = [
  { "First Name": "Maria", "Last Name": "Lopez", Nickname: "Mari", Notes: "Gate code 1234, side door", "Phone 1 - Label": "Work", "Phone 1 - Value": "+1 512-234-1900", "Phone 2 - Label": "Mobile", "Phone 2 - Value": "(512) 234-1901" },
  { "First Name": "Bob", "Last Name": "Stone", Nickname: "Bobby", "Phone 1 - Label": "* Mobile", "Phone 1 - Value": "512.234.1902" },
  { "Organization Name": "Acme Supply", "Phone 1 - Label": "Work", "Phone 1 - Value": "512 234 1903" },
  { "First Name": "Email", "Last Name": "Only", "E-mail 1 - Label": "Home", "E-mail 1 - Value": "only@example.com" },
];
const quoted = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const GOOGLE_EXPORT = [HEADER, ...ROWS.map((r) => HEADER.map((h) => r[h] ?? ""))].map((cells) => cells.map(quoted).join(",")).join("\r\n") + "\r\n";

describe("importing a Google Contacts export in Chromium", () => {
  it("previews the columns read, lets the owner pick the name's column, and imports what it showed, at 1280 and 390 px", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const business = await w.admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago" });
    const base = `${w.url}/admin/businesses/${business.id}`;
    await logInAsOwner(page, w.url, w.adminToken);
    await page.goto(`${base}/contacts`);

    await page.getByLabel(/Contacts file/).setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(GOOGLE_EXPORT) });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForURL(`${base}/contacts/import`);
    const mapping = page.locator("ul.mapping li");
    expect(await mapping.allTextContents()).toEqual([
      "Name ← First Name + Middle Name + Last Name, else Organization Name",
      "Phone ← Phone 1 - Value or Phone 2 - Value (the one labelled mobile, else the first valid)",
      "Tags ← Labels",
      "Notes ← Notes",
    ]);
    expect(await page.locator(".unusable").textContent()).toBe("1 row has no usable phone: 1 with no number in the phone columns read. Their lines are listed below.");
    const rows = page.getByRole("table", { name: /contacts as they will be stored/ }).locator("tbody tr");
    expect(await rows.allTextContents()).toEqual([
      expect.stringMatching(/^Maria Lopez\(512\) 234-1901Gate code 1234, side door$/),
      expect.stringMatching(/^Bob Stone\(512\) 234-1902$/),
      expect.stringMatching(/^Acme Supply\(512\) 234-1903$/),
    ]);
    expect(await page.getByRole("table", { name: "Rejected lines" }).locator("tbody tr").textContent()).toBe("5Email Onlyphone: missing");
    await shot("contacts-import-google-preview");
    await page.setViewportSize(PHONE);
    await noWiderThan(PHONE.width);
    await shot("contacts-import-google-preview-phone");

    // --- on the phone: the name from the nickname, previewed again before anything is written ---
    await page.getByLabel("Name from").selectOption({ label: 'Nickname (e.g. "Mari")' });
    await page.getByRole("button", { name: "Preview with these columns" }).click();
    await page.waitForURL(`${base}/contacts/import`);
    expect(await mapping.first().textContent()).toBe("Name ← Nickname");
    expect(await page.getByLabel("Name from").inputValue()).toBe(String(HEADER.indexOf("Nickname")));
    expect(await rows.first().textContent()).toMatch(/^Mari\(512\) 234-1901/);
    await noWiderThan(PHONE.width);
    await shot("contacts-import-google-picked-phone");
    expect((await w.admin<{ contacts: unknown[] }>("GET", `/businesses/${business.id}/contacts`)).contacts).toEqual([]);

    await page.setViewportSize(DESKTOP);
    await page.getByRole("button", { name: "Import 3 contacts" }).click();
    expect(await page.getByRole("status").textContent()).toContain("3 new contacts, 0 updates, 1 line rejected.");
    const stored = await w.admin<{ contacts: { phone: string; name: string | null; notes: string | null }[] }>("GET", `/businesses/${business.id}/contacts`);
    expect(stored.contacts.map((c) => [c.phone, c.name, c.notes])).toEqual([
      ["+15122341901", "Mari", "Gate code 1234, side door"],
      ["+15122341902", "Bobby", null],
      ["+15122341903", null, null],
    ]);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
