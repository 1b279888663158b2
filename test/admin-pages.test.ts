import { env, exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, ORIGIN, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { clientIp, get, login, newSession, post, request, TOKEN, type Session } from "./support/admin-session";

afterEach(() => vi.restoreAllMocks());

async function businessRow(id: string) {
  return apiJson("GET", `/businesses/${id}`);
}

let session: Session;
let line: TwilioLine;
let caller: string;

beforeAll(async () => {
  session = await newSession();
  const carrier = mockTwilio();
  line = await createTwilioLine({ name: "Pages Plumbing" });
  caller = uniquePhone();
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  await eventually(async () => carrier.to(caller).length === 1);
  vi.restoreAllMocks();
});

const pagesOf = (id: string, phone: string) => [
  "/admin/businesses",
  "/admin/businesses/new",
  `/admin/businesses/${id}`,
  `/admin/businesses/${id}?days=7`,
  `/admin/businesses/${id}/settings`,
  `/admin/businesses/${id}/numbers`,
  `/admin/businesses/${id}/templates`,
  `/admin/businesses/${id}/templates/missed_call`,
  `/admin/businesses/${id}/calls`,
  `/admin/businesses/${id}/conversations`,
  `/admin/businesses/${id}/conversations?q=${encodeURIComponent(phone)}`,
  `/admin/businesses/${id}/conversations/${encodeURIComponent(phone)}`,
  `/admin/businesses/${id}/consent`,
  `/admin/businesses/${id}/consent?phone=${encodeURIComponent(phone)}`,
  `/admin/businesses/${id}/dead-letters`,
];

describe("without a session", () => {
  it("redirects every page to the login form, remembering where it was going", async () => {
    for (const path of [...pagesOf(line.businessId, caller), "/admin", `/admin/businesses/${line.businessId}/consent.csv`]) {
      const res = await get(null, path);
      expect(res.status, path).toBe(303);
      const to = new URL(res.headers.get("location")!, ORIGIN);
      expect(to.pathname).toBe("/admin/login");
      expect(to.searchParams.get("next")).toBe(path);
    }
  });

  it("refuses every form post with 403 and changes nothing", async () => {
    const id = line.businessId;
    const posts: [string, Record<string, string>][] = [
      ["/admin/businesses", { name: "Sneaky", timezone: "America/Chicago" }],
      [`/admin/businesses/${id}/settings`, { name: "Renamed", timezone: "America/Chicago" }],
      [`/admin/businesses/${id}/pause`, { paused: "on" }],
      [`/admin/businesses/${id}/numbers`, { carrier: "twilio", e164: uniquePhone("512") }],
      [`/admin/businesses/${id}/templates/missed_call`, { body: "x", action: "save" }],
      [`/admin/businesses/${id}/conversations/${encodeURIComponent(caller)}/reply`, { body: "hi" }],
      [`/admin/businesses/${id}/conversations/${encodeURIComponent(caller)}/cancel`, { messageId: "m_nope" }],
      [`/admin/businesses/${id}/consent`, { phone: caller, kind: "opt_out" }],
      [`/admin/businesses/${id}/messages/m_nope/retry`, {}],
      ["/admin/logout", {}],
    ];
    for (const [path, form] of posts) {
      const res = await post(null, path, form);
      expect(res.status, path).toBe(403);
      expect(res.headers.get("set-cookie"), path).toBeNull();
    }
    const biz = await businessRow(id);
    expect(biz.name).toBe("Pages Plumbing");
    expect(biz.settings.paused).toBe(false);
  });

  it("treats a forged, tampered or expired cookie as no session", async () => {
    const [id, exp, sig] = session.cookie.split("=")[1]!.split(".");
    const later = String(Number(exp) + 3600);
    for (const value of [`${id}.${later}.${sig}`, `${id}.${exp}.${sig!.slice(0, -2)}AA`, "garbage", `${id}.1.${sig}`]) {
      const res = await get({ cookie: `__Host-textback_admin=${value}`, csrf: "" }, "/admin/businesses");
      expect(res.status, value).toBe(303);
    }
  });
});

describe("login", () => {
  it("shows a labelled password field", async () => {
    const html = await (await get(null, "/admin/login")).text();
    expect(html).toMatch(/<label for="token">/);
    expect(html).toMatch(/<input id="token" name="token" type="password"/);
  });

  it("folds the admin token away behind a disclosure that needs no script, open again after a wrong token", async () => {
    const html = await (await get(null, "/admin/login")).text();
    expect(html).toMatch(/<details class="token-login"><summary>Sign in with the admin token<\/summary><label for="token">/);
    const refused = await (await login("test-admin-toke")).text();
    expect(refused).toMatch(/<details class="token-login" open=""><summary>Sign in with the admin token<\/summary>/);
  });

  it("refuses a wrong token with 401 and sets no cookie", async () => {
    const res = await login("test-admin-toke");
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.text()).toContain("That token is not right");
  });

  it("exchanges the right token for an HttpOnly, Secure, SameSite=Strict session cookie that expires", async () => {
    const res = await login();
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-textback_admin=[\w-]+\.\d+\.[\w-]+;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    // The session's end less the time now: a second may pass between the two under load.
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)![1]);
    expect(maxAge).toBeLessThanOrEqual(8 * 3600);
    expect(maxAge).toBeGreaterThanOrEqual(8 * 3600 - 2);
    // The token itself is never in the cookie.
    expect(cookie).not.toContain(TOKEN);
  });

  it.each([
    ["//evil.example/admin", "/admin"],
    ["https://evil.example/", "/admin"],
    ["/admin/businesses/new", "/admin/businesses/new"],
    ["/adminx", "/admin"],
  ])("after logging in with next=%s, goes to %s", async (next, expected) => {
    const res = await request("POST", "/admin/login", { form: { token: TOKEN, next }, headers: { "cf-connecting-ip": clientIp() } });
    expect(res.headers.get("location")).toBe(expected);
  });

  it("stops an address after 10 attempts a minute, even with the right token", async () => {
    // The local limiter counts in fixed minutes from the epoch: attempts that straddle a minute's
    // end would be counted in two windows, so start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
    const ip = clientIp();
    for (let i = 0; i < 10; i++) expect((await login("wrong-token", ip)).status).toBe(401);
    const res = await login(TOKEN, ip);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(res.headers.get("set-cookie")).toBeNull();
    // Another address is not affected.
    expect((await login()).status).toBe(303);
  });

  it("logs out by clearing the cookie", async () => {
    const own = await newSession();
    const res = await post(own, "/admin/logout", {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/login?done=logged_out");
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-textback_admin=; Max-Age=0/);
  });
});

