/**
 * Personal API tokens (DESIGN.md §7): shown once, kept as SHA-256 only, acting with their user's role
 * and businesses, revoked at once. And the audit log: every change names the user or token behind it.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { api, apiJson } from "./support/app";
import { get, newSession, post } from "./support/admin-session";
import { person, sessionOf, withToken, type Person } from "./support/team";

// Every login hashes a password (600,000 iterations): on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 60_000 });

let own: string;
let other: string;
let agent: Person;
let manager: Person;

beforeAll(async () => {
  own = (await apiJson("POST", "/businesses", { name: "Own Co", timezone: "America/Chicago" })).id;
  other = (await apiJson("POST", "/businesses", { name: "Other Co", timezone: "America/Chicago" })).id;
  agent = await person("agent", [own]);
  manager = await person("manager", [own]);
});

const tokenFor = async (userId: string, name = "integration") => apiJson<{ id: string; token: string }>("POST", "/tokens", { userId, name });

describe("personal API tokens", () => {
  it("are tb_ and 32 random bytes, shown once, and kept only as their SHA-256", async () => {
    const { id, token } = await tokenFor(agent.id);
    expect(token).toMatch(/^tb_[0-9A-Za-z]{43}$/);
    const row = await env.DB.prepare("select * from api_tokens where id = ?").bind(id).first();
    expect(JSON.stringify(row)).not.toContain(token.slice(3));
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)))].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(row).toMatchObject({ token_hash: digest });
    const { tokens } = await apiJson("GET", "/tokens");
    expect(JSON.stringify(tokens)).not.toContain(token.slice(3));
    expect(tokens).toContainEqual(expect.objectContaining({ id, userId: agent.id, name: "integration", lastUsedAt: null }));
  });

  it("act with their user's role and businesses, and show when they were last used", async () => {
    const { id, token } = await tokenFor(agent.id);
    expect((await withToken(token, "GET", `/businesses/${own}/leads`)).status).toBe(200);
    expect((await withToken(token, "GET", `/businesses/${other}/leads`)).status).toBe(404);
    expect((await withToken(token, "PATCH", `/businesses/${own}`, { name: "Renamed" })).status).toBe(403);
    expect((await withToken(token, "GET", "/users")).status).toBe(403);
    const mine = (await (await withToken(token, "GET", "/tokens")).json()) as { tokens: { id: string; lastUsedAt: string | null }[] };
    expect(mine.tokens.map((t) => t.id)).toContain(id);
    expect(mine.tokens.find((t) => t.id === id)!.lastUsedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("are refused at once when revoked, and when their user is removed", async () => {
    const { id, token } = await tokenFor(agent.id);
    expect((await withToken(token, "GET", "/businesses")).status).toBe(200);
    expect((await api("DELETE", `/tokens/${id}`)).status).toBe(204);
    expect((await withToken(token, "GET", "/businesses")).status).toBe(401);

    const leaving = await person("viewer", [own]);
    const second = await tokenFor(leaving.id);
    expect((await withToken(second.token, "GET", "/businesses")).status).toBe(200);
    expect((await api("DELETE", `/users/${leaving.id}`)).status).toBe(204);
    expect((await withToken(second.token, "GET", "/businesses")).status).toBe(401);
  });

  it("are made for oneself; only an owner makes them for someone else", async () => {
    const { token } = await tokenFor(manager.id);
    const self = await withToken(token, "POST", "/tokens", { name: "mine" });
    expect(self.status).toBe(201);
    expect(((await self.json()) as { userId: string }).userId).toBe(manager.id);
    const forOther = await withToken(token, "POST", "/tokens", { name: "theirs", userId: agent.id });
    expect(forOther.status).toBe(403);
    const agentToken = await tokenFor(agent.id);
    expect((await withToken(token, "DELETE", `/tokens/${agentToken.id}`)).status).toBe(404);
    expect((await withToken(agentToken.token, "GET", "/businesses")).status).toBe(200);
    const adminNoUser = await api("POST", "/tokens", { name: "nobody's" });
    expect(adminNoUser.status).toBe(400);
    expect(((await adminNoUser.json()) as { error: string }).error).toMatch(/^userId: required/);
  });
});

describe("the audit log names who changed what", () => {
  it("records the user behind a token, and the token, filtered by ?actor=", async () => {
    const { id: tokenId, token } = await tokenFor(manager.id, "script");
    expect((await withToken(token, "PUT", `/businesses/${own}/templates/missed_call`, { body: "Own Co: sorry we missed you! Reply STOP to opt out." })).status).toBe(200);
    expect((await api("PATCH", `/businesses/${own}`, { settings: { cooldownHours: 6 } })).status).toBe(200);

    const byManager = (await apiJson("GET", `/audit?actor=${manager.id}`)).entries;
    expect(byManager[0]).toMatchObject({ actor: manager.id, actorToken: tokenId, action: "template.put", entityId: `${own}/missed_call` });
    expect(byManager.map((e: { action: string }) => e.action)).not.toContain("business.update");
    const byToken = (await apiJson("GET", `/audit?actor=${tokenId}`)).entries;
    expect(byToken.map((e: { action: string }) => e.action)).toEqual(["template.put"]);
    const byAdmin = (await apiJson("GET", "/audit?actor=admin&entity=business")).entries;
    expect(byAdmin[0]).toMatchObject({ actor: "admin", actorToken: null, action: "business.update", entityId: own });

    // The pages say it too: who last changed a template, and a business's settings, and when.
    const s = await newSession();
    const text = async (path: string) => (await (await get(s, path)).text()).replace(/\s+/g, " ");
    const changedBy = /Last changed by ([^<]+?), ([A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d\d [AP]M)/;
    expect(changedBy.exec(await text(`/admin/businesses/${own}/templates/missed_call`))?.[1]).toBe("Test manager, through the token “script”");
    expect(await text(`/admin/businesses/${own}/templates`)).toContain("Test manager, through the token “script”, ");
    expect(changedBy.exec(await text(`/admin/businesses/${own}/settings`))?.[1]).toBe("the owner (admin token)");
    const viaPage = await sessionOf(manager);
    expect((await post(viaPage, `/admin/businesses/${own}/pause`, { paused: "1" })).status).toBe(303);
    expect(changedBy.exec(await text(`/admin/businesses/${own}/settings`))?.[1]).toBe("Test manager");
  });
});
