/**
 * A subscriber answering 410 Gone is disabled, not deleted: the audit log says who and why, its
 * deliveries stay readable, the API and the Integrations page show it disabled with the reason,
 * nothing is posted to it meanwhile, and the owner enables it again.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { get, newSession, post } from "./support/admin-session";
import { api, apiJson, createTwilioLine, eventually, settle } from "./support/app";
import { mockSubscribers, optOut, subscribe } from "./support/subscribers";

afterEach(() => vi.restoreAllMocks());

const SECRET_A = "whsec_subscriber_a_0123456789";
const SECRET_B = "whsec_subscriber_b_9876543210";
const REASON = "receiver answered 410 Gone";

const hookRows = (businessId: string) => apiJson("GET", `/businesses/${businessId}/hooks`).then((r) => r.hooks as Record<string, unknown>[]);
const auditOf = (businessId: string) => apiJson("GET", `/audit?entity=business&entityId=${businessId}`).then((r) => r.entries as Record<string, any>[]);

describe("a 410 Gone", () => {
  it("disables the subscriber with an audit entry; its deliveries stay readable; the others go on receiving", async () => {
    const subs = mockSubscribers({ "gone-a.example": { statuses: [410] } });
    const line = await createTwilioLine();
    const a = await subscribe(line.businessId, { url: "https://gone-a.example/hook", events: ["*"], secret: SECRET_A });
    await subscribe(line.businessId, { url: "https://gone-b.example/hook", events: ["*"], secret: SECRET_B });
    await optOut(line.businessId);
    const disabled = await eventually(async () => (await hookRows(line.businessId)).find((h) => h.id === a.id && h.status === "disabled"));
    expect(disabled).toMatchObject({ url: "https://gone-a.example/hook", disabledReason: REASON, lastError: "HTTP 410 Gone" });
    expect(Date.parse(disabled.disabledAt as string)).toBeGreaterThan(Date.now() - 60_000);

    const history = await api("GET", `/hooks/${a.id}/deliveries`);
    expect(history.status).toBe(200);
    expect(((await history.json()) as { deliveries: unknown[] }).deliveries).toMatchObject([{ event: "consent.changed", status: "failed", attempts: 1, lastError: "HTTP 410 Gone" }]);
    expect((await auditOf(line.businessId)).find((e) => e.action === "hook.disable")).toMatchObject({
      actor: "delivery",
      detail: { hookId: a.id, url: "https://gone-a.example/hook", reason: REASON },
    });

    // Disabled: the next events are not even recorded for it, and go on to the other one.
    const second = await optOut(line.businessId);
    await eventually(async () => subs.received("gone-b.example").some((p) => p.body.data.phone === second));
    await settle(200);
    expect(subs.posts.filter((p) => p.host === "gone-a.example").map((p) => p.status)).toEqual([410]);
    expect((await apiJson("GET", `/hooks/${a.id}/deliveries`)).deliveries).toHaveLength(1);
  }, 30_000);

  it("the owner enables it again through the API; it receives the next events, and the audit log says who", async () => {
    const subs = mockSubscribers({ "back.example": { statuses: [410] } });
    const line = await createTwilioLine();
    const a = await subscribe(line.businessId, { url: "https://back.example/hook", events: ["consent.changed"] });
    await optOut(line.businessId);
    await eventually(async () => (await hookRows(line.businessId))[0]?.status === "disabled");
    // A replay to a disabled subscriber would fail at once: refused, saying why.
    const [gone] = (await apiJson("GET", `/hooks/${a.id}/deliveries`)).deliveries;
    const refused = await api("POST", `/deliveries/${gone.id}/replay`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("disabled");

    const enabled = await api("POST", `/hooks/${a.id}/enable`);
    expect(enabled.status).toBe(200);
    expect(await enabled.json()).toMatchObject({ id: a.id, status: "active", disabledAt: null, disabledReason: null });
    expect((await auditOf(line.businessId)).find((e) => e.action === "hook.enable")).toMatchObject({ actor: "admin", detail: { hookId: a.id } });
    expect((await api("POST", `/hooks/${a.id}/enable`)).status).toBe(200);
    expect((await api("POST", "/hooks/hook_nope/enable")).status).toBe(404);

    const phone = await optOut(line.businessId);
    await eventually(async () => subs.received("back.example").some((p) => p.body.data.phone === phone));
    expect((await api("POST", `/deliveries/${gone.id}/replay`)).status).toBe(202);
    await eventually(async () => subs.received("back.example").length === 2);
  }, 30_000);

  it("shows on the Integrations page as disabled, with the reason, and an Enable button that works", async () => {
    mockSubscribers({ "page-gone.example": { statuses: [410] } });
    const line = await createTwilioLine();
    const a = await subscribe(line.businessId, { url: "https://page-gone.example/hook", events: ["consent.changed"] });
    await optOut(line.businessId);
    await eventually(async () => (await hookRows(line.businessId))[0]?.status === "disabled");
    const session = await newSession();
    const page = await (await get(session, `/admin/businesses/${line.businessId}/integrations`)).text();
    expect(page).toContain("https://page-gone.example/hook");
    expect(page).toContain(`Disabled: ${REASON}`);
    const enable = `/admin/businesses/${line.businessId}/hooks/${a.id}/enable`;
    expect(page).toContain(enable);
    expect((await post(session, enable, {})).headers.get("location")).toMatch(/done=enabled$/);
    expect(await hookRows(line.businessId)).toMatchObject([{ id: a.id, status: "active" }]);
    const after = await (await get(session, `/admin/businesses/${line.businessId}/integrations`)).text();
    expect(after).not.toContain(`Disabled: ${REASON}`);
    // Another business's subscriber is not enabled from this page.
    const other = await createTwilioLine();
    expect((await post(session, `/admin/businesses/${other.businessId}/hooks/${a.id}/enable`, {})).status).toBe(404);
  }, 30_000);

  it("from the notifyWebhookUrl subscriber: disabled, the setting kept; a new URL in the setting is a new receiver, enabled", async () => {
    const subs = mockSubscribers({ "crm-gone.example": { statuses: [410] } });
    const line = await createTwilioLine();
    await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm-gone.example/a", webhookSecret: SECRET_A });
    await optOut(line.businessId);
    await eventually(async () => (await hookRows(line.businessId))[0]?.status === "disabled");
    expect((await apiJson("GET", `/businesses/${line.businessId}`)).notifyWebhookUrl).toBe("https://crm-gone.example/a");
    // Saving the business again (another field) leaves it disabled.
    await api("PATCH", `/businesses/${line.businessId}`, { name: "Acme Plumbing & Heating" });
    expect(await hookRows(line.businessId)).toMatchObject([{ status: "disabled", disabledReason: REASON }]);
    await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm-gone.example/b" });
    expect(await hookRows(line.businessId)).toMatchObject([{ url: "https://crm-gone.example/b", status: "active", disabledReason: null }]);
    const phone = await optOut(line.businessId);
    await eventually(async () => subs.received("crm-gone.example").some((p) => p.body.data.phone === phone && p.path === "/b"));
  }, 30_000);
});
