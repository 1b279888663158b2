/**
 * HubSpot against a stand-in of its CRM v3 endpoints (test/support/hubspot.ts): a lead creates or
 * updates the contact by phone, adds the conversation as a note, and moves one deal through the
 * pipeline with the amount; idempotent under duplicate deliveries; 429 Retry-After honoured; a
 * refused token shows on the admin page.
 */
import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { deliverEvent } from "../src/notify/deliver";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { hubspotStandIn } from "./support/hubspot";
import { runQueueBatch } from "./support/queue";

afterEach(() => vi.restoreAllMocks());

const TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";

async function connectedLine(): Promise<TwilioLine> {
  const line = await createTwilioLine({ name: "Acme Plumbing" });
  const res = await api("PUT", `/businesses/${line.businessId}/crm/hubspot`, { token: TOKEN });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ connected: true, pipelineId: "default", lastError: null });
  return line;
}

async function missedCallLead(line: TwilioLine, caller = uniquePhone()) {
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  const lead = await eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === caller));
  return { caller, leadId: lead.id as string };
}

const hubspotDeliveries = (line: TwilioLine, event: string) =>
  env.DB.prepare("SELECT id, status, attempts, last_error FROM webhook_deliveries WHERE hook_id = ? AND event = ? ORDER BY created_at")
    .bind(`hook_hubspot_${line.businessId}`, event)
    .all<{ id: string; status: string; attempts: number; last_error: string | null }>()
    .then((r) => r.results);

