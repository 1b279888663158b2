/**
 * Generated from the permission table (src/rules/permissions.ts): every API route and admin page ×
 * every role × their own business and another → the status the table implies. Nobody logged in:
 * the API answers 401, a page sends GETs to the login form (303) and refuses posts (403). Another
 * business's resource: 404 for everyone but an owner. A role the row does not list: 403. A role it
 * lists: a GET answers 200 (the home page redirects, 303), a change gets past the check (not
 * 401/403/404). The table must list every route the app has, and nothing else.
 */
import { env, exports } from "cloudflare:workers";
import { Hono } from "hono";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { requireAccess } from "../src/admin/access";
import { ADMIN_PRINCIPAL, type Principal } from "../src/admin/principal";
import { app } from "../src/app";
import type { Env } from "../src/env";
import { PERMISSIONS, permissionFor, type Permission } from "../src/rules/permissions";
import { ROLES, type Role } from "../src/vocabulary";
import { api, apiJson, ORIGIN, uniquePhone } from "./support/app";
import { request, type Session } from "./support/admin-session";
import { mockTwilio } from "./support/carriers";
import { setupStandIn } from "./support/carrier-setup";
import { missedCaller } from "./support/missed-caller";
import { person, sessionOf, type Person } from "./support/team";

// Each case makes up to 16 requests, and the four logins of beforeAll hash passwords (600,000 iterations): generous on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

interface World {
  businessId: string;
  numberId: string;
  e164: string;
  leadId: string;
  messageId: string;
  phone: string;
  bookingId: string;
  hookId: string;
  deliveryId: string;
  transcriptId: string;
}

type Target = "own" | "other";
type Who = Role | "nobody";

const WHO: readonly Who[] = ["nobody", ...ROLES];
let worlds: Record<Target, World>;
const people = {} as Record<Role, Person>;
const sessions = {} as Record<Role, Session>;
const tokens = {} as Record<Role, string>;

