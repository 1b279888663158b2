/**
 * Closing a business down (DELETE /api/businesses/:id): the exact name confirms it, numbers are
 * removed first, everything it owns goes but its consent ledger and the audit log's entry of the close.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deleteOwnedRows } from "../src/admin/business-close";
import { CLOSED_BUSINESS_TABLES, KEPT_BUSINESS_TABLES, tableName } from "../src/db/business-rows";
import { api, apiJson, createTwilioLine, eventually, inboundSms, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller } from "./support/missed-caller";
import { person, withToken } from "./support/team";

afterEach(() => vi.restoreAllMocks());

const count = async (table: string, businessId: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM "${table}" WHERE business_id = ?`).bind(businessId).first<{ n: number }>())!.n;

const close = (businessId: string, body?: unknown) => api("DELETE", `/businesses/${businessId}`, body);

/** A business with a bit of everything: a missed call texted back, a STOP, a contact, a subscriber, a manager. */
async function busyBusiness() {
  const { line, caller } = await missedCaller({ name: `Close Me ${crypto.randomUUID().slice(0, 6)}` });
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, "STOP"), line.authToken)).status).toBe(200);
  await eventually(async () => (await count("consent_events", line.businessId)) > 0);
  await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(uniquePhone())}`, { name: "Tom", tags: ["customer"] });
  expect((await api("POST", `/businesses/${line.businessId}/hooks`, { url: "https://crm.example/hook", events: ["lead.won"] })).status).toBe(201);
  const manager = await person("manager", [line.businessId]);
  const { name } = await apiJson("GET", `/businesses/${line.businessId}`);
  return { line, caller, manager, name: name as string };
}

describe("closing a business", () => {
  it("refuses a wrong or missing confirm with a 400 naming the field, and changes nothing", async () => {
    const line = await createTwilioLine({ name: "Exact Name Plumbing" });
    await api("DELETE", `/businesses/${line.businessId}/numbers/${line.numberId}`);
    for (const body of [undefined, {}, { confirm: "" }, { confirm: "exact name plumbing" }, { confirm: "Exact Name Plumbing " }, { confirm: 7 }]) {
      const res = await close(line.businessId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^confirm: /);
    }
    expect(await count("templates", line.businessId)).toBeGreaterThan(0);
    expect((await api("GET", `/businesses/${line.businessId}`)).status).toBe(200);
  });

  it("refuses while numbers are attached, naming them and what the carrier still does (409)", async () => {
    const line = await createTwilioLine({ name: "Still Wired" });
    const res = await close(line.businessId, { confirm: "Still Wired" });
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain(line.e164);
    expect(error).toMatch(/DELETE \/api\/businesses\/:id\/numbers\/:numberId/);
    expect(error).toMatch(/carrier/);
    expect((await api("GET", `/businesses/${line.businessId}`)).status).toBe(200);
  });

  it("deletes every row of the business but its consent ledger, audits the close, and a second DELETE is a 404", async () => {
    const { line, caller, manager, name } = await busyBusiness();
    const id = line.businessId;
    for (const t of ["calls", "messages", "leads", "contacts", "contact_tags", "event_hooks", "templates", "user_businesses"]) {
      expect(await count(t, id), t).toBeGreaterThan(0);
    }
    const consentBefore = await count("consent_events", id);
    expect((await api("DELETE", `/businesses/${id}/numbers/${line.numberId}`)).status).toBe(204);

    const res = await close(id, { confirm: name });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, closed: true, kept: { consent_events: consentBefore } });

    for (const t of CLOSED_BUSINESS_TABLES.map(tableName)) expect(await count(t, id), t).toBe(0);
    expect(await env.DB.prepare("SELECT 1 FROM businesses WHERE id = ?").bind(id).first()).toBeNull();
    const optOut = await env.DB.prepare("SELECT kind FROM consent_events WHERE business_id = ? AND phone = ? ORDER BY at DESC").bind(id, caller).first();
    expect(optOut).toEqual({ kind: "opt_out" });
    // The person keeps their account; only their access to this business went.
    expect(await env.DB.prepare("SELECT id FROM users WHERE id = ?").bind(manager.id).first()).toEqual({ id: manager.id });
    const { entries } = await apiJson("GET", `/audit?entity=business&entityId=${id}`);
    expect(entries[0]).toMatchObject({ action: "business.close", actor: "admin", detail: { name, kept: ["consent_events"] } });

    expect((await close(id, { confirm: name })).status).toBe(404);
    expect((await api("GET", `/businesses/${id}`)).status).toBe(404);
  });

  it("deletes more rows than one statement's slice, over several rounds", async () => {
    const line = await createTwilioLine({ name: "Many Alerts" });
    await api("DELETE", `/businesses/${line.businessId}/numbers/${line.numberId}`);
    await env.DB.prepare(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4500) INSERT INTO alerts_sent (business_id, key, at) SELECT ?1, 'k' || i, i FROM n",
    )
      .bind(line.businessId)
      .run();
    expect((await close(line.businessId, { confirm: "Many Alerts" })).status).toBe(200);
    expect(await count("alerts_sent", line.businessId)).toBe(0);
  });

  it("a close stopped halfway leaves the business in place, and the same DELETE again finishes it", async () => {
    const line = await createTwilioLine({ name: "Halfway There" });
    await api("DELETE", `/businesses/${line.businessId}/numbers/${line.numberId}`);
    await env.DB.prepare(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) INSERT INTO alerts_sent (business_id, key, at) SELECT ?1, 'k' || i, i FROM n",
    )
      .bind(line.businessId)
      .run();
    // One round's worth of statements: the templates go, 500 alerts are left for the next request.
    expect(await deleteOwnedRows(env.DB, line.businessId, CLOSED_BUSINESS_TABLES.length)).toBe(false);
    expect(await count("templates", line.businessId)).toBe(0);
    expect(await count("alerts_sent", line.businessId)).toBe(500);
    expect((await api("GET", `/businesses/${line.businessId}`)).status).toBe(200);

    expect((await close(line.businessId, { confirm: "Halfway There" })).status).toBe(200);
    expect(await count("alerts_sent", line.businessId)).toBe(0);
    expect((await close(line.businessId, { confirm: "Halfway There" })).status).toBe(404);
  });

  it("is the owner's alone: a manager or agent of the business gets 403 and nothing changes", async () => {
    const line = await createTwilioLine({ name: "Not Yours" });
    await api("DELETE", `/businesses/${line.businessId}/numbers/${line.numberId}`);
    for (const role of ["manager", "agent"] as const) {
      const p = await person(role, [line.businessId]);
      const { token } = await apiJson<{ token: string }>("POST", "/tokens", { userId: p.id, name: "close" });
      expect((await withToken(token, "DELETE", `/businesses/${line.businessId}`, { confirm: "Not Yours" })).status, role).toBe(403);
    }
    expect((await api("GET", `/businesses/${line.businessId}`)).status).toBe(200);
  });

  it("knows every table that holds a business's rows: deleted on close, kept, or refused (numbers)", async () => {
    const { results } = await env.DB.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%business_id%'").all<{ name: string; sql: string }>();
    const owning = results.filter((r) => /[`"]business_id[`"]\s/.test(r.sql)).map((r) => r.name);
    expect(owning).toContain("calls");
    const known = new Set([...CLOSED_BUSINESS_TABLES, ...KEPT_BUSINESS_TABLES].map(tableName).concat("numbers"));
    expect(owning.filter((t) => !known.has(t))).toEqual([]);
  });
});