describe("a lead in HubSpot", () => {
  it("creates the contact by phone, a deal in the pipeline and the conversation note; the deal follows the lead to won with the amount", async () => {
    const hubspot = hubspotStandIn({ token: TOKEN });
    const line = await connectedLine();
    const { caller, leadId } = await missedCallLead(line);
    await eventually(async () => hubspot.all("notes").length === 1);
    const [contact] = hubspot.all("contacts");
    expect(contact!.properties).toEqual({ phone: caller });
    const [deal] = hubspot.all("deals");
    expect(deal!.properties).toMatchObject({ pipeline: "default", dealstage: "appointmentscheduled" });
    expect(deal!.associations).toEqual([{ to: { id: contact!.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 3 }] }]);
    const [note] = hubspot.all("notes");
    expect(note!.associations[0]).toMatchObject({ to: { id: contact!.id }, types: [{ associationTypeId: 202 }] });
    expect(note!.properties.hs_note_body).toContain("Acme Plumbing");

    await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, "Water heater leaking <urgent-ish>"), line.authToken);
    const moves: [Record<string, unknown>, Record<string, string>][] = [
      [{ name: "Dana Whitfield", fields: { address: "1420 Alder St", zip: "94612", service: "water heater" }, status: "qualified" }, { dealstage: "qualifiedtobuy" }],
      [{ status: "booked" }, { dealstage: "presentationscheduled" }],
      [{ status: "won", wonCents: 52_050 }, { dealstage: "closedwon", amount: "520.50" }],
    ];
    for (const [patch, expected] of moves) {
      expect((await api("PATCH", `/leads/${leadId}`, patch)).status).toBe(200);
      await eventually(async () => Object.entries(expected).every(([k, v]) => hubspot.all("deals")[0]!.properties[k] === v));
    }
    expect(hubspot.all("contacts")[0]!.properties).toEqual({ phone: caller, firstname: "Dana", lastname: "Whitfield", address: "1420 Alder St", zip: "94612" });
    expect(hubspot.all("notes")[0]!.properties.hs_note_body).toContain("Water heater leaking &lt;urgent-ish&gt;");
    expect(hubspot.all("deals")[0]!.properties.dealname).toBe("Acme Plumbing: water heater for Dana Whitfield");
    expect([hubspot.all("contacts").length, hubspot.all("deals").length, hubspot.all("notes").length]).toEqual([1, 1, 1]);
  });

  it("updates the contact HubSpot already has for the phone instead of adding one; custom stages are used", async () => {
    const caller = uniquePhone();
    const hubspot = hubspotStandIn({ token: TOKEN, contacts: [{ phone: caller, firstname: "Known", email: "known@example.com" }] });
    const line = await createTwilioLine();
    await api("PUT", `/businesses/${line.businessId}/crm/hubspot`, { token: TOKEN, pipelineId: "77", stages: { new: "s-new" } });
    await missedCallLead(line, caller);
    await eventually(async () => hubspot.all("deals").length === 1);
    expect(hubspot.all("contacts")).toHaveLength(1);
    expect(hubspot.all("contacts")[0]!.properties).toMatchObject({ email: "known@example.com", phone: caller });
    expect(hubspot.all("deals")[0]!.properties).toMatchObject({ pipeline: "77", dealstage: "s-new" });
  });

  it("creates the contact, deal and note once under 20 duplicate deliveries at once, and once more 20 replays later", async () => {
    const hubspot = hubspotStandIn({ token: TOKEN });
    const line = await connectedLine();
    await missedCallLead(line);
    const [created] = await eventually(async () => hubspotDeliveries(line, "lead.created").then((r) => (r.length ? r : null)));
    let pending = Array.from({ length: 20 }, () => created!.id);
    for (let round = 0; pending.length > 0 && round < 20; round++) {
      const results = await Promise.all(pending.map((id) => deliverEvent(env, id, { attempts: 1, baseSeconds: 0 })));
      pending = pending.filter((_, i) => results[i]!.outcome === "retry");
      if (pending.length) await settle(50);
    }
    expect(pending).toEqual([]);
    for (let i = 0; i < 20; i++) {
      expect((await api("POST", `/deliveries/${created!.id}/replay`)).status).toBe(202);
      await eventually(async () => (await hubspotDeliveries(line, "lead.created"))[0]!.status === "delivered");
    }
    await settle(300);
    expect([hubspot.creates("contacts"), hubspot.creates("deals"), hubspot.creates("notes")]).toEqual([1, 1, 1]);
    expect([hubspot.all("contacts").length, hubspot.all("deals").length, hubspot.all("notes").length]).toEqual([1, 1, 1]);
  }, 20_000);

  it("waits as long as HubSpot's Retry-After says when rate limited", async () => {
    const hubspot = hubspotStandIn({ token: TOKEN });
    hubspot.script.push({ status: 429, retryAfter: "7" }, { status: 429, retryAfter: "7" });
    const line = await connectedLine();
    await missedCallLead(line);
    const [created] = await eventually(async () => hubspotDeliveries(line, "lead.created").then((r) => (r.length ? r : null)));
    // Longer than our own wait after a second attempt (60 s ± 10%): HubSpot's stands.
    hubspot.script.splice(0, hubspot.script.length, { status: 429, retryAfter: "120" });
    const batch = createMessageBatch("sms-outbound", [{ id: "q1", timestamp: new Date(), attempts: 1, body: { webhookDeliveryId: created!.id } }]);
    const retry = vi.spyOn(batch.messages[0]!, "retry");
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, OUTBOX_RETRY_BASE_SECONDS: "2" }, ctx);
    await waitOnExecutionContext(ctx);
    expect(retry).toHaveBeenCalledWith({ delaySeconds: 120 });
    expect(hubspot.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
    // Then it goes through, once.
    const again = await runQueueBatch("sms-outbound", [{ webhookDeliveryId: created!.id }]);
    expect(again.retryMessages).toEqual([]);
    await eventually(async () => hubspot.all("notes").length === 1);
    expect(hubspot.creates("contacts")).toBe(1);
  });

  it("a token revoked after it was saved fails the delivery and shows on the admin page until a new one is pasted; the replay then syncs", async () => {
    const hubspot = hubspotStandIn({ token: TOKEN });
    const line = await connectedLine();
    const NEW_TOKEN = "pat-na1-the-token-hubspot-knows-000000";
    hubspot.token = NEW_TOKEN;
    await missedCallLead(line);
    const [failed] = await eventually(async () => hubspotDeliveries(line, "lead.created").then((r) => (r[0]?.status === "failed" ? r : null)));
    expect(failed!.last_error).toMatch(/HubSpot 401/);
    const status = await apiJson("GET", `/businesses/${line.businessId}/crm/hubspot`);
    expect(status.lastError).toMatch(/HubSpot 401: the private-app token was refused/);
    const page = await (await get(await newSession(), `/admin/businesses/${line.businessId}/integrations`)).text();
    expect(page).toContain("HubSpot 401: the private-app token was refused");
    expect(JSON.stringify(status)).not.toContain(TOKEN);

    expect((await apiJson("PUT", `/businesses/${line.businessId}/crm/hubspot`, { token: NEW_TOKEN })).lastError).toBeNull();
    expect((await api("POST", `/deliveries/${failed!.id}/replay`)).status).toBe(202);
    await eventually(async () => hubspot.all("notes").length === 1);
  });

  it("refuses a connection without a usable token, naming the field; disconnecting stops the sync", async () => {
    const line = await createTwilioLine();
    const res = await api("PUT", `/businesses/${line.businessId}/crm/hubspot`, { token: "short" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain("token");
    expect(await apiJson("GET", `/businesses/${line.businessId}/crm/hubspot`)).toEqual({ connected: false });
    await api("PUT", `/businesses/${line.businessId}/crm/hubspot`, { token: TOKEN });
    expect((await api("DELETE", `/businesses/${line.businessId}/crm/hubspot`)).status).toBe(204);
    expect((await api("DELETE", `/businesses/${line.businessId}/crm/hubspot`)).status).toBe(404);
    expect(await apiJson("GET", `/businesses/${line.businessId}/hooks`)).toEqual({ hooks: [] });
  });
});