async function world(): Promise<World> {
  const { line, caller } = await missedCaller();
  const [lead] = (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads;
  const [message] = (await apiJson("GET", `/businesses/${line.businessId}/messages`)).messages;
  expect((await api("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(caller)}`, { name: "Pat", tags: ["customer"] })).status).toBe(201);
  const hookId = await freshHook(line.businessId);
  const bookingId = `bk_${crypto.randomUUID()}`;
  const deliveryId = `wh_${crypto.randomUUID()}.${hookId}`;
  const transcriptId = `vt_${crypto.randomUUID()}`;
  await env.DB.batch([
    env.DB.prepare("INSERT INTO voicemail_transcripts (id, business_id, number_id, carrier, carrier_call_id, to_phone, from_phone, source, origin, status, attempts, last_error, created_at, updated_at) VALUES (?, ?, ?, 'vonage', ?, ?, ?, 'https://api.nexmo.com/v1/files/x', ?, 'dead', 7, 'HTTP 500', 0, 0)").bind(transcriptId, line.businessId, line.numberId, transcriptId, line.e164, caller, ORIGIN),
    env.DB.prepare("INSERT INTO bookings (id, business_id, provider, external_id, status, phone, created_at, updated_at) VALUES (?, ?, 'generic', ?, 'booked', ?, 0, 0)").bind(bookingId, line.businessId, bookingId, caller),
    env.DB.prepare("INSERT INTO webhook_deliveries (id, event_id, hook_id, business_id, event, payload, status, attempts, last_error, created_at) VALUES (?, ?, ?, ?, 'consent.changed', ?, 'dead', 7, 'HTTP 500', 0)").bind(deliveryId, deliveryId.split(".")[0], hookId, line.businessId, JSON.stringify(await apiJson("GET", "/events/sample/consent.changed"))),
  ]);
  return { businessId: line.businessId, numberId: line.numberId, e164: line.e164, leadId: lead.id, messageId: message.id, phone: caller, bookingId, hookId, deliveryId, transcriptId };
}

async function freshHook(businessId: string): Promise<string> {
  return (await apiJson("POST", `/businesses/${businessId}/hooks`, { url: `https://crm.example/hooks/${crypto.randomUUID()}`, events: ["lead.won"] })).id;
}

beforeAll(async () => {
  worlds = { own: await world(), other: await world() };
  for (const role of ROLES) {
    const p = (people[role] = await person(role, role === "owner" ? [] : [worlds.own.businessId]));
    sessions[role] = await sessionOf(p);
    tokens[role] = (await apiJson("POST", "/tokens", { userId: p.id, name: `${role} matrix` })).token;
  }
}, 120_000);

beforeEach(() => void mockTwilio());

/** A user or token that a removal or revocation may use up: a fresh one each time (a token of `who`'s own). */
async function throwaway(kind: "user" | "token", who: Who): Promise<string> {
  if (kind === "user") return (await apiJson("POST", "/users", { email: `gone.${crypto.randomUUID()}@example.com`, name: "Gone", role: "owner" })).id;
  const userId = people[who === "nobody" ? "viewer" : who].id;
  return (await apiJson("POST", "/tokens", { userId, name: "throwaway" })).id;
}

/** Whether a route uses up what it names (a number removed, a contact deleted): each case then gets its own. */
const usesUp = (p: Permission) => p.method === "DELETE" || /\/(remove|delete)$/.test(p.path);

async function freshNumber(w: World): Promise<string> {
  const e164 = uniquePhone("512");
  const credentials = { accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: "secret-token" };
  return (await apiJson("POST", `/businesses/${w.businessId}/numbers`, { e164, carrier: "twilio", credentials })).id;
}

async function freshContact(w: World): Promise<string> {
  const phone = uniquePhone();
  expect((await api("PUT", `/businesses/${w.businessId}/contacts/${encodeURIComponent(phone)}`, { name: "Sam", tags: [] })).status).toBe(201);
  return phone;
}

/** What a route needs in place to answer as the table implies: the carrier's number (a check), a connection to remove. */
async function prepare(p: Permission): Promise<void> {
  if (p.path.endsWith("/numbers/:numberId/check")) {
    const s = setupStandIn();
    for (const w of Object.values(worlds)) s.twilio.set(w.e164, { sid: `PN${crypto.randomUUID().replace(/-/g, "")}`, phone_number: w.e164, voice_url: null, sms_url: null, status_callback: null, voice_application_sid: null, sms_application_sid: null });
  }
}

/** The concrete path a row's pattern names in one business's world, for `who`. */
async function pathFor(p: Permission, w: World, who: Who): Promise<string> {
  const fresh = usesUp(p);
  if (p.method === "DELETE" && p.path.endsWith("/crm/hubspot")) expect((await api("PUT", `/businesses/${w.businessId}/crm/hubspot`, { token: `pat-na1-${crypto.randomUUID()}` })).status).toBe(200);
  const values: Record<string, string> = {
    numberId: fresh && p.path.includes(":numberId") ? await freshNumber(w) : w.numberId,
    kind: "missed_call",
    phone: encodeURIComponent(fresh && p.path.includes(":phone") ? await freshContact(w) : w.phone),
    leadId: w.leadId,
    messageId: w.messageId,
    bookingId: w.bookingId,
    hookId: fresh && p.path.includes(":hookId") ? await freshHook(w.businessId) : w.hookId,
    deliveryId: w.deliveryId,
    transcriptId: w.transcriptId,
    type: "lead.won",
    provider: "calcom",
  };
  const hookId = fresh && p.scope === "hook" ? await freshHook(w.businessId) : w.hookId;
  const byScope: Partial<Record<Permission["scope"], string>> = { business: w.businessId, lead: w.leadId, message: w.messageId, booking: w.bookingId, hook: hookId, delivery: w.deliveryId };
  let path = p.path;
  for (const [, name] of p.path.matchAll(/:([A-Za-z]+)/g)) {
    let value = values[name!];
    if (name === "id") value = byScope[p.scope] ?? (await throwaway(p.path.includes("/tokens/") ? "token" : "user", who));
    if (name === "userId") value = await throwaway("user", who);
    if (name === "tokenId") value = await throwaway("token", who);
    path = path.replace(`:${name}`, value!);
  }
  return path;
}

/** A change is sent with an empty body (a form: the session's token, and the world's message for the forms that name one). */
function send(p: Permission, who: Who, path: string, w: World): Promise<Response> {
  if (p.path.startsWith("/api/")) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (who !== "nobody") headers.authorization = `Bearer ${tokens[who]}`;
    return exports.default.fetch(`${ORIGIN}${path}`, { method: p.method, headers, body: p.method === "GET" || p.method === "DELETE" ? undefined : "{}" });
  }
  const s = who === "nobody" ? undefined : sessions[who];
  const form: Record<string, string> = s ? { _csrf: s.csrf, messageId: w.messageId } : {};
  return request(p.method, path, { cookie: s?.cookie, form: p.method === "GET" ? undefined : form });
}

/** What the table says this principal gets; "passes" is anything but 401, 403 and 404. */
function expected(p: Permission, who: Who, target: Target): number | "passes" {
  if (who === "nobody") return p.path.startsWith("/api/") ? 401 : p.method === "GET" ? 303 : 403;
  const scoped = p.scope !== "none" && p.scope !== "public";
  if (scoped && target === "other" && who !== "owner") return 404;
  if (!p.roles.includes(who)) return 403;
  if (p.method !== "GET") return "passes";
  return p.path === "/admin" ? 303 : 200;
}

const actual = (status: number, want: number | "passes") => (want === "passes" && ![401, 403, 404].includes(status) ? "passes" : status);

// Reads first, then changes: a change (a contact deleted, a number removed) must not turn a later read into a 404.
const guarded = PERMISSIONS.filter((p) => p.scope !== "public" && p.path !== "/admin/logout");
const ordered = [...guarded.filter((p) => p.method === "GET"), ...guarded.filter((p) => p.method !== "GET")];

describe("the permission table", () => {
  it("lists every route of the app, and only those", () => {
    const routes = app.routes.filter((r) => r.method !== "ALL" && /^\/(api|admin)(\/|$)/.test(r.path)).map((r) => `${r.method} ${r.path}`);
    expect(routes.filter((r) => !permissionFor(r.split(" ")[0]!, r.split(" ")[1]!))).toEqual([]);
    expect(PERMISSIONS.map((p) => `${p.method} ${p.path}`).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(ordered.map((p) => [`${p.method} ${p.path}`, p] as const))("%s", async (_name, p) => {
    await prepare(p);
    const want: Record<string, number | "passes"> = {};
    const got: Record<string, number | "passes"> = {};
    for (const who of WHO) {
      for (const target of ["own", "other"] as const) {
        if (target === "other" && (who === "nobody" || p.scope === "none")) continue;
        const key = `${who}/${target}`;
        want[key] = expected(p, who, target);
        const res = await send(p, who, await pathFor(p, worlds[target], who), worlds[target]);
        got[key] = actual(res.status, want[key]);
      }
    }
    expect(got).toEqual(want);
  }, 120_000);

  it("lists only the businesses of the one asking", async () => {
    const ids = async (role: Role) => ((await (await send(permissionFor("GET", "/api/businesses")!, role, "/api/businesses", worlds.own)).json()) as { businesses: { id: string }[] }).businesses.map((b) => b.id);
    for (const role of ["manager", "agent", "viewer"] as const) expect(await ids(role)).toEqual([worlds.own.businessId]);
    expect(await ids("owner")).toEqual(expect.arrayContaining([worlds.own.businessId, worlds.other.businessId]));
    const page = await (await request("GET", "/admin/businesses", { cookie: sessions.agent.cookie })).text();
    expect(page).toContain(`/admin/businesses/${worlds.own.businessId}"`);
    expect(page).not.toContain(worlds.other.businessId);
    const home = await request("GET", "/admin", { cookie: sessions.viewer.cookie });
    expect(home.headers.get("location")).toBe(`/admin/businesses/${worlds.own.businessId}/leads`);
  }, 60_000);

  it("refuses a route the table does not list, whoever asks", async () => {
    const probe = new Hono<{ Bindings: Env; Variables: { principal: Principal } }>();
    probe.use("*", async (c, next) => {
      c.set("principal", ADMIN_PRINCIPAL);
      await next();
    });
    probe.use("*", requireAccess((c, status, message) => c.json({ error: message }, status)));
    probe.get("/api/not-in-the-table", (c) => c.json({ ok: true }));
    const res = await probe.request("/api/not-in-the-table", {}, env);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "This route is not in the permission table yet, so it is refused" });
  });

  it("logging out is open to every role, and ends only that session", async () => {
    for (const role of ROLES) {
      const other = await sessionOf(people[role]);
      expect((await request("POST", "/admin/logout", { cookie: other.cookie, form: { _csrf: other.csrf } })).status).toBe(303);
      expect((await request("GET", "/admin/businesses", { cookie: other.cookie })).status).toBe(303);
      expect((await request("GET", "/admin/businesses", { cookie: sessions[role].cookie })).status).toBe(200);
    }
  }, 60_000);
});
