/**
 * People (DESIGN.md §7): invites (one use, 72 hours, only a hash at rest), the password rules,
 * login by email and password with one answer for every wrong login, the per-account lock, and
 * sessions that end at once on logout, a password change, a role change and removal.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ACCOUNT_FAILURE_LIMIT } from "../src/admin/login-check";
import { INVITE_TTL_MS } from "../src/admin/users";
import { sweepSessions } from "../src/ops/scheduled";
import { api, apiJson } from "./support/app";
import { get, post, request } from "./support/admin-session";
import { acceptInvite, invite, loginAs, person, PASSWORD, sessionOf, uniqueEmail } from "./support/team";

// Every login hashes a password (600,000 iterations): on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 60_000 });

afterEach(() => vi.useRealTimers());

const business = async (name = "Acme Plumbing") => (await apiJson("POST", "/businesses", { name, timezone: "America/Chicago" })).id as string;
const errorsOf = async (res: Response) => [...(await res.text()).matchAll(/role="alert">\s*<p>([^<]+)<\/p>/g)].map((m) => m[1]);

describe("invites", () => {
  it("answers the owner { id, inviteUrl }, keeps only the token's hash, and works once", async () => {
    const biz = await business();
    const { id, path, token } = await invite("agent", [biz]);
    expect(id).toMatch(/^usr_/);
    expect(token).toMatch(/^[0-9A-Za-z]{43}$/);
    const rows = await env.DB.prepare("select * from invites where user_id = ?").bind(id).all();
    expect(JSON.stringify(rows.results)).not.toContain(token);

    expect((await get(null, path)).status).toBe(200);
    expect((await acceptInvite(path)).status).toBe(303);
    const again = await acceptInvite(path, "another fine passphrase");
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("used, has expired or is not valid");
  });

  it("refuses a tampered link and an expired one", async () => {
    const biz = await business();
    const { path, token } = await invite("viewer", [biz]);
    const tampered = path.replace(token, `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`);
    expect((await get(null, tampered)).status).toBe(410);
    expect((await acceptInvite(tampered)).status).toBe(410);

    const late = await invite("viewer", [biz]);
    vi.useFakeTimers({ now: Date.now() + INVITE_TTL_MS + 1000, toFake: ["Date"] });
    expect((await get(null, late.path)).status).toBe(410);
    expect((await acceptInvite(late.path)).status).toBe(410);
  });

  it("keeps the link working when the password is refused, naming why", async () => {
    const biz = await business();
    const { path } = await invite("agent", [biz]);
    expect(await errorsOf(await acceptInvite(path, "short"))).toEqual([expect.stringMatching(/at least 12 characters/)]);
    expect(await errorsOf(await acceptInvite(path, "password1234"))).toEqual([expect.stringMatching(/common password/)]);
    expect(await errorsOf(await acceptInvite(path, PASSWORD, `${PASSWORD}!`))).toEqual([expect.stringMatching(/the two passwords differ/)]);
    expect((await acceptInvite(path)).status).toBe(303);
  });

  it("refuses bad input by field, and an email that already has an account", async () => {
    const biz = await business();
    const bad = await api("POST", "/users", { email: "nope", name: "", role: "boss", businessIds: [biz] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/email: must be an email address.*name: .*role: must be a role/);
    const noBusiness = await api("POST", "/users", { email: uniqueEmail(), name: "A", role: "agent", businessIds: ["biz_nope"] });
    expect(((await noBusiness.json()) as { error: string }).error).toBe("businessIds: no such business: biz_nope");
    const email = uniqueEmail();
    expect((await api("POST", "/users", { email, name: "A", role: "agent", businessIds: [biz] })).status).toBe(201);
    expect((await api("POST", "/users", { email: email.toUpperCase(), name: "B", role: "agent", businessIds: [biz] })).status).toBe(409);
  });

  it("lists users with their businesses and pending invites", async () => {
    const biz = await business();
    const pending = await invite("manager", [biz]);
    const active = await person("agent", [biz]);
    const { users } = await apiJson("GET", "/users");
    expect(users).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: pending.id, role: "manager", businessIds: [biz], status: "invited", inviteExpiresAt: expect.any(String) }),
        expect.objectContaining({ id: active.id, role: "agent", status: "active", inviteExpiresAt: null }),
      ]),
    );
    expect(JSON.stringify(users)).not.toMatch(/pbkdf2|passwordHash/);
  });
});

describe("login", () => {
  it("logs in with email and password, any case of email", async () => {
    const p = await person("agent", [await business()]);
    const res = await loginAs(p.email.toUpperCase(), p.password);
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-textback_admin=.+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
  });

  it("gives one answer, in similar time, for a wrong password and an unknown email", async () => {
    const p = await person("agent", [await business()]);
    const timed = async (email: string) => {
      const t = performance.now();
      const res = await loginAs(email, "wrong password here");
      return { status: res.status, errors: await errorsOf(res), ms: performance.now() - t };
    };
    const wrong = await timed(p.email);
    const unknown = await timed(uniqueEmail());
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.errors).toEqual(wrong.errors);
    expect(wrong.errors).toEqual(["That email, password or code is not right."]);
    // Both spend one password hash (tens of ms); neither answers early.
    console.log(`login timing: wrong password ${wrong.ms.toFixed(0)} ms, unknown email ${unknown.ms.toFixed(0)} ms`);
    expect(Math.min(wrong.ms, unknown.ms) / Math.max(wrong.ms, unknown.ms)).toBeGreaterThan(0.4);
  });

  it(`locks an account after ${ACCOUNT_FAILURE_LIMIT} failures, whatever the address, the right password too; an unknown email alike`, async () => {
    const p = await person("agent", [await business()]);
    const ghost = uniqueEmail();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      expect((await loginAs(p.email, "not the password")).status).toBe(401);
      expect((await loginAs(ghost, "not the password")).status).toBe(401);
    }
    const locked = await loginAs(p.email, p.password);
    expect(locked.status).toBe(429);
    expect(await errorsOf(locked)).toEqual([expect.stringMatching(/locked for 15 minutes/)]);
    expect(await errorsOf(await loginAs(ghost, "not the password"))).toEqual(await errorsOf(await loginAs(p.email, "x")));
    vi.useFakeTimers({ now: Date.now() + 16 * 60 * 1000, toFake: ["Date"] });
    expect((await loginAs(p.email, p.password)).status).toBe(303);
  });

  it("limits attempts per address with a clear message", async () => {
    const ip = "198.51.100.77";
    // The local limiter counts per clock minute (LOGIN_RL's period): eleven logins that straddle a
    // minute's end would start counting again, so they start where they fit in one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 35_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) last = await loginAs(uniqueEmail(), "whatever it is", {}, ip);
    expect(last!.status).toBe(429);
    expect(await errorsOf(last!)).toEqual(["Too many login attempts from your address. Wait a minute, then try again."]);
  }, 60_000);

  it("still logs the owner in with ADMIN_TOKEN", async () => {
    expect((await request("POST", "/admin/login", { form: { token: "test-admin-token-at-least-32-chars" } })).status).toBe(303);
  });
});

describe("sessions", () => {
  it("end at once on logout, in every copy of the cookie", async () => {
    const p = await person("agent", [await business()]);
    const s = await sessionOf(p);
    expect((await get(s, "/admin/businesses")).status).toBe(200);
    expect((await post(s, "/admin/logout", {})).status).toBe(303);
    const after = await get(s, "/admin/businesses");
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toMatch(/^\/admin\/login/);
  });

  it("end at once on a role change and on removal; a change of name keeps them", async () => {
    const biz = await business();
    const p = await person("manager", [biz]);
    const s = await sessionOf(p);
    expect((await api("PATCH", `/users/${p.id}`, { name: "New name" })).status).toBe(200);
    expect((await get(s, "/admin/businesses")).status).toBe(200);
    expect((await api("PATCH", `/users/${p.id}`, { role: "agent" })).status).toBe(200);
    expect((await get(s, "/admin/businesses")).status).toBe(303);

    const s2 = await sessionOf(p);
    expect((await get(s2, "/admin/businesses")).status).toBe(200);
    expect((await api("DELETE", `/users/${p.id}`)).status).toBe(204);
    expect((await get(s2, "/admin/businesses")).status).toBe(303);
    expect((await loginAs(p.email, p.password)).status).toBe(401);
  });

  it("end after two idle hours, and eight hours after login however busy", async () => {
    const p = await person("viewer", [await business()]);
    const s = await sessionOf(p);
    const start = Date.now();
    vi.useFakeTimers({ now: start + 2 * 3600 * 1000 + 1000, toFake: ["Date"] });
    expect((await get(s, "/admin/businesses")).status).toBe(303);

    vi.useRealTimers();
    const busy = await sessionOf(p);
    const t0 = Date.now();
    for (const hours of [1.5, 3, 4.5, 6, 7.5]) {
      vi.useFakeTimers({ now: t0 + hours * 3600 * 1000, toFake: ["Date"] });
      expect((await get(busy, "/admin/businesses")).status).toBe(200);
    }
    vi.useFakeTimers({ now: t0 + 8 * 3600 * 1000 + 1000, toFake: ["Date"] });
    expect((await get(busy, "/admin/businesses")).status).toBe(303);
  });

  it("ended by time leave D1 at the next cron run; live ones stay", async () => {
    const p = await person("viewer", [await business()]);
    await sessionOf(p);
    await sessionOf(p);
    const count = async () => (await env.DB.prepare("select count(*) n from sessions where user_id = ?").bind(p.id).first<{ n: number }>())!.n;
    expect(await count()).toBe(2);
    const later = Date.now() + 3 * 3600 * 1000;
    await env.DB.prepare("update sessions set last_seen_at = ? where user_id = ?").bind(later - 60_000, p.id).run();
    await env.DB.prepare("update sessions set last_seen_at = 0 where id = (select id from sessions where user_id = ? limit 1)").bind(p.id).run();
    // Other tests' sessions in this file are idle by then too.
    expect(await sweepSessions(env, later)).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(1);
  });
});
