/**
 * Debian's Chromium through playwright-core, as every browser test opens it: a persistent context
 * on a fresh temporary profile, headless, with the page's console errors (CSP violations included)
 * collected, and screenshots kept under test/browser/screenshots for a person to look at.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "browser", "screenshots");
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-dev-shm-usage"];

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface Chromium {
  context: BrowserContext;
  page: Page;
  /** Console errors so far, CSP violations included: a blocked inline script shows up here. */
  consoleErrors: string[];
  /** A full-page screenshot, `name`.png. */
  shot(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openChromium(opts: { timeoutMs?: number } = {}): Promise<Chromium> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const profile = await mkdtemp(path.join(os.tmpdir(), "textback-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS, viewport: DESKTOP });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.setDefaultTimeout(opts.timeoutMs ?? 10_000);
  return {
    context,
    page,
    consoleErrors,
    shot: (name) => screenshot(page, path.join(SCREENSHOTS, `${name}.png`)),
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A full-page screenshot, tried again when headless Chromium has no frame to give yet ("Unable to
 * capture screenshot" happens under a loaded CI machine, right after a navigation): the picture is
 * for a person to look at, and a missing frame says nothing about the page.
 */
async function screenshot(page: Page, file: string, attempts = 4): Promise<Buffer> {
  for (let i = 1; ; i++) {
    try {
      return await page.screenshot({ path: file, fullPage: true });
    } catch (err) {
      if (i >= attempts || !String(err).includes("Unable to capture screenshot")) throw err;
      await page.waitForTimeout(250 * i);
    }
  }
}

/** Log in on the admin form with the owner's token (ADMIN_TOKEN) and wait until the login page is left. */
export async function logInAsOwner(page: Page, origin: string, adminToken: string): Promise<void> {
  await page.goto(`${origin}/admin`);
  await page.getByText("Sign in with the admin token").click();
  await page.getByLabel("Admin token").fill(adminToken);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((u) => u.pathname.startsWith("/admin") && !u.pathname.startsWith("/admin/login"));
}
