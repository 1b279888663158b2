/**
 * The admin page in a real browser (Debian's Chromium through playwright-core) against the real
 * worker under `wrangler dev`, with the Twilio simulator as the carrier: what an office manager
 * does on a first day, from logging in to logging out.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const NUMBER = "+15122345678";

const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

/** A page's screenshot at 390 px: `phone-calls`, `phone-leads-one`, `phone-admin-users`. */
const phoneShotName = (pathname: string) =>
  `phone${pathname.replace(/^\/admin\/businesses\/[^/]+/, "").replace(/\/(leads|conversations)\/[^/]+$/, "/$1-one").replace(/[^a-z]+/gi, "-") || "-dashboard"}`;

const suite = browserSuite({ simulator: { accounts: [ACCOUNT] } });
// The numbers page's Copy buttons are checked by reading the clipboard back.
beforeAll(() => suite.browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: suite.w.url }));

describe("the admin page in Chromium", () => {
  it("takes a new business from login to its first recovered missed call, and logs out", async () => {
    const { w, page, consoleErrors, shot, noWiderThan } = suite;
    const url = w.url;

    // --- log in: a wrong token first ---
    await page.goto(`${url}/admin`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    // Folded away: the owner's alone, behind a disclosure that needs no script.
    expect(await page.getByLabel("Admin token").isVisible()).toBe(false);
    await page.getByText("Sign in with the admin token").click();
    await page.getByLabel("Admin token").fill("not-the-token");
    await page.getByRole("button", { name: "Log in" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("That token is not right");
    await shot("login");
    await page.getByLabel("Admin token").fill(w.adminToken);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${url}/admin/businesses`);

    // --- create a business, with split opening hours ---
    await page.getByRole("link", { name: "New business" }).click();
    await page.getByLabel("What kind of business").selectOption("home_services");
    await page.getByLabel("Business name").fill("Riverside Plumbing");
    await page.getByLabel("Time zone").fill("America/Chicago");
    // The time zone's hint names this field too ("from the Forward calls to number"): the textbox by its own name.
    await page.getByRole("textbox", { name: /^Forward calls to/ }).fill("(312) 234-5678");
    await page.getByRole("textbox", { name: "Booking link" }).fill("https://riverside.example/book");
    // Two openings a day that together cover it, so the call below is inside hours whenever the test runs.
    for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) {
      await page.getByLabel(`${day}, opening 1, from`).fill("00:00");
      await page.getByLabel(`${day}, opening 1, to`).fill("12:00");
      await page.getByLabel(`${day}, opening 2, from`).fill("12:00");
      await page.getByLabel(`${day}, opening 2, to`).fill("00:00");
    }
    await shot("new-business");
    await page.getByRole("button", { name: "Create business" }).click();
    await page.waitForURL(/\/admin\/businesses\/biz_\w+\/numbers\?done=created$/);
    const businessId = /businesses\/(biz_\w+)\//.exec(page.url())![1]!;
    const base = `${url}/admin/businesses/${businessId}`;

    // --- add a number and see the webhook URLs to paste ---
    await page.locator("#twilio-e164").fill(national(NUMBER));
    await page.locator("#twilio-accountSid").fill(ACCOUNT.accountSid);
    await page.locator("#twilio-authToken").fill(ACCOUNT.authToken);
    await page.getByRole("button", { name: "Add Twilio number" }).click();
    await page.waitForURL(new RegExp(`${base}/numbers\\?done=number_added&check=num_\\w+#setup-num_\\w+$`));
    expect(await page.getByLabel("A call comes in (Voice URL, HTTP POST)").inputValue()).toBe(`${url}/webhooks/twilio/voice`);
    expect(await page.getByLabel("A message comes in (Messaging URL, HTTP POST)").inputValue()).toBe(`${url}/webhooks/twilio/sms`);
    expect(await page.content()).not.toContain(ACCOUNT.authToken);
    // Textback read the number's settings at Twilio (the simulator: a new number, nothing set).
    const setup = page.locator(".setup").first();
    expect(await setup.textContent()).toContain("Not set up right at Twilio yet");
    expect(await setup.locator("li.wrong").count()).toBe(2);
    expect(await setup.locator("li.ok").textContent()).toContain("Registered (A2P 10DLC approved).");
    await shot("numbers");
    await page.getByLabel("Let Textback change these settings at Twilio").check();
    await page.getByRole("button", { name: "Configure for me" }).click();
    await page.getByText("Changed 2 settings at the carrier.").waitFor();
    expect(await page.locator(".setup li.ok").count()).toBe(3);
    expect(await page.locator(".setup").first().textContent()).toContain("Set up right at Twilio.");
    await shot("numbers-configured");
    await page.goto(`${base}/numbers`);
    await page.getByRole("button", { name: "Copy" }).first().click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${url}/webhooks/twilio/voice`);

    // --- the template editor: an emoji turns one GSM-7 segment into two UCS-2 ones, as you type ---
    await page.getByRole("link", { name: "Templates" }).click();
    await page.getByRole("link", { name: "Missed-call text" }).click();
    const segments = page.locator("#preview-segments");
    expect((await segments.textContent())?.trim()).toBe("1 segment");
    const editor = page.getByRole("textbox", { name: /^Text\b/ });
    await editor.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" 😊");
    // The default text is about 140 characters: one GSM-7 segment, but three of 67 in UCS-2.
    await page.locator("#preview-encoding", { hasText: "UCS-2" }).waitFor();
    expect((await segments.textContent())?.trim()).toBe("3 segments");
    expect(await page.locator("#preview-warnings").textContent()).toContain("Unicode");
    await shot("template-editor");
    // Save a plain version: it is what the next caller gets.
    const template = "This is {business}. Sorry we missed your call! Reply here and we will help.\nReply STOP to opt out.";
    await editor.fill(template);
    await page.locator("#preview-segments", { hasText: "1 segment" }).waitFor();
    await page.getByRole("button", { name: "Save template" }).click();
    await page.waitForURL(`${base}/templates/missed_call?done=saved`);

    // --- a missed call: texted, listed in calls, shown in the conversation ---
    const caller = randomUsNumber();
    await w.sim.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    const textsTo = () => w.sim.messages.filter((m) => m.to === caller);
    await eventually(() => textsTo().length === 1, "text-back to the caller");
    expect(textsTo()[0]!.body).toBe(template.replace("{business}", "Riverside Plumbing"));

    await page.getByRole("link", { name: "Calls" }).click();
    const row = page.getByRole("row", { name: new RegExp(national(caller).replace(/[()]/g, "\\$&")) });
    expect(await row.textContent()).toContain("Texted: no answer");
    await shot("calls");
    await row.getByRole("link", { name: national(caller) }).click();
    await page.waitForURL(`${base}/conversations/${encodeURIComponent(caller)}`);
    expect(await page.locator(".timeline").textContent()).toContain("Missed call: no answer");
    // The simulator reports delivery a moment later; the page shows it on reload.
    await eventually(async () => {
      await page.reload();
      return (await page.locator(".timeline .out").first().textContent())?.includes("Delivered");
    }, "delivery report");

    // --- reply by hand from the business number ---
    await page.getByLabel(`Text to ${national(caller)}`).fill("Hi, this is Sam at Riverside. We can come by this afternoon.");
    await page.getByRole("button", { name: "Send text" }).click();
    await page.waitForURL(/done=reply_sent#m_admin_\w+$/);
    await eventually(() => textsTo().length === 2, "manual reply at the simulator");
    expect(textsTo()[1]).toMatchObject({ from: NUMBER, body: "Hi, this is Sam at Riverside. We can come by this afternoon." });
    await w.sim.sendSms({ from: caller, to: NUMBER, body: "Great, see you at 3!" });
    await eventually(async () => {
      await page.reload();
      return (await page.locator(".timeline").textContent())?.includes("see you at 3");
    }, "the caller's reply in the conversation");
    await shot("conversation");

    // --- HELP, STOP and START: each before the answer it caused ---
    for (const [i, word] of ["HELP", "STOP", "START"].entries()) {
      await w.sim.sendSms({ from: caller, to: NUMBER, body: word });
      await eventually(() => textsTo().length === 3 + i, `the answer to ${word}`);
    }
    await page.reload();
    const items = await page.locator(".timeline > li").allInnerTexts();
    const last = items.slice(-9).map((t) => t.replace(/\s+/g, " ").trim());
    const order = ["Caller · .* HELP$", "Asked for HELP", "^HELP answer", "Caller · .* STOP$", "Opted out, by a keyword", "^Opt-out confirmation", "Caller · .* START$", "Opted in again", "^Opt-in confirmation"];
    order.forEach((pattern, i) => expect(last[i], pattern).toMatch(new RegExp(pattern)));
    await page.setViewportSize({ width: 390, height: 844 });
    await shot("conversation-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    // --- opt the caller out, and see it in the consent view ---
    await page.getByRole("link", { name: "Consent" }).click();
    await page.getByLabel("Phone number").fill(national(caller));
    await page.getByLabel("Note").fill("Asked by phone not to be texted");
    await page.getByRole("button", { name: "Opt out", exact: true }).click();
    await page.waitForURL(/done=opted_out$/);
    expect(await page.locator("#consent-status").textContent()).toBe("Opted out");
    expect(await page.locator("table").textContent()).toContain("Opted out, by the owner (admin token)");
    await shot("consent");
    await page.goto(`${base}/conversations/${encodeURIComponent(caller)}`);
    expect(await page.locator("main").textContent()).toContain("This number opted out");

    // --- the caller is a lead: listed, opened, closed as won ---
    await page.getByRole("link", { name: "Leads", exact: true }).click();
    const lead = page.locator(".lead", { hasText: national(caller) });
    expect(await lead.textContent()).toContain("Replied");
    await shot("leads");
    await lead.getByRole("link").click();
    await page.waitForURL(/\/leads\/[^/?]+$/);
    const leadPath = new URL(page.url()).pathname;
    expect(await page.locator(".timeline").textContent()).toContain("see you at 3");
    await page.getByLabel("Won, amount ($)").fill("450");
    await page.getByRole("button", { name: "Mark won" }).click();
    await page.waitForURL(/done=saved$/);
    expect(await page.locator("main").textContent()).toContain("won $450.00");
    await shot("lead");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot("lead-phone");
    await page.goto(`${base}/leads`);
    await shot("leads-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    // --- the questions asked by text: the preview follows what is typed ---
    await page.goto(`${base}/settings/leads`);
    await page.getByLabel("Ask missed callers these questions, one at a time").check();
    await page.getByLabel("Question 1 saved as", { exact: true }).fill("service");
    await page.getByLabel("Question 1", { exact: true }).fill("What do you need fixed?");
    expect(await page.locator("#texted-first-preview").textContent()).toContain("What do you need fixed?");
    expect(await page.locator("#first-question-edited").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL(/settings\/leads\?done=saved$/);
    await shot("lead-settings");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot("lead-settings-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    // --- the dashboard, on a desktop and on a phone ---
    await page.getByRole("link", { name: "Dashboard" }).click();
    const figure = async (label: string) => (await page.locator(".stats div", { hasText: label }).first().locator("dd").textContent())?.trim();
    expect(await figure("Calls")).toBe("1");
    expect(await figure("Missed")).toBe("1");
    expect(await figure("Replies")).toBe("1");
    expect(await figure("Recovery rate")).toBe("100%");
    expect(await figure("Missed callers")).toBe("1");
    expect(await figure("Texted back")).toBe("1 (100%)");
    expect(await page.locator("#texts-by-kind").textContent()).toMatch(/^\d+ texts sent: 1 text-back, /);
    await page.getByText("What these numbers mean").click();
    expect(await page.locator(".definitions").textContent()).toContain("Keywords (STOP, START, HELP and the like) are not replies");
    await shot("dashboard");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot("dashboard-phone");
    // Nothing wider than the phone and no table wider than its box: each row is a card of labelled
    // cells. The header is compact: the business's tabs in one row that scrolls sideways, each tall
    // enough to tap, the page's own tab on screen.
    await w.admin("POST", `/businesses/${businessId}/hooks`, { url: "https://crm.example.com/textback", events: ["call.missed", "lead.won"] });
    const tabPages: [string, string][] = [
      ["", "Dashboard"], ["/leads", "Leads"], ["/conversations", "Conversations"], [leadPath, "Leads"], ["/settings/leads", "Settings"], ["/calls", "Calls"],
      ["/settings", "Settings"], ["/numbers", "Numbers"], ["/templates", "Templates"], ["/templates/missed_call", "Templates"], ["/contacts", "Contacts"],
      ["/consent", "Consent"], ["/dead-letters", "Not sent"], ["/integrations", "Integrations"], [`/conversations/${encodeURIComponent(caller)}`, "Conversations"],
    ];
    for (const [pathname, current] of tabPages) {
      await page.goto(pathname.startsWith("/admin") ? `${url}${pathname}` : `${base}${pathname}`);
      await noWiderThan(390);
      await shot(phoneShotName(pathname));
      const tabs = await page.locator("nav.tabs .tab-list a").evaluateAll((links) => links.map((a) => ({ text: a.textContent, current: a.getAttribute("aria-current"), ...a.getBoundingClientRect().toJSON() })));
      expect(tabs.map((t) => t.text), pathname).toEqual(["Leads", "Conversations", "Dashboard", "Calls", "Templates", "Numbers", "Contacts", "Consent", "Not sent", "Integrations", "Settings"]);
      expect(new Set(tabs.map((t) => t.top)).size, `${pathname}: the tabs are one row`).toBe(1);
      for (const t of tabs) expect(t.height, `${pathname}: the ${t.text} tab is too small to tap`).toBeGreaterThanOrEqual(40);
      const own = tabs.find((t) => t.current === "page");
      expect(own?.text, pathname).toBe(current);
      expect(own!.left >= 0 && own!.right <= 390, `${pathname}: the ${current} tab is off screen`).toBe(true);
      expect(tabs[0]!.bottom, `${pathname}: the header takes more than 140 px`).toBeLessThanOrEqual(140);
    }
    for (const pathname of ["/admin/businesses", "/admin/users", "/admin/account"]) {
      await page.goto(`${url}${pathname}`);
      await noWiderThan(390);
      await shot(phoneShotName(pathname));
    }
    // Every tab is reachable: the row scrolls sideways under a finger (a wheel here) to the last one.
    await page.goto(`${base}/leads`);
    const tabRow = page.locator("nav.tabs .tab-list");
    const lastTab = tabRow.getByRole("link", { name: "Settings" });
    expect((await lastTab.boundingBox())!.x + (await lastTab.boundingBox())!.width, "the row is wider than the phone").toBeGreaterThan(390);
    await tabRow.hover();
    await page.mouse.wheel(1000, 0);
    await expect.poll(async () => { const box = (await lastTab.boundingBox())!; return box.x + box.width; }).toBeLessThanOrEqual(390);
    // The calls table: the column a phone used to hide is on screen, labelled; the header row is still there for screen readers.
    await page.goto(`${base}/calls`);
    const fate = page.locator('td[data-label="What Textback did"]').first();
    expect(await fate.textContent()).toContain("Texted: no answer");
    const fateBox = (await fate.boundingBox())!;
    expect(fateBox.x >= 0 && fateBox.x + fateBox.width <= 390).toBe(true);
    expect(await fate.evaluate((td) => getComputedStyle(td, "::before").content)).toContain("What Textback did");
    expect(await page.getByRole("columnheader", { name: "What Textback did" }).count()).toBe(1);
    await shot("calls-phone");
    // The account menu: closed, then its links tall enough to tap.
    await page.getByText("Menu", { exact: true }).click();
    for (const name of ["Businesses", "Admin token"]) expect((await page.locator(".top-menu-list").getByRole("link", { name }).boundingBox())!.height).toBeGreaterThanOrEqual(40);
    await shot("menu-phone");
    await page.goto(base);
    await shot("tabs-phone");
    // The system's dark setting: the same pages, dark.
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe("rgb(17, 21, 27)");
    await shot("dashboard-dark-phone");
    await page.goto(`${base}/conversations/${encodeURIComponent(caller)}`);
    await shot("conversation-dark-phone");
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });

    // --- log out: the session is gone ---
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(`${url}/admin/login?done=logged_out`);
    expect(await page.getByRole("status").textContent()).toContain("You are logged out");
    await page.goto(`${url}/admin/businesses/${businessId}`);
    expect(new URL(page.url()).pathname).toBe("/admin/login");

    // No script error and no CSP violation; the one failed load is the wrong-token login (401).
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
