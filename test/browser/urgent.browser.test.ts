/**
 * An urgent lead in a real browser (Debian's Chromium through playwright-core) against the real
 * worker under `wrangler dev`, with the Twilio simulator as the carrier, at 1280 and 390 px, as a
 * team member (Carla, an agent) sees it: the page history on the lead card (who was paged, who is
 * next and when), "I'm taking this" on the card and on the caller's conversation, and then who took
 * it, the pages it stopped, her own text and the lead she won, each with her name; and Maria, on
 * call, who is told before she takes a page that the caller's texts will reach her phone.
 */
import { describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { browserSuite } from "../support-node/browser-suite";
import { DESKTOP, PHONE } from "../support-node/chromium";
import { eventually } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const PLUMBER = "+15122345691";
const OWNER = "+15122345699";
const PATEL = "+17372345611";
const MARIA = "+17372345612";
const PASSWORD = "copper lantern meadow";

const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
const escape = (s: string) => s.replace(/[()$.]/g, "\\$&");

const suite = browserSuite({
  simulator: { accounts: [ACCOUNT] },
  setup: async (w) => {
    const id = (await w.admin<{ id: string }>("POST", "/businesses", { name: "Drip Plumbing", timezone: "America/Chicago", preset: "home_services", notifyPhone: OWNER })).id;
    const onCall = [
      { phone: PATEL, name: "Dr. Patel" },
      { phone: MARIA, name: "Maria" },
    ];
    await w.admin("PATCH", `/businesses/${id}`, { settings: { urgent: { onCall, escalateAfterMinutes: 10 } } });
    await w.admin("POST", `/businesses/${id}/numbers`, { e164: PLUMBER, carrier: "twilio", credentials: { accountSid: ACCOUNT.accountSid, authToken: ACCOUNT.authToken } });
    const { inviteUrl } = await w.admin<{ inviteUrl: string }>("POST", "/users", { email: "carla@drip.example", name: "Carla", role: "agent", businessIds: [id] });
    // Maria is on call, and has her own login.
    const maria = await w.admin<{ inviteUrl: string }>("POST", "/users", { email: "maria@drip.example", name: "Maria Lopez", role: "agent", businessIds: [id] });
    return { id, inviteUrl, mariaInvite: maria.inviteUrl };
  },
  timeoutMs: 20_000,
});

/** Carla (or another person) sets her password from the invite and logs in, as she would. */
async function logInAsCarla(inviteUrl = suite.fixture.inviteUrl, email = "carla@drip.example") {
  const { page } = suite;
  await page.goto(inviteUrl);
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByLabel("The same password again").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password" }).click();
  await page.waitForURL(/\/admin\/login\?done=password_set/);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/admin\/businesses\/[^/]+\/leads$/);
}

/** A missed caller whose reply is an emergency: Dr. Patel is paged at once, Maria and the owner are held. */
async function urgentCaller(words: string): Promise<string> {
  const { w } = suite;
  const from = randomUsNumber();
  const toPatel = () => w.sim.messages.filter((m) => m.to === PATEL).length;
  const before = toPatel();
  await w.sim.placeCall({ from, to: PLUMBER, outcome: "no-answer" });
  await eventually(() => w.sim.messages.some((m) => m.to === from), `text-back to ${from}`);
  await w.sim.sendSms({ from, to: PLUMBER, body: words });
  await eventually(() => toPatel() > before, "the page to Dr. Patel");
  return from;
}

const notes = () => suite.page.locator(".timeline .event .note").allInnerTexts();

