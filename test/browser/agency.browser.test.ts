/**
 * An agency's and an HVAC office's first day, in a real browser (Debian's Chromium through
 * playwright-core) against the real worker under `wrangler dev`, at 1280 and 390 px: the login's
 * admin token folded away, the businesses list saying where a danger waits, a blocked caller's
 * conversation asking for nothing, a long answer whole on the lead card, the Users page's new invite
 * link and ticked removal, the Consent page a dispatcher sees, and Plivo's forward-mode caveat.
 */
import { describe, expect, it } from "vitest";
import { DEMO_PLIVO_ACCOUNT, newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, logInAsOwner, PHONE } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const GAS = "+15122345691";
const FLOOD = "+15122345692";
const FLOOD_PLIVO = "+15122345693";
const SAM = "+17372345691";
const PASSWORD = "violet tractor lantern";
const LONG = "The furnace in the attic makes a loud banging noise every time it starts, and the upstairs bedrooms never get warm";

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (w) => {
    const credentials = { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken };
    const business = async (name: string, e164: string) => {
      const id = (await w.admin<{ id: string }>("POST", "/businesses", { name, timezone: "America/Chicago", preset: "home_services" })).id;
      await w.admin("PATCH", `/businesses/${id}`, { settings: { urgent: { onCall: [{ phone: SAM, name: "Sam" }] } } });
      await w.admin("POST", `/businesses/${id}/numbers`, { e164, carrier: "twilio", credentials });
      return id;
    };
    const gas = await business("Gasworks HVAC", GAS);
    const flood = await business("Floodline Heating", FLOOD);
    await w.admin("POST", `/businesses/${flood}/numbers`, { e164: FLOOD_PLIVO, carrier: "plivo", credentials: DEMO_PLIVO_ACCOUNT, mode: "forward" });
    return { gas, flood };
  },
  timeoutMs: 15_000,
});

/** A missed call to `to` and the caller's reply, once the text-back reached them. */
async function caller(to: string, reply: string): Promise<string> {
  const { w } = suite;
  const from = randomUsNumber();
  await w.sim.placeCall({ from, to, outcome: "no-answer" });
  await eventually(() => w.sim.messages.some((m) => m.to === from), `the text-back to ${from}`);
  const before = w.sim.messages.length;
  await w.sim.sendSms({ from, to, body: reply });
  await eventually(() => w.sim.messages.length > before, `what answers "${reply}"`);
  return from;
}

