/**
 * What every browser test file sets up, in one call at its top level: the real worker with the
 * carrier simulator (./worker.ts) and Chromium (./chromium.ts) started before its tests and closed
 * after them, the worker's output shown when a test fails, and the page's usual checks.
 *
 * @example
 * const suite = browserSuite({
 *   simulator: { accounts: [ACCOUNT] },
 *   setup: async (w) => ({ businessId: (await w.admin<{ id: string }>("POST", "/businesses", BUSINESS)).id }),
 *   loggedIn: true,
 * });
 * it("…", async () => {
 *   const { w, page, shot } = suite;
 *   await page.goto(`${w.url}/admin/businesses/${suite.fixture.businessId}`);
 *   await shot("business");
 * });
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { SimulatorSetup } from "../../scripts/lib/local-worker.mjs";
import { logInAsOwner, openChromium, type Chromium } from "./chromium";
import { showOutputOnFailure, startWorker, type RunningWorker } from "./worker";

export interface BrowserSuiteOptions<F> {
  /** What the carrier simulator starts with: accounts, business numbers, the owner's phone. */
  simulator?: SimulatorSetup;
  /** Run once the worker is up (e.g. make a business over the admin API); what it returns is the suite's `fixture`. */
  setup?: (w: RunningWorker) => Promise<F>;
  /** The page's default timeout for actions and waits (openChromium's default when not given). */
  timeoutMs?: number;
  /** Log in as the owner before the tests, and wait for the business's page (where the owner of one business lands). */
  loggedIn?: boolean;
}

/** The running worker and browser, read inside a test (they exist once the file's beforeAll has run). */
export interface BrowserSuite<F> {
  readonly w: RunningWorker;
  readonly browser: Chromium;
  readonly page: Page;
  /** The page's console errors so far, CSP violations included. */
  readonly consoleErrors: string[];
  /** What `setup` returned. */
  readonly fixture: F;
  /** A full-page screenshot, test/browser/screenshots/`name`.png. */
  shot(name: string): Promise<Buffer>;
  /** Expect the page not to scroll sideways at `width`, nor any table inside its own box. */
  noWiderThan(width: number): Promise<void>;
}

export function browserSuite<F = void>(opts: BrowserSuiteOptions<F> = {}): BrowserSuite<F> {
  let w: RunningWorker | undefined;
  let browser: Chromium | undefined;
  let fixture: F | undefined;

  beforeAll(async () => {
    w = await startWorker(opts.simulator, async (running) => {
      if (opts.setup) fixture = await opts.setup(running);
    });
    browser = await openChromium({ timeoutMs: opts.timeoutMs });
    if (opts.loggedIn) {
      await logInAsOwner(browser.page, w.url, w.adminToken);
      await browser.page.waitForURL(/\/admin\/businesses(\/|$|\?)/);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  showOutputOnFailure(() => w);

  const started = () => {
    if (!w || !browser) throw new Error("browserSuite: the worker and Chromium are not started (read them inside a test, not at the file's top level)");
    return { w, browser };
  };
  return {
    get w() {
      return started().w;
    },
    get browser() {
      return started().browser;
    },
    get page() {
      return started().browser.page;
    },
    get consoleErrors() {
      return started().browser.consoleErrors;
    },
    get fixture() {
      started();
      return fixture as F;
    },
    shot: (name) => started().browser.shot(name),
    noWiderThan: (width) => expectNoWiderThan(started().browser.page, width),
  };
}

/**
 * Expect `page` not to scroll sideways at `width`, nor any table inside its own box (a column pushed
 * off the right edge is as hidden as a page too wide): for a page other than the suite's own.
 */
export async function expectNoWiderThan(page: Page, width: number): Promise<void> {
  const path = new URL(page.url()).pathname;
  expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(width);
  const tables = await page.locator(".table-wrap").evaluateAll((boxes) =>
    boxes.map((box) => ({ columns: [...box.querySelectorAll("thead th")].map((th) => th.textContent).join(" | "), scroll: box.scrollWidth, client: box.clientWidth })),
  );
  for (const t of tables) expect(t.scroll, `${path}: the table ${t.columns} scrolls sideways`).toBeLessThanOrEqual(t.client);
}
