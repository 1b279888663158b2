/**
 * Bad input keeps the user's work, in a real browser (Debian's Chromium through playwright-core)
 * against the worker under `wrangler dev`: a 5,000-number blocklist with one wrong line, and a
 * text-back template without opt-out wording, each refused with the form as typed; and a template
 * whose booking link the business lacks, saved with a warning instead of refused as empty.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite } from "../support-node/browser-suite";

const suite = browserSuite({
  setup: async (running) => ({ businessId: (await running.admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago" })).id }),
  timeoutMs: 15_000,
  loggedIn: true,
});

/** Puts a long text in a field as a paste does, at once (typing 5,000 lines takes Chromium minutes). */
const paste = (field: ReturnType<Page["getByLabel"]>, text: string) =>
  field.evaluate((el, value) => {
    (el as HTMLTextAreaElement).value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);

/** `n` distinct valid US numbers, typed the way people type them. */
const numbers = (n: number) => Array.from({ length: n }, (_, i) => `(312) ${200 + Math.floor(i / 10000)}-${String(i % 10000).padStart(4, "0")}`);

describe("bad input in Chromium", () => {
  it("keeps a 5,000-number blocklist with a wrong line, marks it, and saves it once fixed", async () => {
    const { w, page } = suite;
    const { businessId } = suite.fixture;
    const base = `${w.url}/admin/businesses/${businessId}`;
    await page.goto(`${base}/settings`);
    const lines = numbers(5000);
    lines[4321] = "call me";
    const blocklist = page.getByLabel("Never text these numbers");
    await paste(blocklist, lines.join("\n"));
    await page.getByLabel("Business name").fill("Riverside Plumbing & Heating");
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Save settings" }).click()]);
    expect(answer.status()).toBe(400);
    expect(await page.getByRole("alert").textContent()).toContain('Never text these numbers, line 4322: "call me" is not a valid phone number.');
    expect(await blocklist.inputValue()).toBe(lines.join("\n"));
    expect(await blocklist.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Business name").inputValue()).toBe("Riverside Plumbing & Heating");

    lines[4321] = "(312) 299-0000";
    await paste(blocklist, lines.join("\n"));
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.waitForURL(`${base}/settings?done=saved`);
    const saved = await w.admin("GET", `/businesses/${businessId}`);
    expect(saved.name).toBe("Riverside Plumbing & Heating");
    // Stored as contacts tagged blocked, and shown again by the form.
    expect((await blocklist.inputValue()).split("\n")).toHaveLength(5000);
    expect((await w.admin("GET", `/businesses/${businessId}/contacts?tag=blocked&limit=1`)).contacts[0].phone).toBe("+13122000000");
  });

  it("refuses an after-hours template without opt-out wording, as you type and on save, keeping the text", async () => {
    const { w, page, consoleErrors } = suite;
    const { businessId } = suite.fixture;
    const base = `${w.url}/admin/businesses/${businessId}`;
    const before = (await w.admin("GET", `/businesses/${businessId}/templates`)).templates.find((t: { kind: string }) => t.kind === "after_hours").body;
    await page.goto(`${base}/templates/after_hours`);
    const text = "This is {business}. We're closed, call us back tomorrow!";
    const editor = page.getByRole("textbox", { name: /^Text\b/ });
    await editor.fill(text);
    await page.locator("#preview-warnings li.bad", { hasText: "Opt-out wording is required" }).waitFor();
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && !r.url().endsWith("/preview")), page.getByRole("button", { name: "Save template" }).click()]);
    expect(answer.status()).toBe(400);
    expect(await page.getByRole("alert").textContent()).toContain("Opt-out wording is required: this is the first text a caller gets from you");
    expect(await editor.inputValue()).toBe(text);
    expect(await editor.getAttribute("aria-invalid")).toBe("true");
    expect((await w.admin("GET", `/businesses/${businessId}/templates`)).templates.find((t: { kind: string }) => t.kind === "after_hours").body).toBe(before);

    await editor.fill(`${text} STOP to end`);
    await page.getByRole("button", { name: "Save template" }).click();
    await page.waitForURL(`${base}/templates/after_hours?done=saved`);
    // The refusals themselves are the only failed loads (400); no script error, no CSP violation.
    expect(consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it("warns, not refuses, when the business has no booking link: the sentence with it left out, at 390 and 1280 px", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const { businessId } = suite.fixture;
    const base = `${w.url}/admin/businesses/${businessId}`;
    const text = "This is {business}, sorry we missed you. Reply STOP to opt out. Book online: {bookingUrl}";
    const warning = '{bookingUrl} is empty: this business has no booking link (Settings → Booking link), so "Book online: …" is left out.';
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/templates/missed_call`);
    const editor = page.getByRole("textbox", { name: /^Text\b/ });
    await editor.fill(text);
    const { name } = await w.admin<{ name: string }>("GET", `/businesses/${businessId}`);
    // It came out "(empty)" and the save was refused.
    await page.locator("#preview-text", { hasText: `This is ${name}, sorry we missed you. Reply STOP to opt out.` }).waitFor();
    expect((await page.locator("#preview-text").textContent())?.trim()).toBe(`This is ${name}, sorry we missed you. Reply STOP to opt out.`);
    expect((await page.locator("#preview-segments").textContent())?.trim()).toBe("1 segment");
    expect((await page.locator("#preview-warnings li").allTextContents()).map((t) => t.trim())).toEqual([warning]);
    expect(await page.locator("#preview-warnings li.bad").count()).toBe(0);
    await noWiderThan(390);
    await shot("template-empty-link-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot("template-empty-link-desktop");

    await page.getByRole("button", { name: "Save template" }).click();
    await page.waitForURL(`${base}/templates/missed_call?done=saved`);
    expect(await editor.inputValue()).toBe(text);
    expect((await page.locator("#preview-warnings li").allTextContents()).map((t) => t.trim())).toEqual([warning]);
    expect(consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
