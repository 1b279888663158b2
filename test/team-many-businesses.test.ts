/**
 * The Users page of an operator with more than 100 businesses: each person's form lists only the
 * businesses they work for (to untick) and takes one more by its name or id, instead of a box per
 * business for every person (10,000 businesses made a page of 10,000 boxes a person).
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { invite } from "./support/team";

// Every login hashes a password: on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 60_000 });

let session: Session;
const errorsOf = async (res: Response) => [...(await res.text()).matchAll(/role="alert">\s*<p>([^<]+)<\/p>/g)].map((m) => m[1]);
type Listed = { users: { id: string; email: string; businessIds: string[] }[] };
const businessesOf = async (email: string) => (await apiJson<Listed>("GET", "/users")).users.find((u) => u.email === email)?.businessIds;

beforeAll(async () => {
  session = await newSession();
  const insert = env.DB.prepare("INSERT INTO businesses (id, name, timezone, settings, updated_at) VALUES (?1, ?2, 'America/Chicago', '{}', ?3)");
  const rows = Array.from({ length: 120 }, (_, i) => insert.bind(`biz_many${String(i).padStart(3, "0")}`, `Many Co ${String(i).padStart(3, "0")}`, Date.now()));
  await env.DB.batch([...rows, insert.bind("biz_twin1", "Twin Co", Date.now()), insert.bind("biz_twin2", "twin co", Date.now())]);
});

describe("the Users page with many businesses", () => {
  it("lists each person's own businesses to untick, and a field to add one, not a box per business", async () => {
    await invite("agent", ["biz_many005"], "five@example.com");
    const html = await (await get(session, "/admin/users")).text();
    expect(html).not.toContain("Many Co 006");
    expect(html).toContain('value="biz_many005" checked');
    expect([...html.matchAll(/name="addBusiness"/g)].length).toBeGreaterThanOrEqual(2); // the invite and each person's form
    expect([...html.matchAll(/name="businessIds"/g)].length).toBeLessThan(20);
  });

  it("invites someone to a business typed by its name, in any case", async () => {
    const res = await post(session, "/admin/users", { email: "typed@example.com", name: "Typed", role: "agent", addBusiness: "  many co 007 " });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Invite for typed@example.com");
    expect(await businessesOf("typed@example.com")).toEqual(["biz_many007"]);
  });

  it("adds one by id to the businesses a person keeps ticked", async () => {
    const { id } = await invite("viewer", ["biz_many010"], "keeps@example.com");
    const res = await post(session, `/admin/users/${id}`, { role: "viewer", businessIds: "biz_many010", addBusiness: "biz_many011" });
    expect(res.status).toBe(303);
    expect((await businessesOf("keeps@example.com"))?.sort()).toEqual(["biz_many010", "biz_many011"]);
  });

  it("refuses a name no business has, or two have, naming the field and changing nothing", async () => {
    const { id } = await invite("agent", ["biz_many020"], "refused@example.com");
    const unknown = await post(session, `/admin/users/${id}`, { role: "agent", businessIds: "biz_many020", addBusiness: "Nobody Plumbing" });
    expect(unknown.status).toBe(400);
    expect(await errorsOf(unknown)).toEqual(["addBusiness: no business is named “Nobody Plumbing”"]);
    const twins = await post(session, `/admin/users/${id}`, { role: "agent", businessIds: "biz_many020", addBusiness: "TWIN CO" });
    expect(twins.status).toBe(400);
    expect((await errorsOf(twins))[0]).toMatch(/^addBusiness: more than one business is named “TWIN CO”; give its id/);
    expect(await businessesOf("refused@example.com")).toEqual(["biz_many020"]);
  });
});
