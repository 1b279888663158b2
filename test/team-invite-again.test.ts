/**
 * A lost or expired invite link made again (DESIGN.md §7's users, extended): only for someone who has
 * not set a password, replacing the old link, audited; inviting their email again points there;
 * removing someone asks for a ticked box; refusals name the role with its article.
 */
import { describe, expect, it, vi } from "vitest";
import { api, apiJson } from "./support/app";
import { get, newSession, post } from "./support/admin-session";
import { acceptInvite, invite, loginAs, person, PASSWORD, uniqueEmail, withToken } from "./support/team";

// Every login hashes a password (600,000 iterations): on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const business = async (name = "Jen's Agency") => (await apiJson("POST", "/businesses", { name, timezone: "America/Chicago" })).id as string;
const errorsOf = async (res: Response) => [...(await res.text()).matchAll(/role="alert">\s*<p>([^<]+)<\/p>/g)].map((m) => m[1]);
const pathOf = (url: string) => new URL(url).pathname;

describe("a new invite link", () => {
  it("replaces the old link through the API: the old one stops working, the new one works, audited", async () => {
    const biz = await business();
    const first = await invite("agent", [biz]);
    const res = await api("POST", `/users/${first.id}/invite`);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; inviteUrl: string; inviteExpiresAt: string };
    expect(body.id).toBe(first.id);
    expect(body.inviteUrl).toMatch(/\/admin\/invite\/[0-9A-Za-z]{43}$/);
    expect(Date.parse(body.inviteExpiresAt)).toBeGreaterThan(Date.now() + 71 * 3600 * 1000);

    expect((await get(null, first.path)).status).toBe(410);
    expect((await acceptInvite(first.path)).status).toBe(410);
    expect((await acceptInvite(pathOf(body.inviteUrl))).status).toBe(303);
    expect((await loginAs(first.email, PASSWORD)).status).toBe(303);

    const { entries } = await apiJson("GET", `/audit?entity=user&entityId=${first.id}`);
    expect(entries.map((e: { action: string }) => e.action)).toContain("user.reinvite");
  });

  it("is refused once the person has set a password, and is a 404 for no such user", async () => {
    const p = await person("viewer", [await business()]);
    const res = await api("POST", `/users/${p.id}/invite`);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/has set a password already/);
    expect((await api("POST", "/users/usr_nope/invite")).status).toBe(404);
  });

  it("is the owner's only", async () => {
    const biz = await business();
    const pending = await invite("agent", [biz]);
    const manager = await person("manager", [biz]);
    const { token } = await apiJson<{ token: string }>("POST", "/tokens", { userId: manager.id, name: "manager's" });
    expect((await withToken(token, "POST", `/users/${pending.id}/invite`)).status).toBe(403);
  });

  it("answers inviting the same email again with the pending invite and where to make a new link", async () => {
    const biz = await business();
    const pending = await invite("agent", [biz], uniqueEmail(), "Jen");
    const again = await api("POST", "/users", { email: pending.email, name: "Jen", role: "agent", businessIds: [biz] });
    expect(again.status).toBe(409);
    const error = ((await again.json()) as { error: string }).error;
    expect(error).not.toMatch(/already has an account/);
    expect(error).toBe(`email: ${pending.email} has an invite not used yet: make a new invite link for Jen on the Users page (POST /api/users/${pending.id}/invite)`);

    const active = await person("agent", [biz]);
    const taken = await api("POST", "/users", { email: active.email, name: "B", role: "agent", businessIds: [biz] });
    expect(((await taken.json()) as { error: string }).error).toBe(`email: ${active.email} already has an account`);
  });

  it("is a button on the Users page for someone invited, showing the new link once", async () => {
    const biz = await business();
    const pending = await invite("agent", [biz], uniqueEmail(), "Jen");
    const active = await person("agent", [biz], "Sam");
    const owner = await newSession();
    const page = await (await get(owner, "/admin/users")).text();
    expect(page).toContain(`action="/admin/users/${pending.id}/invite"`);
    expect(page).not.toContain(`action="/admin/users/${active.id}/invite"`);

    const res = await post(owner, `/admin/users/${pending.id}/invite`, {});
    expect(res.status).toBe(200);
    const html = await res.text();
    const url = /id="invite-url"[^>]*value="([^"]+)"/.exec(html)?.[1];
    expect(url).toMatch(/\/admin\/invite\/[0-9A-Za-z]{43}$/);
    expect(html).toContain(`Invite for ${pending.email}`);
    expect((await get(null, pending.path)).status).toBe(410);
    expect((await get(null, pathOf(url!))).status).toBe(200);
    expect(await errorsOf(await post(owner, `/admin/users/${active.id}/invite`, {}))).toEqual([expect.stringMatching(/has set a password already/)]);
  });
});

describe("removing someone on the Users page", () => {
  it("asks for the box naming them to be ticked, and removes nobody without it", async () => {
    const biz = await business();
    const p = await person("agent", [biz], "Jen");
    const owner = await newSession();
    const page = await (await get(owner, "/admin/users")).text();
    expect(page).toContain(`<input id="remove-${p.id}" type="checkbox" name="confirm" value="${p.id}" required=""`);
    expect(page).toContain("Yes, remove Jen");

    const refused = await post(owner, `/admin/users/${p.id}/remove`, {});
    expect(refused.status).toBe(400);
    expect(await errorsOf(refused)).toEqual(["Tick &quot;Yes, remove Jen&quot; to remove them."]);
    expect((await loginAs(p.email, p.password)).status).toBe(303);

    expect((await post(owner, `/admin/users/${p.id}/remove`, { confirm: p.id })).status).toBe(303);
    expect((await loginAs(p.email, p.password)).status).toBe(401);
  });
});

describe("refusals name the role with its article", () => {
  it.each([
    ["agent", "an agent"],
    ["manager", "a manager"],
    ["viewer", "a viewer"],
  ])("%s with no business", async (role, words) => {
    const res = await api("POST", "/users", { email: uniqueEmail(), name: "A", role, businessIds: [] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe(`businessIds: ${words} needs at least one business`);
  });
});