describe("CSRF", () => {
  it("refuses a form post without the token, and changes nothing", async () => {
    const res = await request("POST", `/admin/businesses/${line.businessId}/pause`, { cookie: session.cookie, form: { paused: "on" } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("out of date");
    expect((await businessRow(line.businessId)).settings.paused).toBe(false);
  });

  it("refuses another session's token", async () => {
    const other = await newSession();
    const res = await post({ cookie: session.cookie, csrf: other.csrf }, `/admin/businesses/${line.businessId}/pause`, { paused: "on" });
    expect(res.status).toBe(403);
    expect((await businessRow(line.businessId)).settings.paused).toBe(false);
  });

  it("refuses a post from another origin even with a valid token", async () => {
    const res = await post(session, `/admin/businesses/${line.businessId}/pause`, { paused: "on" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await businessRow(line.businessId)).settings.paused).toBe(false);
  });

  it("refuses a login post from another origin", async () => {
    const res = await request("POST", "/admin/login", { form: { token: TOKEN }, headers: { origin: "https://evil.example", "cf-connecting-ip": clientIp() } });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses the JSON preview without the token header", async () => {
    const res = await request("POST", `/admin/businesses/${line.businessId}/templates/missed_call/preview`, {
      cookie: session.cookie,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(403);
  });
});

describe("pages", () => {
  it("answers 200 HTML for every page, with a strict CSP whose nonce is on every script", async () => {
    for (const path of pagesOf(line.businessId, caller)) {
      const res = await get(session, path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
      const html = await res.text();
      expect(html.startsWith("<!DOCTYPE html>"), path).toBe(true);
      for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag, path).toContain(`nonce="${nonce}"`);
      // No inline handlers or inline styles: the CSP would block them.
      expect(html, path).not.toMatch(/\son[a-z]+="/);
      expect(html, path).not.toMatch(/\sstyle="/);
    }
  });

  it("serves the stylesheet with a year-long cache, without a session", async () => {
    const html = await (await get(session, "/admin/businesses")).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!;
    const res = await get(null, href);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/css/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("answers a 404 page for an unknown business or page", async () => {
    expect((await get(session, "/admin/businesses/biz_nope")).status).toBe(404);
    expect((await get(session, `/admin/businesses/${line.businessId}/templates/marketing`)).status).toBe(404);
    expect((await get(session, "/admin/nothing-here")).status).toBe(404);
  });

  it("shows the call with its decision in words, and the text in the conversation", async () => {
    const calls = await (await get(session, `/admin/businesses/${line.businessId}/calls`)).text();
    expect(calls).toContain("Texted: no answer");
    const convo = await (await get(session, `/admin/businesses/${line.businessId}/conversations/${encodeURIComponent(caller)}`)).text();
    expect(convo).toContain("Missed call: no answer");
    expect(convo).toContain("Pages Plumbing: sorry we missed your call!");
  });

  it("says a call came after hours when the after-hours text went out, and only then", async () => {
    mockTwilio();
    const closed = await createTwilioLine({ name: "Closed Plumbing" });
    // Open on weekdays, but closed yesterday, today and tomorrow (in its own zone, whatever the hour).
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString("en-CA", { timeZone: "America/Chicago" });
    const weekly = Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]));
    await apiJson("PATCH", `/businesses/${closed.businessId}`, { hours: { weekly, holidays: [day(-1), day(0), day(1)] } });
    const late = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(closed, late, "no-answer"), closed.authToken);
    await eventually(async () => (await apiJson("GET", `/businesses/${closed.businessId}/calls`)).calls.length === 1);
    const page = await (await get(session, `/admin/businesses/${closed.businessId}/calls`)).text();
    expect(page).toContain("No answer, after hours");
    // A business with no hours is always open: its call is a plain one.
    const open = await (await get(session, `/admin/businesses/${line.businessId}/calls`)).text();
    expect(open).toContain("No answer");
    expect(open).not.toContain("after hours");
  });

  it("says when a skipped caller opted out", async () => {
    const optedOut = uniquePhone();
    expect((await post(session, `/admin/businesses/${line.businessId}/consent`, { phone: optedOut, kind: "opt_out" })).status).toBe(303);
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, optedOut, "busy"), line.authToken);
    // The outbox's D1 batch refuses the text and records why, moments after the webhook.
    await eventually(async () => /Not texted: the caller opted out/.test(await (await get(session, `/admin/businesses/${line.businessId}/calls`)).text()));
    const calls = await (await get(session, `/admin/businesses/${line.businessId}/calls`)).text();
    expect(calls).toMatch(/Not texted: the caller opted out on [A-Z][a-z]{2} \d{1,2}/);
  });
});

describe("escaping", () => {
  const NAME = `<script>alert(1)</script>"'&`;

  it("escapes a business name and a caller's text on every page", async () => {
    const carrier = mockTwilio();
    const evil = await createTwilioLine({ name: NAME });
    const from = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(evil, from, "no-answer"), evil.authToken);
    await eventually(async () => carrier.to(from).length === 1);
    await twilioWebhook(
      "/webhooks/twilio/sms",
      { AccountSid: evil.accountSid, MessageSid: `SM${crypto.randomUUID().replace(/-/g, "")}`, From: from, To: evil.e164, Body: `<img src=x onerror=alert(2)>` },
      evil.authToken,
    );
    for (const path of pagesOf(evil.businessId, from)) {
      const html = await (await get(session, path)).text();
      expect(html, path).not.toContain("<script>alert(1)");
      expect(html, path).not.toContain("<img src=x");
      if (!path.endsWith("/businesses/new")) expect(html, path).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    const convo = await (await get(session, `/admin/businesses/${evil.businessId}/conversations/${encodeURIComponent(from)}`)).text();
    expect(convo).toContain("&lt;img src=x onerror=alert(2)&gt;");
  });
});

describe("forms", () => {
  const hoursForm = {
    "hours.mon.0.open": "08:00",
    "hours.mon.0.close": "12:00",
    "hours.mon.1.open": "13:00",
    "hours.mon.1.close": "17:30",
    "hours.sat.0.open": "10:00",
    "hours.sat.0.close": "00:00",
    holidays: "2026-12-25\n2026-01-01",
  };

  it("creates a business with split shifts, holidays and settings, and starts it with templates", async () => {
    const res = await post(session, "/admin/businesses", {
      name: "Form Dental",
      timezone: "America/Denver",
      forwardTo: "(303) 234-5678",
      notifyPhone: "",
      bookingUrl: "https://dental.example/book",
      ...hoursForm,
      cooldownHours: "6",
      dailyCap: "50",
      allowedCountries: "us, ca",
      textDelaySeconds: "0",
      followUpEnabled: "on",
      followUpAfterHours: "4",
      minAnsweredSeconds: "5",
      ringTimeoutSeconds: "20",
      voicemail: "on",
      retentionDays: "365",
    });
    expect(res.status).toBe(303);
    const id = /\/admin\/businesses\/([^/]+)\/numbers\?done=created$/.exec(res.headers.get("location")!)![1]!;
    const biz = await businessRow(id);
    expect(biz).toMatchObject({ name: "Form Dental", timezone: "America/Denver", forwardTo: "+13032345678", notifyPhone: null, bookingUrl: "https://dental.example/book" });
    expect(biz.hours).toEqual({
      weekly: { mon: [{ open: "08:00", close: "12:00" }, { open: "13:00", close: "17:30" }], sat: [{ open: "10:00", close: "24:00" }] },
      holidays: ["2026-12-25", "2026-01-01"],
    });
    expect(biz.settings).toMatchObject({
      cooldownHours: 6,
      dailyCap: 50,
      allowedCountries: ["US", "CA"],
      followUp: { enabled: true, afterHours: 4 },
      voicemail: true,
      shadow: false,
      paused: false,
    });
    expect((await apiJson("GET", `/businesses/${id}/templates`)).templates).toHaveLength(9);

    // The edit form shows it back as entered (midnight as 00:00, a third slot free on Monday).
    const html = await (await get(session, `/admin/businesses/${id}/settings`)).text();
    expect(html).toContain('name="hours.mon.1.close" value="17:30"');
    expect(html).toContain('name="hours.sat.0.close" value="00:00"');
    expect(html).toContain('name="hours.mon.2.open" value=""');
  });

  it("shows every problem with the field's label, keeps what was typed, and creates nothing", async () => {
    const before = (await apiJson("GET", "/businesses")).businesses.length;
    const res = await post(session, "/admin/businesses", {
      name: "Typo Co",
      timezone: "Mars/Olympus",
      forwardTo: "call me",
      cooldownHours: "-1",
      "hours.tue.0.open": "09:00",
      "hours.wed.0.open": "17:00",
      "hours.wed.0.close": "09:00",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Time zone: must be an IANA time zone");
    expect(html).toContain("Forward calls to: &quot;call me&quot; is not a valid phone number");
    expect(html).toContain("Text a caller at most once every (hours):");
    expect(html).toContain("Tuesday, opening 1: give both an opening and a closing time");
    expect(html).toContain("Wednesday, opening 1: open must be before close");
    expect(html).toContain('value="Typo Co"');
    expect((await apiJson("GET", "/businesses")).businesses.length).toBe(before);
  });

  it("edits settings, keeps the webhook secret unless replaced, and pauses with one click", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Edit Me", timezone: "America/Chicago", webhookSecret: "s".repeat(20) });
    const page = await (await get(session, `/admin/businesses/${biz.id}/settings`)).text();
    expect(page).not.toContain("s".repeat(20));
    const form = Object.fromEntries([...page.matchAll(/<input id="f-(\w+)" name="([\w.]+)" type="(?:text|tel|url|number)" value="([^"]*)"/g)].map((m) => [m[2]!, m[3]!]));
    expect(form.name).toBe("Edit Me");
    const res = await post(session, `/admin/businesses/${biz.id}/settings`, { ...form, name: "Edited", dailyCap: "7", voicemail: "on" });
    expect(res.status).toBe(303);
    const after = await businessRow(biz.id);
    expect(after).toMatchObject({ name: "Edited", webhookSecretSet: true });
    expect(after.settings).toMatchObject({ dailyCap: 7, voicemail: true, paused: false });

    expect((await post(session, `/admin/businesses/${biz.id}/pause`, { paused: "on" })).headers.get("location")).toMatch(/done=paused$/);
    expect((await businessRow(biz.id)).settings).toMatchObject({ paused: true, dailyCap: 7 });
    await post(session, `/admin/businesses/${biz.id}/pause`, { paused: "off" });
    expect((await businessRow(biz.id)).settings.paused).toBe(false);
  });

  it("adds a number, shows its webhook URLs, and never shows the auth token", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Numbers Inc", timezone: "America/Chicago" });
    const e164 = uniquePhone("512");
    const authToken = `tok_${crypto.randomUUID()}`;
    const res = await post(session, `/admin/businesses/${biz.id}/numbers`, {
      carrier: "twilio",
      e164,
      mode: "forward",
      "cred.accountSid": `AC${"a1".repeat(16)}`,
      "cred.authToken": authToken,
    });
    expect(res.status).toBe(303);
    const html = await (await get(session, `/admin/businesses/${biz.id}/numbers`)).text();
    expect(html).toContain(`value="${ORIGIN}/webhooks/twilio/voice"`);
    expect(html).toContain(`value="${ORIGIN}/webhooks/twilio/sms"`);
    expect(html).not.toContain(authToken);
    expect((await businessRow(biz.id)).numbers).toEqual([expect.objectContaining({ e164, carrier: "twilio", mode: "forward" })]);

    const again = await post(session, `/admin/businesses/${biz.id}/numbers`, {
      carrier: "twilio",
      e164,
      "cred.accountSid": `AC${"a1".repeat(16)}`,
      "cred.authToken": authToken,
    });
    expect(again.status).toBe(409);
    const text = await again.text();
    expect(text).toContain("is already registered");
    expect(text).not.toContain(authToken);
  });

  it("sends a test text from the number", async () => {
    const carrier = mockTwilio();
    const to = uniquePhone();
    const numberId = (await businessRow(line.businessId)).numbers[0].id;
    const res = await post(session, `/admin/businesses/${line.businessId}/numbers/${numberId}/test`, { to });
    expect(res.headers.get("location")).toMatch(/done=test_sent$/);
    const [sent] = await eventually(async () => carrier.to(to).length === 1 && carrier.to(to));
    expect(sent!.form.get("From")).toBe(line.e164);
    expect(sent!.form.get("Body")).toContain("test text");
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(messages.find((m: { to: string }) => m.to === to)).toMatchObject({ kind: "test", direction: "outbound" });
  });

  it("previews a template as JSON: an emoji makes it UCS-2", async () => {
    const preview = (body: string) =>
      exports.default.fetch(`${ORIGIN}/admin/businesses/${line.businessId}/templates/missed_call/preview`, {
        method: "POST",
        headers: { cookie: session.cookie, "content-type": "application/json", "x-csrf-token": session.csrf },
        body: JSON.stringify({ body }),
      });
    const plain = await (await preview("This is {business}. Call us! Reply STOP to opt out.")).json<any>();
    expect(plain).toMatchObject({ rendered: "This is Pages Plumbing. Call us! Reply STOP to opt out.", encoding: "GSM-7", segments: 1, warnings: [], errors: [] });
    const emoji = await (await preview(`This is {business}. ${"Call us! ".repeat(7)}😊 Reply STOP to opt out.`)).json<any>();
    expect(emoji).toMatchObject({ encoding: "UCS-2", segments: 2 });
    expect(emoji.warnings.map((w: { code: string }) => w.code)).toContain("non_gsm_characters");
  });

  it("saves a template, refuses an empty one, and previews without JavaScript", async () => {
    const path = `/admin/businesses/${line.businessId}/templates/follow_up`;
    const body = "Pages Plumbing again: still need help? Reply here.";
    expect((await post(session, path, { body, action: "save" })).headers.get("location")).toMatch(/done=saved$/);
    expect((await apiJson("GET", `/businesses/${line.businessId}/templates`)).templates.find((t: { kind: string }) => t.kind === "follow_up").body).toBe(body);

    const empty = await post(session, path, { body: "  ", action: "save" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("The message is empty");

    const preview = await post(session, path, { body: "Hi from {business} 😊", action: "preview" });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toMatch(/id="preview-encoding">\s*UCS-2/);
    expect(html).toContain("Hi from Pages Plumbing 😊");
    expect((await apiJson("GET", `/businesses/${line.businessId}/templates`)).templates.find((t: { kind: string }) => t.kind === "follow_up").body).toBe(body);

    const plain = await post(session, path, { body: "We’re here — {business}", action: "plain" });
    expect(await plain.text()).toContain("We&#39;re here - {business}");
  });

  it("sends a manual reply once per form, and refuses one to an opted-out caller", async () => {
    const carrier = mockTwilio();
    const path = `/admin/businesses/${line.businessId}/conversations/${encodeURIComponent(caller)}/reply`;
    const form = { body: "Hi, this is Sam from Pages Plumbing. When suits you?", requestKey: "a".repeat(32) };
    expect((await post(session, path, form)).headers.get("location")).toMatch(/done=reply_sent#m_admin_\w+$/);
    // A double submit of the same form.
    expect((await post(session, path, form)).status).toBe(303);
    const [sent] = await eventually(async () => carrier.to(caller).length >= 1 && carrier.to(caller));
    expect(sent!.form.get("Body")).toBe(form.body);
    expect(sent!.form.get("From")).toBe(line.e164);
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(messages.filter((m: { kind: string; to: string }) => m.kind === "manual" && m.to === caller)).toHaveLength(1);

    const stopped = uniquePhone();
    await post(session, `/admin/businesses/${line.businessId}/consent`, { phone: stopped, kind: "opt_out", note: "asked by phone" });
    const refused = await post(session, `/admin/businesses/${line.businessId}/conversations/${encodeURIComponent(stopped)}/reply`, { body: "hello?" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("opted out");
    expect(carrier.to(stopped)).toHaveLength(0);
  });

  it("records a manual opt-out in the ledger, shows it, and exports it as CSV", async () => {
    const phone = uniquePhone();
    const res = await post(session, `/admin/businesses/${line.businessId}/consent`, { phone: phone.slice(2), kind: "opt_out", note: "asked by email" });
    expect(res.headers.get("location")).toBe(`/admin/businesses/${line.businessId}/consent?phone=${encodeURIComponent(phone)}&done=opted_out`);
    const html = await (await get(session, res.headers.get("location")!)).text();
    expect(html).toMatch(/id="consent-status">Opted out</);
    expect(html).toContain("asked by email");
    expect(await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(phone)}`)).toMatchObject({ status: "opted_out" });
    const csv = await get(session, `/admin/businesses/${line.businessId}/consent.csv`);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain(`${phone},opt_out,admin,,asked by email,`);

    const bad = await post(session, `/admin/businesses/${line.businessId}/consent`, { phone: "123", kind: "opt_out" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Phone number:");
  });

  it("retries a dead letter once, however often the button is pressed", async () => {
    const carrier = mockTwilio();
    const to = uniquePhone();
    const id = `m_dead_${crypto.randomUUID().slice(0, 8)}`;
    const numberId = (await businessRow(line.businessId)).numbers[0].id;
    const now = Date.now();
    await env.DB.prepare(
      `insert into messages (id, business_id, number_id, direction, kind, from_phone, to_phone, body, encoding, segments, status, error_code, error_message, attempts, created_at, updated_at)
       values (?, ?, ?, 'outbound', 'missed_call', ?, ?, 'Sorry we missed you', 'GSM-7', 1, 'dead', '20503', 'Service Unavailable', 7, ?, ?)`,
    )
      .bind(id, line.businessId, numberId, line.e164, to, now, now)
      .run();
    const page = await (await get(session, `/admin/businesses/${line.businessId}/dead-letters`)).text();
    expect(page).toContain("20503: Service Unavailable");

    const retry = `/admin/businesses/${line.businessId}/messages/${id}/retry`;
    expect((await post(session, retry, {})).headers.get("location")).toMatch(/done=retried$/);
    const second = await post(session, retry, {});
    expect(second.status).toBe(409);
    await eventually(async () => carrier.to(to).length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(carrier.to(to)).toHaveLength(1);
    const row = await env.DB.prepare("select status, attempts from messages where id = ?").bind(id).first<{ status: string; attempts: number }>();
    expect(row).toEqual({ status: "sent", attempts: 8 });
  });
});

describe("the dashboard's numbers", () => {
  it("says a business without a number can get no calls, and links to adding one", async () => {
    const session = await newSession();
    const { id } = await apiJson("POST", "/businesses", { name: "No Number Yet Dental", timezone: "America/Chicago" });
    const html = await (await get(session, `/admin/businesses/${id}`)).text();
    expect(html).toContain("This business has no phone number yet, so no calls can reach it.");
    expect(html).toContain(`href="/admin/businesses/${id}/numbers"`);
    expect(html).not.toContain('class="pulses"');
  });
});