async function atBothSizes(name: string, check?: () => Promise<void>) {
  const { page, shot, noWiderThan } = suite;
  await page.setViewportSize(DESKTOP);
  await check?.();
  await shot(name);
  await page.setViewportSize(PHONE);
  await noWiderThan(PHONE.width);
  await check?.();
  await shot(`${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

describe("an agency's and an HVAC office's pages in Chromium", () => {
  it("folds the admin token away on the login page, and lands an owner of several businesses on the list that says where a danger waits", async () => {
    const { w, page } = suite;
    await page.goto(`${w.url}/admin/login`);
    await atBothSizes("agency-login", async () => {
      expect(await page.getByLabel("Admin token").isVisible()).toBe(false);
      expect(await page.getByText("Sign in with the admin token").isVisible()).toBe(true);
    });

    const smell = await caller(GAS, "I smell gas in the kitchen");
    await eventually(() => w.sim.messages.some((m) => m.to === SAM), "the page to Sam");
    await caller(FLOOD, "Do you service boilers on weekends?");

    await logInAsOwner(page, w.url, w.adminToken);
    expect(new URL(page.url()).pathname).toBe("/admin/businesses");
    const top = page.getByRole("region", { name: "Needs you now" });
    expect(await top.locator("strong").allTextContents()).toEqual(["Gasworks HVAC"]);
    expect(await top.locator(".chip").allTextContents()).toEqual(["Danger · not taken", "1 urgent page not taken"]);
    expect(await page.locator("tbody tr", { hasText: "Gasworks HVAC" }).locator(".chip").allTextContents()).toEqual(["Danger · not taken", "1 urgent page not taken", "1 needs a reply", "On"]);
    const flood = page.locator("tbody tr", { hasText: "Floodline Heating" });
    expect(await flood.locator(".chip.warn").textContent()).toBe("1 needs a reply");
    await atBothSizes("agency-businesses");

    await top.getByRole("link", { name: "Danger · not taken" }).click();
    await page.waitForURL(`${w.url}/admin/businesses/${suite.fixture.gas}/conversations`);
    expect(await page.locator(`li[data-phone="${smell}"] .chip.danger`).count()).toBe(1);
  });

  it("shows a blocked caller's conversation as Blocked, asking for no reply", async () => {
    const { w, page } = suite;
    const pushy = await caller(FLOOD, "Call me back right now, I have been waiting all day");
    await w.admin("PUT", `/businesses/${suite.fixture.flood}/contacts/${encodeURIComponent(pushy)}`, { name: "Pushy Pete", tags: ["blocked"] });
    await page.goto(`${w.url}/admin/businesses/${suite.fixture.flood}/conversations`);
    const row = page.locator(`li[data-phone="${pushy}"]`);
    await atBothSizes("agency-inbox-blocked", async () => {
      expect(await row.locator(".chip").allTextContents()).toEqual(["Blocked"]);
    });
  });

  it("keeps a long answer whole on the lead card at 390 px", async () => {
    const { w, page } = suite;
    const from = await caller(FLOOD, LONG);
    const { leads } = await w.admin<{ leads: { id: string }[] }>("GET", `/businesses/${suite.fixture.flood}/leads?q=${encodeURIComponent(from)}`);
    await page.goto(`${w.url}/admin/businesses/${suite.fixture.flood}/leads/${leads[0]!.id}`);
    const answer = page.getByLabel("What do you need help with?");
    await atBothSizes("agency-lead-answer", async () => {
      expect(await answer.inputValue()).toBe(LONG);
      // Every line of it on show: the box is as tall as its words.
      expect(await answer.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(2);
    });
  });

  it("makes a new invite link for Jen, replacing the old one, and removes her only once the box is ticked", async () => {
    const { w, page } = suite;
    const { inviteUrl: first } = await w.admin<{ inviteUrl: string }>("POST", "/users", { email: "jen@agency.example", name: "Jen", role: "agent", businessIds: [suite.fixture.flood] });
    await page.goto(`${w.url}/admin/users`);
    const jen = page.locator("tbody tr", { hasText: "jen@agency.example" });
    await jen.getByText("Change Jen").click();
    await atBothSizes("agency-users");
    await jen.getByRole("button", { name: "New invite link" }).click();
    const link = await page.locator("#invite-url").inputValue();
    expect(link).not.toBe(first);
    expect((await fetch(first)).status).toBe(410);
    expect((await fetch(link)).status).toBe(200);

    const again = page.locator("tbody tr", { hasText: "jen@agency.example" });
    await again.getByText("Change Jen").click();
    // Without the tick, the browser itself holds the form back; nothing is removed.
    await again.getByRole("button", { name: "Remove Jen" }).click();
    expect(await again.getByLabel("Yes, remove Jen").evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
    await again.getByLabel("Yes, remove Jen").check();
    await again.getByRole("button", { name: "Remove Jen" }).click();
    await page.waitForURL(/done=user_removed/);
    expect(await page.locator("tbody tr", { hasText: "jen@agency.example" }).count()).toBe(0);
  });

  it("shows a dispatcher's Consent page with no Opt in again, and names her on the opt-out she records", async () => {
    const { w, page } = suite;
    const { inviteUrl } = await w.admin<{ inviteUrl: string }>("POST", "/users", { email: "dana@floodline.example", name: "Dana", role: "agent", businessIds: [suite.fixture.flood] });
    await page.getByRole("button", { name: "Log out" }).click();
    await page.goto(inviteUrl);
    await page.getByLabel("New password").fill(PASSWORD);
    await page.getByLabel("The same password again").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password" }).click();
    await page.waitForURL(/\/admin\/login\?done=password_set/);
    await page.getByLabel("Email", { exact: true }).fill("dana@floodline.example");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    // One business: its leads.
    await page.waitForURL(`${w.url}/admin/businesses/${suite.fixture.flood}/leads`);

    const stop = randomUsNumber();
    await page.goto(`${w.url}/admin/businesses/${suite.fixture.flood}/consent`);
    expect(await page.getByRole("button", { name: "Opt in again" }).count()).toBe(0);
    await page.getByLabel("Phone number").fill(stop);
    await page.getByLabel("Note").fill("Asked by phone");
    await page.getByRole("button", { name: "Opt out", exact: true }).click();
    await page.waitForURL(/done=opted_out$/);
    expect(await page.locator("table").textContent()).toContain("Opted out, by Dana");
    await atBothSizes("agency-consent-agent");
    await page.getByRole("button", { name: "Log out" }).click();
    await logInAsOwner(page, w.url, w.adminToken);
  });

  it("says on the Plivo number's card and on the Add Plivo number form that its voicemail counts as answered", async () => {
    const { w, page } = suite;
    await page.goto(`${w.url}/admin/businesses/${suite.fixture.flood}/numbers`);
    const card = page.locator("section.card", { hasText: "(512) 234-5693" });
    expect(await card.locator(":scope > p.caveat").textContent()).toMatch(/^With Plivo, Textback cannot tell your voicemail from a person/);
    await page.locator("details.card summary").filter({ hasText: /^Plivo$/ }).click();
    const add = page.locator("details.card", { hasText: "Add Plivo number" });
    expect(await add.locator("p.caveat").textContent()).toContain("counts as answered (unless it lasts under 5 seconds) and the caller gets no text");
    await atBothSizes("agency-plivo-caveat");
  });
});
