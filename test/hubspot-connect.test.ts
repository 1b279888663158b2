/**
 * Saving a HubSpot private-app token checks it with HubSpot first (one contact read, against the
 * stand-in of test/support/hubspot.ts): a token HubSpot refuses (401) or that lacks the contacts
 * scope (403) is a 400 naming `token` and nothing is saved; HubSpot down or slow does not stop the
 * owner: the token is saved and the answer says it is unchecked.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, createTwilioLine } from "./support/app";
import { hubspotStandIn } from "./support/hubspot";

afterEach(() => vi.restoreAllMocks());

const TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";
const OTHER = "pat-na1-99999999-8888-7777-6666-555555555555";

const put = (businessId: string, token: string) => api("PUT", `/businesses/${businessId}/crm/hubspot`, { token });

const hookSecret = (businessId: string) =>
  env.DB.prepare("SELECT secret FROM event_hooks WHERE id = ?").bind(`hook_hubspot_${businessId}`).first<{ secret: string }>().then((r) => r?.secret ?? null);

const MISSING_SCOPES = {
  status: "error",
  message: "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
  category: "MISSING_SCOPES",
  errors: [{ message: "One or more of the following scopes are required.", context: { requiredGranularScopes: ["crm.objects.contacts.read"] } }],
};

describe("saving a HubSpot token", () => {
  it("asks HubSpot once with it, and saves a token HubSpot accepts", async () => {
    const hubspot = hubspotStandIn({ token: TOKEN, contacts: [{ phone: "+14155550100" }] });
    const line = await createTwilioLine();
    const res = await put(line.businessId, TOKEN);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ connected: true, tokenCheck: "accepted", lastError: null });
    expect(body).not.toHaveProperty("warning");
    expect(JSON.stringify(body)).not.toContain(TOKEN);
    expect(hubspot.requests).toEqual([{ method: "GET", path: "/crm/v3/objects/contacts", body: undefined, status: 200 }]);
  });

  it("refuses a token HubSpot does not know with 400 naming token, and saves nothing", async () => {
    const hubspot = hubspotStandIn({ token: TOKEN });
    const line = await createTwilioLine();
    const res = await put(line.businessId, OTHER);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/^token: HubSpot does not accept this token/);
    expect(error).toContain("401");
    expect(error).not.toContain(OTHER);
    expect(hubspot.requests.map((r) => r.status)).toEqual([401]);
    expect(await apiJson("GET", `/businesses/${line.businessId}/crm/hubspot`)).toEqual({ connected: false });
    expect(await apiJson("GET", `/businesses/${line.businessId}/hooks`)).toEqual({ hooks: [] });
  });

  it("refuses a token without the contacts scope (403), naming token and the scopes, and keeps the connection it had", async () => {
    const hubspot = hubspotStandIn({ token: TOKEN });
    const line = await createTwilioLine();
    expect((await put(line.businessId, TOKEN)).status).toBe(200);
    const saved = await hookSecret(line.businessId);
    hubspot.script.push({ status: 403, body: MISSING_SCOPES });
    const res = await put(line.businessId, TOKEN);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/^token: .*403/);
    expect(error).toContain("crm.objects.contacts");
    expect(await hookSecret(line.businessId)).toBe(saved);
    expect(await apiJson("GET", `/businesses/${line.businessId}/crm/hubspot`)).toMatchObject({ connected: true });
  });

  it.each<[string, { status: number; body?: unknown; hang?: boolean }]>([
    ["answers 503", { status: 503, body: { status: "error", message: "Service unavailable", category: "SERVICE_UNAVAILABLE" } }],
    ["is rate limiting (429)", { status: 429 }],
    ["does not answer within 5 s", { status: 0, hang: true }],
  ])("saves the token unchecked, and says so, when HubSpot %s", async (_name, answer) => {
    const hubspot = hubspotStandIn({ token: TOKEN });
    hubspot.script.push(answer);
    const line = await createTwilioLine();
    const started = Date.now();
    const res = await put(line.businessId, TOKEN);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { connected: boolean; tokenCheck: string; warning: string };
    expect(body).toMatchObject({ connected: true, tokenCheck: "unchecked" });
    expect(body.warning).toMatch(/HubSpot could not be asked about the token .*saved unchecked/);
    expect(await hookSecret(line.businessId)).not.toBeNull();
  }, 15_000);
});