/** The button on screen, at least 40 px tall, at phone width; then a shot at both sizes. */
async function atBothSizes(name: string) {
  const { page, shot, noWiderThan } = suite;
  await shot(name);
  await page.setViewportSize(PHONE);
  await noWiderThan(PHONE.width);
  const button = page.getByRole("button", { name: "I'm taking this" });
  if ((await button.count()) > 0) {
    const box = (await button.boundingBox())!;
    expect(box.x >= 0 && box.x + box.width <= PHONE.width && box.height >= 40, "the button on screen and big enough to tap").toBe(true);
  }
  await shot(`${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

describe("an urgent lead in Chromium, as a team member", () => {
  it("tells the pages as they happened, and Carla takes the page, texts and wins the lead, each with her name", async () => {
    const { page, w } = suite;
    await logInAsCarla();
    const caller = await urgentCaller("Burst pipe in the basement!! at 12 Oak St");
    await page.goto(`${w.url}/admin/businesses/${suite.fixture.id}/leads`);
    await page.locator(".lead", { hasText: national(caller) }).getByRole("link").first().click();
    await page.waitForURL(/\/leads\/[^/?]+$/);
    expect(await page.locator("main .taken").textContent()).toBe("Urgent: nobody has taken the page yet.");
    const before = await notes();
    expect(before).toContainEqual(expect.stringMatching(new RegExp(`^Paged Dr\\. Patel, ${escape(national(PATEL))} · `)));
    expect(before).toContainEqual(expect.stringMatching(new RegExp(`^Escalates to Maria, ${escape(national(MARIA))} at .+ unless someone takes the page first$`)));
    await atBothSizes("urgent-lead-waiting");

    await page.getByRole("button", { name: "I'm taking this" }).click();
    await page.waitForURL(/\?done=page_taken$/);
    expect(await page.locator("main .taken").textContent()).toMatch(/^Taken by Carla at \w{3} \d{1,2}, \d{1,2}:\d{2} [AP]M$/);
    await eventually(async () => {
      await page.reload();
      const now = await notes();
      return now.some((n) => n.startsWith(`Page to Maria, ${national(MARIA)} not sent: someone took the page`)) && now.some((n) => n.startsWith("Page to the owner not sent"));
    }, "the held pages canceled on the card");
    expect(await notes()).toContainEqual(expect.stringMatching(/^Taken by Carla · /));

    await page.getByLabel(`Text ${national(caller)}`).fill("Carla here: a plumber is on the way");
    await page.getByRole("button", { name: "Send text" }).click();
    await page.waitForURL(/\?done=reply_sent#m_admin_\w+$/);
    expect(await page.locator(".timeline .out", { hasText: "Carla here" }).locator(".meta").innerText()).toMatch(/^Carla · /);
    await page.getByLabel("Won, amount ($)").fill("1,250");
    await page.getByRole("button", { name: "Mark won" }).click();
    await page.waitForURL(/\?done=saved$/);
    expect(await notes()).toContainEqual(expect.stringMatching(/^Won \$1,250\.00 by Carla · /));
    await atBothSizes("urgent-lead-taken");
    expect(w.sim.messages.filter((m) => m.to === MARIA)).toHaveLength(0);
  });

  it("on a phone, Carla takes a page from the caller's conversation and lands back on its lead", async () => {
    const { page, noWiderThan } = suite;
    const caller = await urgentCaller("Water heater leaking everywhere, flooding the garage");
    await page.setViewportSize(PHONE);
    await page.goto(`${suite.w.url}/admin/businesses/${suite.fixture.id}/conversations/${encodeURIComponent(caller)}`);
    const lead = page.locator("#lead");
    expect(await lead.locator(".taken").textContent()).toBe("Urgent: nobody has taken the page yet.");
    await noWiderThan(PHONE.width);
    // The page to Dr. Patel in the caller's story: one line, its words open on a tap.
    const paged = page.locator(".timeline .event.alert", { hasText: "Alerted Dr. Patel (on call): urgent page" });
    await expect.poll(() => paged.locator(".bubble").isVisible()).toBe(false);
    await paged.locator("summary").click();
    expect(await paged.locator(".bubble").textContent()).toContain("Water heater leaking everywhere");
    await suite.shot("urgent-conversation-waiting-phone");
    await lead.getByRole("button", { name: "I'm taking this" }).click();
    await page.waitForURL(/\/conversations\/[^?]+\?done=page_taken#lead$/);
    expect(await page.locator("#lead .taken").textContent()).toMatch(/^Taken by Carla at /);
    expect(await page.getByRole("status").first().textContent()).toContain("The page is yours");
    await noWiderThan(PHONE.width);
    await suite.shot("urgent-conversation-taken-phone");
    await page.setViewportSize(DESKTOP);
    await suite.shot("urgent-conversation-taken");
    expect(suite.consoleErrors).toEqual([]);
  });

  it("Maria, on call, sees where the caller's texts will go, takes the page on the card, and gets them", async () => {
    const { page, w } = suite;
    await page.getByRole("button", { name: "Log out" }).first().click();
    await page.waitForURL(/\/admin\/login/);
    await logInAsCarla(suite.fixture.mariaInvite, "maria@drip.example");
    const caller = await urgentCaller("Basement flooding, water everywhere");
    await page.goto(`${w.url}/admin/businesses/${suite.fixture.id}/leads`);
    await page.locator(".lead", { hasText: national(caller) }).getByRole("link").first().click();
    await page.waitForURL(/\/leads\/[^/?]+$/);
    expect(await page.locator(".take-page .hint").textContent()).toBe(`You're on call as Maria: once you take it, the caller's texts reach ${national(MARIA)} too.`);
    await atBothSizes("urgent-lead-waiting-on-call");
    await page.getByRole("button", { name: "I'm taking this" }).click();
    await page.waitForURL(/\?done=page_taken$/);
    expect(await page.locator("main .taken").textContent()).toMatch(new RegExp(`^Taken by Maria Lopez, ${escape(national(MARIA))} at `));
    await w.sim.sendSms({ from: caller, to: PLUMBER, body: "Gate code is 4411" });
    await eventually(() => w.sim.messages.some((m) => m.to === MARIA && m.body.includes("Gate code is 4411")), "the caller's text relayed to Maria");
    expect(suite.consoleErrors).toEqual([]);
  });
});
