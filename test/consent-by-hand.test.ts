/**
 * Consent changed by hand: an opt-out is anyone's who acts (stopping texts is always safe), an opt-in
 * the owner's or a manager's only, on the page and through the API; the ledger, its page and its CSV
 * name who recorded each.
 */
import { describe, expect, it, vi } from "vitest";
import { mayRecordConsent } from "../src/rules/permissions";
import { api, apiJson, uniquePhone } from "./support/app";
import { get, post } from "./support/admin-session";
import { person, sessionOf, withToken } from "./support/team";

// Every login hashes a password (600,000 iterations): on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const business = async () => (await apiJson("POST", "/businesses", { name: "Cool Air HVAC", timezone: "America/Chicago" })).id as string;
const errorsOf = async (res: Response) => [...(await res.text()).matchAll(/role="alert">\s*<p>([^<]+)<\/p>/g)].map((m) => m[1]);
const ledger = async (biz: string, phone: string) =>
  (await apiJson<{ status: string; events: { kind: string; source: string; actedBy: unknown }[] }>("GET", `/businesses/${biz}/consent/${encodeURIComponent(phone)}`));

describe("who may record consent by hand", () => {
  it("lets anyone who acts opt out, and only an owner or manager opt in", () => {
    expect((["owner", "manager", "agent"] as const).map((r) => mayRecordConsent(r, "opt_out"))).toEqual([true, true, true]);
    expect((["owner", "manager", "agent", "viewer"] as const).map((r) => mayRecordConsent(r, "opt_in"))).toEqual([true, true, false, false]);
  });

  it("refuses a dispatcher's opt-in on the page, with no button for it, and records their opt-out under their name", async () => {
    const biz = await business();
    const caller = uniquePhone();
    const dispatcher = await person("agent", [biz], "Dana Dispatch");
    const s = await sessionOf(dispatcher);
    const page = await (await get(s, `/admin/businesses/${biz}/consent?phone=${encodeURIComponent(caller)}`)).text();
    expect(page).toContain('value="opt_out"');
    expect(page).not.toContain('value="opt_in"');
    expect(page).toContain("Opting a number in again is for the business&#39;s owner or a manager");

    expect((await post(s, `/admin/businesses/${biz}/consent`, { phone: caller, kind: "opt_out", note: "asked by phone" })).status).toBe(303);
    const refused = await post(s, `/admin/businesses/${biz}/consent`, { phone: caller, kind: "opt_in" });
    expect(refused.status).toBe(403);
    expect(await errorsOf(refused)).toEqual([expect.stringMatching(/^only the business&#39;s owner or a manager may opt a number in again by hand/)]);
    const after = await ledger(biz, caller);
    expect(after.status).toBe("opted_out");
    expect(after.events).toEqual([expect.objectContaining({ kind: "opt_out", source: "admin", actedBy: { kind: "user", id: dispatcher.id, name: "Dana Dispatch" } })]);

    const shown = await (await get(s, `/admin/businesses/${biz}/consent?phone=${encodeURIComponent(caller)}`)).text();
    expect(shown).toContain("Opted out, by Dana Dispatch");
    expect(shown).not.toContain("by an admin");
  });

  it("lets a manager opt the caller in again, named on the ledger, the conversation and the CSV", async () => {
    const biz = await business();
    const caller = uniquePhone();
    expect((await api("POST", `/businesses/${biz}/consent`, { phone: caller, kind: "opt_out" })).status).toBe(201);
    const manager = await person("manager", [biz], "Maria Manager");
    const s = await sessionOf(manager);
    expect(await (await get(s, `/admin/businesses/${biz}/consent`)).text()).toContain('value="opt_in"');
    expect((await post(s, `/admin/businesses/${biz}/consent`, { phone: caller, kind: "opt_in", note: "asked in person" })).status).toBe(303);

    expect((await ledger(biz, caller)).status).toBe("opted_in");
    const page = await (await get(s, `/admin/businesses/${biz}/consent?phone=${encodeURIComponent(caller)}`)).text();
    expect(page).toContain("Opted out, by the owner (admin token)");
    expect(page).toContain("Opted in again, by Maria Manager");
    const convo = await (await get(s, `/admin/businesses/${biz}/conversations/${encodeURIComponent(caller)}`)).text();
    expect(convo).toContain("Opted in again, by Maria Manager");
    const csv = await (await api("GET", `/businesses/${biz}/consent.csv`)).text();
    expect(csv).toMatch(new RegExp(`\\r\\n\\${caller},opt_out,admin,,,[^,]+,the owner \\(admin token\\)\\r\\n`));
    expect(csv).toMatch(new RegExp(`\\${caller},opt_in,admin,,asked in person,[^,]+,Maria Manager\\r\\n$`));
  });

  it("refuses an agent's token an opt-in through the API with a 403 naming the field, and changes nothing", async () => {
    const biz = await business();
    const caller = uniquePhone();
    const agent = await person("agent", [biz], "Tech Tom");
    const { token } = await apiJson<{ token: string }>("POST", "/tokens", { userId: agent.id, name: "Tom's phone app" });
    expect((await withToken(token, "POST", `/businesses/${biz}/consent`, { phone: caller, kind: "opt_out" })).status).toBe(201);
    const res = await withToken(token, "POST", `/businesses/${biz}/consent`, { phone: caller, kind: "opt_in" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/^kind: only the business's owner or a manager may opt a number in again by hand/);
    const after = await ledger(biz, caller);
    expect(after.events).toEqual([expect.objectContaining({ kind: "opt_out", actedBy: { kind: "token", id: expect.any(String), name: "Tom's phone app", userId: agent.id } })]);
  });
});
