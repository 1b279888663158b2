/**
 * One's own page (DESIGN.md §7): an authenticator app turned on from a server-drawn QR code and then
 * asked for at login, a password change that ends every other session, tokens made and revoked
 * there; and the owner's Users page inviting, changing and removing people.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { base32Decode, totp } from "../src/crypto/totp";
import { apiJson } from "./support/app";
import { get, newSession, post } from "./support/admin-session";
import { acceptInvite, loginAs, person, PASSWORD, sessionOf, withToken } from "./support/team";
import { inviteTimeZone } from "../src/admin/pages/users";

// Every login hashes a password (600,000 iterations): on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const business = async (name: string) => (await apiJson("POST", "/businesses", { name, timezone: "America/Chicago" })).id as string;
const now = () => Math.floor(Date.now() / 1000);

describe("one's own page", () => {
  it("turns on an authenticator app from a QR code, which login then asks for, each code once", async () => {
    const p = await person("agent", [await business("Totp Co")]);
    const s = await sessionOf(p);
    const page = await (await get(s, "/admin/account")).text();
    expect(page).toMatch(/<div class="qr" role="img"[^>]*><svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(page)![1]!;
    expect((await post(s, "/admin/account/totp", { secret, code: "000000" })).status).toBe(400);
    const code = await totp(base32Decode(secret), now());
    expect((await post(s, "/admin/account/totp", { secret, code })).status).toBe(303);
    const row = await env.DB.prepare("select totp_secret from users where id = ?").bind(p.id).first<{ totp_secret: string }>();
    expect(row!.totp_secret).not.toContain(secret);

    // The code that turned it on is used up; without a code, or with a wrong one, the answer is the usual one.
    expect((await loginAs(p.email, p.password, { code })).status).toBe(401);
    expect((await loginAs(p.email, p.password)).status).toBe(401);
    const next = await totp(base32Decode(secret), now() + 30);
    expect((await loginAs(p.email, p.password, { code: next })).status).toBe(303);
    expect((await loginAs(p.email, p.password, { code: next })).status).toBe(401);
  });

  it("changes the password: every other session ends, this browser stays logged in", async () => {
    const p = await person("viewer", [await business("Password Co")]);
    const here = await sessionOf(p);
    const elsewhere = await sessionOf(p);
    const weak = await post(here, "/admin/account/password", { current: p.password, password: "password1234", confirm: "password1234" });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain("common password with digits or symbols added");
    const res = await post(here, "/admin/account/password", { current: p.password, password: "amber kettle orbit", confirm: "amber kettle orbit" });
    expect(res.status).toBe(303);
    const cookie = /^([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
    expect((await get(elsewhere, "/admin/businesses")).status).toBe(303);
    expect((await get(here, "/admin/businesses")).status).toBe(303);
    expect((await get({ cookie, csrf: "" }, "/admin/businesses")).status).toBe(200);
    expect((await loginAs(p.email, PASSWORD)).status).toBe(401);
    expect((await loginAs(p.email, "amber kettle orbit")).status).toBe(303);
  });

  it("makes a token shown once, lists when it was last used, and revokes it", async () => {
    const p = await person("agent", [await business("Token Co")]);
    const s = await sessionOf(p);
    const made = await (await post(s, "/admin/account/tokens", { name: "Zapier" })).text();
    const token = /<code class="new-token">(tb_[0-9A-Za-z]{43})<\/code>/.exec(made)![1]!;
    expect((await withToken(token, "GET", "/businesses")).status).toBe(200);
    const page = await (await get(s, "/admin/account")).text();
    expect(page).not.toContain(token);
    expect(page).toMatch(/data-label="Name"><div class="cell-value">Zapier<\/div><\/td><td[^>]* data-label="Made"><div class="cell-value">[^<]+<\/div><\/td><td[^>]* data-label="Last used"><div class="cell-value">[A-Z][a-z]{2} \d/);
    const revoke = /action="(\/admin\/account\/tokens\/tok_[0-9a-f]+\/revoke)"/.exec(page)![1]!;
    expect((await post(s, revoke, {})).status).toBe(303);
    expect((await withToken(token, "GET", "/businesses")).status).toBe(401);
  });
});

describe("the Users page", () => {
  it("reads an invite's expiry in its person's businesses' zone, else the one every business shares, else UTC", () => {
    const zones = new Map([["a", "America/Chicago"], ["b", "America/Chicago"], ["c", "America/Denver"]]);
    expect(inviteTimeZone(["a", "b"], zones)).toBe("America/Chicago");
    expect(inviteTimeZone(["c"], zones)).toBe("America/Denver");
    expect(inviteTimeZone(["a", "c"], zones)).toBe("UTC");
    expect(inviteTimeZone([], new Map([["a", "America/Chicago"]]))).toBe("America/Chicago");
    expect(inviteTimeZone([], zones)).toBe("UTC");
  });

  it("invites with a link shown once, changes a role (ending their sessions), and removes", async () => {
    const biz = await business("Users Co");
    const owner = await newSession();
    const email = `pat.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const invited = await (await post(owner, "/admin/users", { email, name: "Pat", role: "agent", businessIds: biz })).text();
    const url = /<input id="invite-url"[^>]* value="([^"]+)"/.exec(invited)![1]!;
    // A Copy button beside it, shown by the page's script (the CSP's nonce), and the expiry in the business's clock.
    expect(invited).toContain('<button type="button" class="secondary" data-copy="invite-url" hidden="">Copy</button>');
    expect(invited).toMatch(/<script nonce="[^"]+">[\s\S]*button\[data-copy\]/);
    expect(invited).toMatch(/Invited, link works until [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} [AP]M C[SD]T/);
    expect((await get(owner, "/admin/users")).status).toBe(200);
    expect(await (await get(owner, "/admin/users")).text()).not.toContain(url);
    expect(await (await get(owner, "/admin/users")).text()).toContain("Pending invites");
    expect((await acceptInvite(new URL(url).pathname)).status).toBe(303);

    const pat = await sessionOf({ email, password: PASSWORD });
    const { users } = await apiJson("GET", "/users");
    const id = users.find((u: { email: string }) => u.email === email).id;
    expect((await post(owner, `/admin/users/${id}`, { role: "viewer", businessIds: biz })).status).toBe(303);
    expect((await get(pat, "/admin/businesses")).status).toBe(303);
    expect((await apiJson("GET", "/users")).users.find((u: { id: string }) => u.id === id).role).toBe("viewer");
    expect((await post(owner, `/admin/users/${id}/remove`, { confirm: id })).status).toBe(303);
    expect((await loginAs(email, PASSWORD)).status).toBe(401);
  });

  it("is the owner's only: a manager gets 403 and no link to it", async () => {
    const p = await person("manager", [await business("Managed Co")]);
    const s = await sessionOf(p);
    expect((await get(s, "/admin/users")).status).toBe(403);
    const page = await (await get(s, "/admin/businesses")).text();
    expect(page).not.toContain('href="/admin/users"');
    expect(page).not.toContain("New business");
  });
});
