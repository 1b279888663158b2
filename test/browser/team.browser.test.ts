/**
 * Team access in a real browser (Debian's Chromium through playwright-core) against the real worker
 * under `wrangler dev`: the owner invites an agent for one of two businesses, the agent sets a
 * password from the link, logs in, sees only that business's leads and conversations, has no
 * settings, numbers or users pages; logging out in one browser context ends the session copied into
 * another at once. At desktop size and at 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { browserSuite, expectNoWiderThan } from "../support-node/browser-suite";
import { openChromium, PHONE, DESKTOP, type Chromium } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const OWN_NUMBER = "+15122345601";
const OTHER_NUMBER = "+15122345602";
const PASSWORD = "copper lantern meadow";

// The suite's browser is the owner's; the agent has a browser of its own.
const suite = browserSuite({ simulator: { accounts: [ACCOUNT] } });
let agent: Chromium | undefined;

beforeAll(async () => {
  agent = await openChromium();
});

afterAll(async () => {
  await agent?.close();
});

async function lineWithMissedCall(name: string, number: string): Promise<{ id: string; caller: string }> {
  const { w } = suite;
  const { id } = await w.admin<{ id: string }>("POST", "/businesses", { name, timezone: "America/Chicago" });
  await w.admin("POST", `/businesses/${id}/numbers`, { e164: number, carrier: "twilio", credentials: { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken } });
  const caller = randomUsNumber();
  await w.sim.placeCall({ from: caller, to: number, outcome: "no-answer" });
  await eventually(() => w.sim.messages.some((m) => m.to === caller), `text-back from ${name}`);
  return { id, caller };
}

describe("team access in Chromium", () => {
  it("an invited agent sees only its business's leads and conversations, and logout ends its session everywhere", async () => {
    const { w, browser: owner } = suite;
    const url = w.url;
    const own = await lineWithMissedCall("Riverside Plumbing", OWN_NUMBER);
    const other = await lineWithMissedCall("Hilltop Dental", OTHER_NUMBER);

    // --- the owner (ADMIN_TOKEN) invites an agent for Riverside only ---
    const o = owner.page;
    await o.goto(`${url}/admin/login`);
    await owner.shot("team-login");
    await o.getByText("Sign in with the admin token").click();
    await o.getByLabel("Admin token").fill(w.adminToken);
    await o.getByRole("button", { name: "Log in" }).click();
    await o.waitForURL(/\/admin\/businesses(\/|$|\?)/);
    await o.getByRole("link", { name: "Users" }).click();
    await o.getByLabel("Email", { exact: true }).fill("ana@riverside.example");
    await o.getByLabel("Name").fill("Ana Agent");
    await o.getByLabel("Role").selectOption("agent");
    await o.getByRole("group", { name: /Businesses/ }).getByLabel("Riverside Plumbing").check();
    await o.getByRole("button", { name: "Make an invite link" }).click();
    const inviteUrl = (await o.getByLabel("Invite link").inputValue()).trim();
    expect(inviteUrl).toMatch(new RegExp(`^${url}/admin/invite/[0-9A-Za-z]{43}$`));
    await owner.shot("team-users-invited");
    // On a phone the users table is a card per person: the businesses, status and change form on screen, labelled.
    await o.setViewportSize(PHONE);
    await expectNoWiderThan(o, PHONE.width);
    const ana = o.locator("tbody tr", { hasText: "ana@riverside.example" });
    for (const label of ["Businesses", "Status"]) {
      const box = (await ana.locator(`td[data-label="${label}"]`).boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= PHONE.width, `${label} on screen`).toBe(true);
    }
    expect(await ana.locator('td[data-label="Businesses"]').textContent()).toBe("Riverside Plumbing");
    expect((await ana.getByText("Change Ana Agent").boundingBox())!.height).toBeGreaterThanOrEqual(40);
    await owner.shot("team-users-invited-phone");
    await o.setViewportSize(DESKTOP);

    // --- the agent sets a password from the link (a weak one first) and logs in ---
    const a = agent!.page;
    await a.goto(inviteUrl);
    await a.getByLabel("New password").fill("password1234");
    await a.getByLabel("The same password again").fill("password1234");
    await a.getByRole("button", { name: "Set password" }).click();
    await expect.poll(() => a.getByRole("alert").textContent()).toContain("common password");
    await agent!.shot("team-invite-refused");
    await a.getByLabel("New password").fill(PASSWORD);
    await a.getByLabel("The same password again").fill(PASSWORD);
    await a.getByRole("button", { name: "Set password" }).click();
    await a.waitForURL(/\/admin\/login\?done=password_set/);
    await a.getByLabel("Email", { exact: true }).fill("ana@riverside.example");
    await a.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await a.getByRole("button", { name: "Log in" }).click();
    await a.waitForURL(`${url}/admin/businesses/${own.id}/leads`);

    // --- only Riverside: its lead and conversation; no settings, numbers, templates or users ---
    const text = (await a.content()).replace(/\s+/g, " ");
    expect(text).toContain("Riverside Plumbing");
    expect(text).not.toContain("Hilltop Dental");
    const tabs = await a.getByRole("navigation", { name: "Riverside Plumbing sections" }).getByRole("link").allTextContents();
    expect(tabs.map((t) => t.trim())).toEqual(["Leads", "Conversations", "Dashboard", "Calls", "Contacts", "Consent", "Not sent"]);
    expect(await a.getByRole("link", { name: "Users" }).count()).toBe(0);
    await agent!.shot("team-agent-leads");
    await a.goto(`${url}/admin/businesses/${own.id}/conversations/${encodeURIComponent(own.caller)}`);
    expect(await a.getByRole("button", { name: /Send/ }).count()).toBeGreaterThan(0);
    await agent!.shot("team-agent-conversation");
    for (const path of [`/admin/businesses/${own.id}/settings`, `/admin/businesses/${own.id}/numbers`, "/admin/users"]) {
      const res = await a.goto(`${url}${path}`);
      expect(res!.status()).toBe(403);
    }
    const elsewhere = await a.goto(`${url}/admin/businesses/${other.id}/leads`);
    expect(elsewhere!.status()).toBe(404);
    await a.goto(`${url}/admin/businesses`);
    expect(await a.locator("main").textContent()).not.toContain("Hilltop Dental");

    // --- on a phone: the same pages fit 390 px ---
    await a.setViewportSize(PHONE);
    await a.goto(`${url}/admin/businesses/${own.id}/leads`);
    await expectNoWiderThan(a, PHONE.width);
    await agent!.shot("team-agent-leads-phone");
    await a.goto(`${url}/admin/account`);
    await a.getByLabel("New token's name").fill("Zapier on the shop phone");
    await a.getByRole("button", { name: "Make a token" }).click();
    await a.getByRole("button", { name: "Revoke Zapier on the shop phone" }).waitFor();
    await expectNoWiderThan(a, PHONE.width);
    expect(await a.locator(".qr svg").count()).toBe(1);
    await agent!.shot("team-agent-account-phone");
    await a.setViewportSize(DESKTOP);

    // --- the same session in a second browser context: logout in the first ends it there too ---
    const cookies = await agent!.context.cookies();
    const copy = await openChromium();
    try {
      await copy.context.addCookies(cookies);
      await copy.page.goto(`${url}/admin/businesses/${own.id}/leads`);
      expect(new URL(copy.page.url()).pathname).toBe(`/admin/businesses/${own.id}/leads`);
      await a.getByRole("button", { name: "Log out" }).click();
      await a.waitForURL(/\/admin\/login\?done=logged_out/);
      await copy.page.goto(`${url}/admin/businesses/${own.id}/leads`);
      expect(new URL(copy.page.url()).pathname).toBe("/admin/login");
    } finally {
      await copy.close();
    }
    // The refusals above (400, 403, 404) are logged as failed loads; anything else (a CSP violation) is a bug.
    expect([...owner.consoleErrors, ...agent!.consoleErrors].filter((e) => !e.startsWith("Failed to load resource"))).toEqual([]);
  });
});
